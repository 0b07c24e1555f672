package ncverify.practical;

/**
 * The judgement of one practical check. A real network is not a UFM, so these are qualitative:
 * PASS/FAIL against a named threshold, INCONCLUSIVE when the precondition (near-zero training
 * error, or an objective within the convergence gate of the UFM optimum) failed or a quantity or
 * prediction is not available; NOT_APPLICABLE when the check has no meaning for this input (e.g.
 * NC1's drop with one sample per class). Only FAIL fails a run.
 */
public enum Outcome { PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE }

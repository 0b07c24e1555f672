package ncverify.practical;

/**
 * The judgement of one practical check. A real network is not a UFM, so these are qualitative:
 * PASS/FAIL against a named threshold, INCONCLUSIVE when the precondition (near-zero training
 * error) failed or a quantity or prediction is not available.
 */
public enum Outcome { PASS, FAIL, INCONCLUSIVE }

package ncverify.practical;

import ncverify.claim.Tolerance;

/**
 * One practical check: its outcome, the named threshold it used, the measured value and what the
 * UFM predicts for the same quantity (NaN when there is no prediction), and a one-line reason.
 */
public record PracticalVerdict(String name, Outcome outcome, Tolerance threshold, double measured,
    double predicted, String note) {}

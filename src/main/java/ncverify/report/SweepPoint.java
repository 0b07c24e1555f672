package ncverify.report;

/**
 * One setting of a minority-collapse sweep.
 *
 * @param n         the class size n_k of the swept (minority) class
 * @param measured  the measured collapse quantity at the trained point
 * @param predicted the predicted value, or null when only the threshold is predicted
 */
public record SweepPoint(int n, double measured, Double predicted) {
}

package ncverify.claim;

import ncverify.problem.Setting;

/**
 * A point that contradicts a claim, with everything needed to reproduce it:
 * {@code ncverify verify --claim <id> --setting '<setting>' --seed <seed>}.
 *
 * @param kind what the point shows (see {@link Kind})
 * @param origin how the competing point was found (e.g. "lbfgs seed 12 scale 1.0", "collapse class 2")
 * @param competingObjective the competing point's objective (or the predicted point's, for
 *     NOT_STATIONARY / INCONSISTENT_VALUE)
 */
public record Counterexample(Kind kind, Setting setting, long seed, double predictedObjective,
    double competingObjective, String origin, String detail) {

  /** The kinds of evidence that refute a claim (DESIGN.md, "The evidence rule"). */
  public enum Kind {
    /** A certified point lower than the predicted optimum by more than both error bounds. */
    LOWER_OBJECTIVE,
    /** The predicted point is not stationary; descending from it reaches a lower value. */
    NOT_STATIONARY,
    /** The objective at the predicted point differs from the predicted optimal value. */
    INCONSISTENT_VALUE,
    /** A certified point at the optimal value whose structure differs from the prediction. */
    STRUCTURE_MISMATCH,
    /** The papers' training recipe settles at a non-global critical point (claims about training). */
    TRAINING_STUCK,
    /** Where the papers' training recipe settles, a declared training statement does not hold. */
    TRAINING_MISMATCH
  }
}

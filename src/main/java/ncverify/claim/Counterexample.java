package ncverify.claim;

import ncverify.problem.Setting;

/**
 * A point that contradicts a claim, with everything needed to reproduce it:
 * {@code ncverify verify --claim <id> --setting '<setting>' --seed <seed>}.
 *
 * @param kind LOWER_OBJECTIVE, NOT_STATIONARY, INCONSISTENT_VALUE or STRUCTURE_MISMATCH
 * @param origin how the competing point was found (e.g. "lbfgs seed 12 scale 1.0", "collapse class 2")
 * @param competingObjective the competing point's objective (or the predicted point's, for
 *     NOT_STATIONARY / INCONSISTENT_VALUE)
 */
public record Counterexample(String kind, Setting setting, long seed, double predictedObjective,
    double competingObjective, String origin, String detail) {}

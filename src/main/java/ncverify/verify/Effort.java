package ncverify.verify;

import java.util.List;

/**
 * How hard the verifier searches on one setting.
 *
 * @param initScales initial scales of the random restarts (THEORY §7: small scales get stuck at
 *     zero for M ≥ 2, so large ones are included)
 * @param restartsPerScale random restarts at each scale
 * @param structuredCompetitors whether to polish structured candidates (collapsed subsets, revived
 *     classes, lower rank, swapped classes)
 * @param maxIterations L-BFGS iteration cap per run
 * @param classMeanSearch search competitors on the class-mean problem ({@link
 *     ncverify.train.MultiStart}: Newton–CG, the theory's structured live-set starts, certificates on
 *     the full problem) instead of L-BFGS on the full problem. Fast at depth and size; it takes NC1 at
 *     critical points as given (THEORY.md §3.1), so within-class spread is not re-tested.
 */
public record Effort(List<Double> initScales, int restartsPerScale, boolean structuredCompetitors,
    int maxIterations, boolean classMeanSearch) {

  /** The CI default: three scales, one restart each, all structured competitors, full problem. */
  public static Effort standard() {
    return new Effort(List.of(0.3, 1.0, 3.0), 1, true, 20_000, false);
  }

  /** Deep runs: more restarts per scale. */
  public Effort withRestarts(int perScale) {
    return new Effort(initScales, perScale, structuredCompetitors, maxIterations, classMeanSearch);
  }

  /** The same effort with the class-mean search switched on or off. */
  public Effort withClassMeanSearch(boolean on) {
    return new Effort(initScales, restartsPerScale, structuredCompetitors, maxIterations, on);
  }
}

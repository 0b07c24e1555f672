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
 */
public record Effort(List<Double> initScales, int restartsPerScale, boolean structuredCompetitors,
    int maxIterations) {

  /** The CI default: three scales, one restart each, all structured competitors. */
  public static Effort standard() {
    return new Effort(List.of(0.3, 1.0, 3.0), 1, true, 20_000);
  }

  /** Deep runs: more restarts per scale. */
  public Effort withRestarts(int perScale) {
    return new Effort(initScales, perScale, structuredCompetitors, maxIterations);
  }
}

package ncverify.claim;

/**
 * The suite's judgement. Never VERIFIED by default: VERIFIED needs a certified independent optimum
 * that matches the prediction and no competitor below it; REFUTED needs an exhibited point (lower
 * objective, non-stationary predicted point, or a structure mismatch at a certified optimum);
 * everything else is INCONCLUSIVE.
 */
public enum Verdict {
  VERIFIED, REFUTED, INCONCLUSIVE;

  /** Combines per-setting verdicts: any REFUTED wins, then any INCONCLUSIVE, else VERIFIED. */
  public Verdict and(Verdict other) {
    if (this == REFUTED || other == REFUTED) {
      return REFUTED;
    }
    if (this == INCONCLUSIVE || other == INCONCLUSIVE) {
      return INCONCLUSIVE;
    }
    return VERIFIED;
  }
}

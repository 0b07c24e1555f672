package ncverify.report;

/**
 * The numeric outcome of a claim as reported. Mirrors the verifier's verdict so that this package
 * does not depend on how results are produced; the integrator maps one onto the other.
 */
public enum NumericVerdict {
  /** Every setting tried agreed with the prediction within the named tolerances. */
  VERIFIED,
  /** A setting, seed and point contradict the claim (see the counterexample). */
  REFUTED,
  /** Could not certify: not converged, time limit, numerical trouble. */
  INCONCLUSIVE
}

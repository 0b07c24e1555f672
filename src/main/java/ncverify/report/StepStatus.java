package ncverify.report;

/** Outcome of one step of a symbolic proof transcript. */
public enum StepStatus {
  /** Established symbolically (and cross-checked numerically). */
  VERIFIED,
  /** The computer-algebra system could not establish it; only numeric spot checks passed. */
  NUMERIC_ONLY,
  /** Symbolically or numerically contradicted, or the step could not be checked at all. */
  FAILED
}

package ncverify.symbolic;

/** The outcome of one proof step. Exactly one per step; see proofs/README.md for what each means. */
public enum StepStatus {
  /** Symja reduced lhs − rhs to 0 (or the inequality to True) AND the numeric spot check agreed. */
  VERIFIED_SYMBOLIC,
  /** Symja could not decide, but the relation held at every random point of the declared domain. */
  CHECKED_NUMERIC,
  /** A counterexample point, a symbolic False, a non-numeric value, or a time limit. */
  FAILED;

  /** The worse of two statuses (FAILED &gt; CHECKED_NUMERIC &gt; VERIFIED_SYMBOLIC). */
  static StepStatus worse(StepStatus a, StepStatus b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}

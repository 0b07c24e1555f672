package ncverify.sweep;

import ncverify.problem.Setting;

/** What a sweep computes at one setting: a claim's verdict or a theory's predicted structure. */
public interface Judge {
  /** The label key of a claim's verdicts. */
  String VERDICT = "verdict";
  /** The label key of predicted structures. */
  String STRUCTURE = "structure";

  /**
   * The label (verdict or structure) and value at {@code s}. Deterministic: the same setting gives
   * the same judgement whatever was judged before (the sweep's results and their reuse rest on it).
   */
  Judgement judge(Setting s);

  /**
   * Refuses a setting this judge cannot speak about, before any work (a bad input naming
   * {@code flag}, the setting and the rule); the default accepts everything.
   */
  default void check(String flag, Setting s) {}

  /** The JSON key of the label: {@code verdict} or {@code structure}. */
  String labelKey();

  /**
   * One judged setting.
   *
   * @param label the verdict (VERIFIED, REFUTED, INCONCLUSIVE) or the predicted structure
   * @param optimalValue the predicted optimal value (for deep CE: the lower of the ETF and the best
   *     known construction, an upper bound on f*); NaN if none
   * @param reason why, in one line
   */
  record Judgement(String label, double optimalValue, String reason) {}
}

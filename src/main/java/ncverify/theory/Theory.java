package ncverify.theory;

import ncverify.problem.Setting;

/** The prediction of one claim family for the settings it covers. */
public interface Theory {
  /** Stable family id (kebab-case), e.g. {@code p1-mse-deep-bias-free}. */
  String family();

  /**
   * The family id recorded in the prediction for this setting; a theory whose mathematics covers
   * several published families (balanced and imbalanced counts) names the one the setting is in.
   */
  default String family(Setting s) {
    return family();
  }

  /** Whether this family's theory makes a prediction for the setting (see {@link #applies}). */
  boolean covers(Setting s);

  /**
   * Whether the family's mathematics is about a head with this activation between its layers.
   * Every closed form of the linear head (P1, P2, Zhu, Garrod &amp; Keating, …) is false for a
   * ReLU head, so only families that say so cover activation=relu.
   */
  default boolean coversActivation(ncverify.problem.Activation a) {
    return a == ncverify.problem.Activation.LINEAR;
  }

  /** The one coverage test callers use: the activation and {@link #covers}. */
  static boolean applies(Theory t, Setting s) {
    return t.coversActivation(s.activation()) && t.covers(s);
  }

  /** The prediction; only for settings it {@link #covers}. */
  Prediction predict(Setting s);
}

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

  /** Whether this family's theory makes a prediction for the setting. */
  boolean covers(Setting s);

  /** The prediction; only for settings it {@link #covers}. */
  Prediction predict(Setting s);
}

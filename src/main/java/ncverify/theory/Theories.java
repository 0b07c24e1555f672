package ncverify.theory;

import java.util.List;
import java.util.Optional;
import ncverify.problem.Setting;

/**
 * The registry of theory families, in priority order (the first that covers a setting wins). Used
 * where a bare setting is given ({@code predict}, the practical track); a claim names its own
 * theory instead.
 */
public final class Theories {
  private static final List<Theory> ALL = List.of(
      new MseNarrowTheory(),
      new MseNonnegTheory(),
      new MseRegularizedBiasTheory(),
      new MseBiasFreeTheory(),
      new MseFreeBiasTheory(),
      new CeBalancedEtfTheory(),
      new CeReluImbalancedTheory(),
      new CeLogitConvexTheory(),
      new ReluDncTheory());
  private static final NumericalTheory NUMERICAL = new NumericalTheory();

  private Theories() {}

  /** Every registered family. */
  public static List<Theory> all() {
    return ALL;
  }

  /** The closed-form (or certified convex) family that covers the setting, if any. */
  public static Optional<Theory> forSetting(Setting s) {
    return ALL.stream().filter(t -> Theory.applies(t, s)).findFirst();
  }

  /**
   * The covering family, else (positive regularisers) the {@link NumericalTheory} fallback: a
   * labelled numerical best point, costing several certified L-BFGS runs. For commands that answer
   * one setting (predict), not for loops over many.
   */
  public static Optional<Theory> forSettingOrNumerical(Setting s) {
    return forSetting(s).or(() -> Theory.applies(NUMERICAL, s) ? Optional.of(NUMERICAL) : Optional.empty());
  }

  /** The family with this id. */
  public static Optional<Theory> byFamily(String family) {
    return ALL.stream().filter(t -> t.family().equals(family)).findFirst();
  }

  /** Why no family covers the setting (for the CLI's exit-3 message). */
  public static String whyNotCovered(Setting s) {
    if (s.loss() != ncverify.problem.Loss.MSE && s.loss() != ncverify.problem.Loss.CE) {
      // A loss added to problem.Loss has no theory until a family covers it.
      return "no theory covers this setting: no family covers loss="
          + s.loss().name().toLowerCase(java.util.Locale.ROOT);
    }
    if (Families.positiveRegularisers(s)) {
      return "no closed-form theory covers this setting (predict reports a numerical best point)";
    }
    return "no theory covers this setting: every lambda must be > 0 (with a zero regulariser the "
        + "minimiser is not attained or not unique)";
  }
}

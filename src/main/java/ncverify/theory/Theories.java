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
      new MseBiasFreeTheory(),
      new MseFreeBiasTheory(),
      new CeBalancedEtfTheory(),
      new CeReluImbalancedTheory(),
      new CeLogitConvexTheory());

  private Theories() {}

  /** Every registered family. */
  public static List<Theory> all() {
    return ALL;
  }

  /** The family that covers the setting, if any. */
  public static Optional<Theory> forSetting(Setting s) {
    return ALL.stream().filter(t -> t.covers(s)).findFirst();
  }

  /** The family with this id. */
  public static Optional<Theory> byFamily(String family) {
    return ALL.stream().filter(t -> t.family().equals(family)).findFirst();
  }

  /** Why no family covers the setting (for the CLI's exit-3 message). */
  public static String whyNotCovered(Setting s) {
    StringBuilder why = new StringBuilder("no theory covers this setting: ");
    if (s.loss() != ncverify.problem.Loss.MSE && s.loss() != ncverify.problem.Loss.CE) {
      // A loss added to problem.Loss has no theory until a family covers it.
      why.append("no family covers loss=").append(s.loss().name().toLowerCase(java.util.Locale.ROOT));
    } else if (!Families.positiveRegularisers(s)) {
      why.append("every lambda must be > 0 (with a zero regulariser the minimiser is not attained or not unique)");
    } else if (s.bias() == ncverify.problem.Bias.REGULARIZED) {
      why.append("bias=regularized has no closed-form theory here");
    } else if (s.loss() == ncverify.problem.Loss.MSE) {
      why.append("MSE with features=nonneg is not covered");
    } else if (s.features() == ncverify.problem.Features.NONNEG) {
      why.append("CE with non-negative features is covered only for M=1 and bias=none (P2)");
    } else {
      why.append("imbalanced CE is covered only for M=1 and bias=none (convex logit problem)");
    }
    return why.toString();
  }
}

package ncverify.practical;

import java.util.Optional;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import ncverify.theory.Theory;

/**
 * What the UFM predicts for the {@link Setting} of a practical run (effective λ's, class counts,
 * feature width, head depth, loss, bias, features ≥ 0), taken from {@code ncverify.theory}. This
 * class only adapts; it derives nothing.
 *
 * <p>One mapping needs a reason: for MSE without bias the theory covers free features only. Its
 * minimiser is an orthogonal frame (H̄ᵀH̄ diagonal), which a rotation (W, H) → (WQᵀ, QH) turns
 * into means on distinct coordinate axes, i.e. non-negative features with the same objective.
 * So the constrained (H ≥ 0) minimum equals the free one and every rotation-invariant prediction
 * (norms, Grams, alignment, margins, optimal value) carries over. The same argument fails with a
 * bias (the optimum there has centred, sign-changing means), so that case stays uncovered.
 *
 * @param prediction the theory's prediction
 * @param theory the family id, plus the mapping used
 */
public record UfmPrediction(Prediction prediction, String theory) {

  public double[] classMeanNorms() {
    return java.util.Arrays.stream(prediction.hNormSq()).map(Math::sqrt).toArray();
  }

  public double[] margins() { return prediction.margins(); }
  public double[][] classifierGram() { return prediction.wGram(); }
  public double[][] meanGram() { return prediction.hGram(); }
  /** S with W = S H̄ᵀ, or null where the theory gives none. */
  public double[][] alignment() { return prediction.alignment(); }

  /** The setting the theory is asked about (see the class comment for the MSE mapping). */
  static Setting theorySetting(Setting s) {
    if (s.loss() == Loss.MSE && s.bias() == Bias.NONE && s.features() == Features.NONNEG) {
      return new Setting(s.loss(), s.bias(), Features.FREE, s.counts(), s.d(), s.innerWidths(),
          s.lambdaW(), s.lambdaH(), s.lambdaB());
    }
    return s;
  }

  public static Optional<UfmPrediction> of(Setting setting) {
    Setting asked = theorySetting(setting);
    Optional<Theory> theory = Theories.forSetting(asked);
    if (theory.isEmpty()) {
      return Optional.empty();
    }
    String note = theory.get().family(asked) + (asked.equals(setting) ? ""
        : " (free-feature orthogonal frame, realisable with H >= 0)");
    return Optional.of(new UfmPrediction(theory.get().predict(asked), note));
  }

  /** Why there is no prediction for the setting. */
  public static String whyNot(Setting setting) {
    return Theories.whyNotCovered(theorySetting(setting));
  }
}

package ncverify.practical;

import java.util.Optional;
import ncverify.problem.Setting;

/**
 * What the UFM predicts for the {@link Setting} that corresponds to a practical run (effective
 * λ's, class counts, feature width, head depth, loss, bias, features ≥ 0), taken from
 * {@code ncverify.theory}. This class only adapts: it must not derive predictions itself.
 *
 * <p>INTEGRATION POINT (ncverify.theory): until that package is merged, {@link #of} returns empty
 * and every comparison with the theory is INCONCLUSIVE with the reason stated.
 *
 * @param classMeanNorms predicted ‖h̄_k‖
 * @param margins predicted class margins (NaN entries where the theory gives none)
 * @param classifierGram predicted W Wᵀ
 * @param meanGram predicted H̄ᵀH̄
 * @param alignment S with predicted W = S H̄ᵀ (K × K)
 * @param theory which claim/closed form produced it
 */
public record UfmPrediction(double[] classMeanNorms, double[] margins, double[][] classifierGram,
    double[][] meanGram, double[][] alignment, String theory) {

  public static final String UNAVAILABLE = "UFM prediction unavailable: ncverify.theory is not merged";

  public static Optional<UfmPrediction> of(Setting setting) {
    return Optional.empty();
  }

  public static String whyNot(Setting setting) {
    return UNAVAILABLE;
  }
}

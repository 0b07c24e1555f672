package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * MSE, deep linear (any M), free features, bias none or free, with narrow widths: the rank
 * r = min(d, d_1, …, d_{M−1}) is below the number of modes P1's solution uses (K without bias,
 * K−1 with a free bias). Issue 13, item 3; derivation in {@code proofs/mse-narrow-features.m}.
 *
 * <p>Derivation used: the reduction of {@link MseBiasFreeTheory} (or {@link MseFreeBiasTheory})
 * gives f = ‖Z − T‖²/(2N) + c_M Σ_i σ_i(Z)^{2/(M+1)} with rank(Z) ≤ r and T = D^{1/2} (bias-free)
 * or the weighted-centred target. Mirsky's inequality bounds the loss below by
 * Σ_{i≤r}(z_i − σ_i)² + Σ_{i>r} σ_i², so f* = Σ_i σ_i²/(2N) − Σ_{i≤r} gain(σ_i), gain(σ) =
 * σ²/(2N) − min_z φ_σ(z) ≥ 0, non-decreasing in σ. The optimum keeps the r best-served modes: the r
 * largest classes (bias-free; ties flagged), each with P1's per-class solution; the other classes
 * collapse (w_k = 0, h̄_k = 0). The bound is attained, so this is a theorem for every M.
 */
public final class MseNarrowTheory implements Theory {
  @Override
  public String family() {
    return "mse-narrow-features";
  }

  @Override
  public boolean covers(Setting s) {
    if (s.loss() != Loss.MSE || s.features() != Features.FREE || !Families.positiveRegularisers(s)) {
      return false;
    }
    return (s.bias() == Bias.NONE && s.rank() < s.K())
        || (s.bias() == Bias.FREE && s.rank() < s.K() - 1);
  }

  @Override
  public Prediction predict(Setting s) {
    return s.bias() == Bias.NONE ? MseBiasFreeTheory.predictSelected(s, family())
        : MseFreeBiasTheory.predictSelected(s, family());
  }
}

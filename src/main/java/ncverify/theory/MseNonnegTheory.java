package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * MSE, deep linear (any M), bias-free, non-negative features H ≥ 0, any width (issue 13, item 4;
 * {@code proofs/mse-nonneg-features.m}).
 *
 * <p>Derivation used: the constraint set is smaller, so f*_{H≥0} ≥ f*_free. Every free optimum of
 * bias-free MSE has an orthogonal frame of class means (H̄ᵀH̄ diagonal: Z shares the singular
 * vectors of the diagonal target D^{1/2}, and within a block of equal counts Z is a multiple of the
 * identity); the live means are at most r = rank ≤ d many, so one rotation of the feature space
 * puts each on its own coordinate axis with a positive sign (the last layer rotates along). That
 * point is feasible and free-optimal, hence the constraint is inactive and f*_{H≥0} = f*_free,
 * with the free minimiser of {@link MseBiasFreeTheory} / {@link MseNarrowTheory} (whose means
 * already lie on positive axes). With a free bias the opposite holds: every free optimum has
 * Σ_k n_k h̄_k = 0, which H ≥ 0 allows only at H = 0, so the constraint is active unless the free
 * optimum is the origin; that case has no closed form here (numerical best point).
 */
public final class MseNonnegTheory implements Theory {
  @Override
  public String family() {
    return "mse-nonneg-features";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.features() == Features.NONNEG && s.bias() == Bias.NONE
        && Families.positiveRegularisers(s);
  }

  @Override
  public Prediction predict(Setting s) {
    return MseBiasFreeTheory.predictSelected(s, family());
  }
}

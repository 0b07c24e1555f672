package ncverify.claim.catalog;

import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseBiasFreeTheory;

/** Deep linear MSE, balanced, bias-free: orthogonal frame */
public final class P1MseBalancedDeep extends DefinedClaim {
  public P1MseBalancedDeep() {
    super("p1-mse-balanced-deep",
        "Deep linear MSE, balanced, bias-free: orthogonal frame",
        "P1 (Dang et al., ICML 2023), balanced bias-free MSE theorem; THEORY.md §4",
        SourceStatus.THEOREM,
        "With n_k = n: W Wᵀ = t² I, H̄ᵀH̄ ∝ I, W ∝ H̄ᵀ, non-trivial iff b/n < β_M.",
        new MseBiasFreeTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, true, 1, 3));
  }
}

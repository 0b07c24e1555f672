package ncverify.claim.catalog;

import ncverify.claim.Finding;
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
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, true, 1, 3),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=mse bias=none features=free n=10,10,10 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

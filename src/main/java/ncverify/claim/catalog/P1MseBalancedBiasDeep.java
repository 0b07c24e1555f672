package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseFreeBiasTheory;

/** Deep linear MSE, balanced, unregularised bias: simplex ETF */
public final class P1MseBalancedBiasDeep extends DefinedClaim {
  public P1MseBalancedBiasDeep() {
    super("p1-mse-balanced-bias-deep",
        "Deep linear MSE, balanced, unregularised bias: simplex ETF",
        "P1 (Dang et al., ICML 2023), balanced MSE with bias theorem; THEORY.md §4",
        SourceStatus.THEOREM,
        "With n_k = n and a free last-layer bias: b* = 1/K·1, h̄_G = 0, W Wᵀ = t² P, H̄ᵀH̄ ∝ P, W = (t²+Nλ_H) H̄ᵀ, same threshold as bias-free.",
        new MseFreeBiasTheory(),
        new Domains.Shape(Loss.MSE, Bias.FREE, Features.FREE, true, 1, 3),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=mse bias=free features=free n=10,10,10 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

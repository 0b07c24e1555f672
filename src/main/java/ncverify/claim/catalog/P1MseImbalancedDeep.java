package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseBiasFreeTheory;

/** Deep linear MSE, imbalanced: orthogonal frame with class-dependent lengths */
public final class P1MseImbalancedDeep extends DefinedClaim {
  public P1MseImbalancedDeep() {
    super("p1-mse-imbalanced-deep",
        "Deep linear MSE, imbalanced: orthogonal frame with class-dependent lengths",
        "P1 (Dang et al., ICML 2023), imbalanced MSE theorem; THEORY.md §3.3-3.4, §4",
        SourceStatus.THEOREM,
        "Every global minimiser has h_i = h̄_{y_i}; W Wᵀ = diag(t_k²), H̄ᵀH̄ = diag(t_k²/(t_k²+Nλ_H)²), W = diag(t_k²+Nλ_H) H̄ᵀ, balanced layers, with t_k² = Nλ_H x_k^M and x_k the global minimiser of ĝ_k (zero iff b/n_k ≥ β_M).",
        new MseBiasFreeTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, false, 1, 3),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=mse bias=none features=free n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.CeBalancedEtfTheory;

/** Cross-entropy UFM, balanced (M = 1): simplex ETF */
public final class ZhuCeBalancedUfm extends DefinedClaim {
  public ZhuCeBalancedUfm() {
    super("zhu-ce-balanced-ufm",
        "Cross-entropy UFM, balanced (M = 1): simplex ETF",
        "Zhu et al. 2021 (arXiv 2105.02375), Theorem 3.1, bias-free form; THEORY.md §4",
        SourceStatus.THEOREM,
        "With M = 1 and n_k = n: W H̄ = ρ* P with ρ* = log(1/√(nλ_Wλ_H) − (K−1)) when K√(nλ_Wλ_H) < 1, else W = H = 0; W = √(nλ_H/λ_W) H̄ᵀ.",
        new CeBalancedEtfTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.FREE, true, 1, 1),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=ce bias=none features=free n=10,10,10 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
  }
}

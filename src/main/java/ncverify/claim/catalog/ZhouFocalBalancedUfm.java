package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.SmoothedEtfTheory;

/** Focal-loss UFM, balanced (M = 1): simplex ETF with the numerically solved scale. */
public final class ZhouFocalBalancedUfm extends DefinedClaim {
  public ZhouFocalBalancedUfm() {
    super("zhou-focal-balanced-ufm",
        "Focal-loss UFM, balanced (M = 1): simplex ETF",
        "Zhou et al. 2022, \"Are All Losses Created Equal: A Neural Collapse Perspective\" "
            + "(NeurIPS 2022, arXiv 2210.02192): its abstract states a local landscape analysis for FL under the UFM "
            + "and that the only global minimisers are neural collapse solutions (simplex ETF); the "
            + "theorem number and its exact hypotheses (bias, d >= K-1 or d >= K) could not be "
            + "confirmed from the sources reachable here (abstracts and the authors' code repository "
            + "jinxinzhou/nc_loss only; an earlier \"Theorem 3.1\" was cited from memory); the domain's "
            + "d >= K-1 rests on this suite's shift-invariance argument (W -> PW, as for "
            + "zhu-ce-balanced-narrow); the scale ρ* is derived here (proofs/zhou-focal-balanced-ufm.m)",
        SourceStatus.THEOREM,
        "With M = 1, n_k = n and focal loss −(1−p_y)^γ log p_y: W H̄ = ρ* P, W = √(nλ_H/λ_W) H̄ᵀ, "
            + "where ρ* minimises G(ρ) = u^γ log(1+(K−1)e^{−ρ}) + (K−1)√(nλ_Wλ_H) ρ, "
            + "u = (K−1)/(e^ρ+K−1): the root of u^γ(u + γ(1−u)log(1+(K−1)e^{−ρ})) = (K−1)√(nλ_Wλ_H) "
            + "with G'' > 0 (no closed form; bracketed to round-off), or 0 past the exact collapse "
            + "threshold; bias none.",
        new SmoothedEtfTheory(SmoothedEtfTheory.Kind.FOCAL),
        new Domains.Shape(new Loss.Focal(2), Bias.NONE, Features.FREE, true, 1, 1),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=focal gamma=2 bias=none features=free n=10,10,10 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
  }
}

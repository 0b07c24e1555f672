package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.SmoothedEtfTheory;

/** Label-smoothing UFM, balanced (M = 1): simplex ETF with the derived scale. */
public final class ZhouLsBalancedUfm extends DefinedClaim {
  public ZhouLsBalancedUfm() {
    super("zhou-ls-balanced-ufm",
        "Label-smoothing UFM, balanced (M = 1): simplex ETF",
        "Zhou et al. 2022, \"Are All Losses Created Equal: A Neural Collapse Perspective\" "
            + "(NeurIPS 2022, arXiv 2210.02192): its abstract states a global landscape analysis for LS under the UFM "
            + "and that the only global minimisers are neural collapse solutions (simplex ETF); the "
            + "theorem number and its exact hypotheses (bias, d >= K-1 or d >= K) could not be "
            + "confirmed from the sources reachable here (abstracts and the authors' code repository "
            + "jinxinzhou/nc_loss only; an earlier \"Theorem 3.1\" was cited from memory); the domain's "
            + "d >= K-1 rests on this suite's shift-invariance argument (W -> PW, as for "
            + "zhu-ce-balanced-narrow); the scale ρ* is derived here (proofs/zhou-ls-balanced-ufm.m)",
        SourceStatus.THEOREM,
        "With M = 1, n_k = n and label smoothing α (target (1−α)e_y + α/K·1): W H̄ = ρ* P with "
            + "ρ* = log(1/(s + α/K) − (K−1)), s = √(nλ_Wλ_H), when Ks + α < 1, else W = H = 0; "
            + "W = √(nλ_H/λ_W) H̄ᵀ; bias none (or free: b = 0).",
        new SmoothedEtfTheory(SmoothedEtfTheory.Kind.LS),
        new Domains.Shape(new Loss.LabelSmoothing(0.1), Bias.NONE, Features.FREE, true, 1, 1),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=ls smoothing=0.2 bias=none features=free n=10,10,10 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
  }
}

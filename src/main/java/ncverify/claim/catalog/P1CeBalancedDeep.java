package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.CeBalancedEtfTheory;

/** Deep linear cross-entropy, balanced: the simplex ETF is the global minimiser for every depth */
public final class P1CeBalancedDeep extends DefinedClaim {
  public P1CeBalancedDeep() {
    super("p1-ce-balanced-deep",
        "Deep linear cross-entropy, balanced: the simplex ETF is the global minimiser for every depth",
        "P1 (Dang et al., ICML 2023), balanced CE theorem; THEORY.md §4 (flagged there as to be tested)",
        SourceStatus.THEOREM,
        "For M ≥ 2 and n_k = n, every global minimiser is the simplex ETF with W H̄ = ρ P, ρ minimising G(ρ) = log(1+(K−1)e^{−ρ}) + (K−1)c'_M ρ^{2/(M+1)}.",
        new CeBalancedEtfTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.FREE, true, 2, 3),
        // A third of the draws where a construction beats the ETF (issue 11 item 5): a false
        // claim must not come out VERIFIED from draws that miss the region where it fails.
        (shape, predict) -> DeepCeDomains.withLowRankRegion(DefinedClaim.describe(shape), shape, predict),
        Finding.refuted("The suite refutes this published theorem for M >= 2: a certified rank-2 point (classes paired antipodally, logit singular values 3.08, 3.08, 0, 0) lies below the simplex ETF, e.g. objective 1.2039 against 1.2570 at n=1,1,1,1 d=4 M=2 lambda=0.1284; the Schatten quasi-norm penalty of a deep linear head favours low rank (THEORY.md §3.2). Published confirmation: Garrod & Keating (arXiv 2410.23169), Theorem 1 (claim garrod-keating-deep-ce-etf-not-global); their antipodal-pair construction makes the refutation deterministic, e.g. 0.58587 against 0.64790 at n=1,1,1,1 d=4 M=3 lambda=0.05 at every seed."),
        "loss=ce bias=none features=free n=10,10,10 d=3 M=2 lambdaW=5e-3 lambdaH=5e-3");
  }
}

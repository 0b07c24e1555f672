package ncverify.claim.catalog;

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
        new Domains.Shape(Loss.CE, Bias.NONE, Features.FREE, true, 2, 3));
  }
}

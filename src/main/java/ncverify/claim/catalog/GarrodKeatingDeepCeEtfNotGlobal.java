package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.theory.CeBalancedEtfTheory;

/**
 * Garrod &amp; Keating (arXiv 2410.23169, NeurIPS 2025), Theorem 1: for a deep linear CE head with
 * equal λ on every factor and d ≥ K, no ETF-type point is a global minimiser when K ≥ 4 and
 * M ≥ 3, or K ≥ 6 and M = 2, wherever the ETF is non-zero. Judged as a claim that the ETF is NOT
 * global ({@link #assertsNotGlobal()}): VERIFIED on a setting by a certified point below the ETF.
 * The suite's own counterexample to P1's claim ({@code p1-ce-balanced-deep}) is an instance.
 */
public final class GarrodKeatingDeepCeEtfNotGlobal extends DefinedClaim {
  public GarrodKeatingDeepCeEtfNotGlobal() {
    super("garrod-keating-deep-ce-etf-not-global",
        "Deep linear cross-entropy, equal λ: the simplex ETF is not globally optimal for K ≥ 4, M ≥ 3 or K ≥ 6, M = 2",
        "Garrod & Keating (arXiv 2410.23169, NeurIPS 2025), Theorem 1; condition m·2^{2/(M+1)} < 2m − 1, "
            + "m = ⌊K/2⌋, re-derived in proofs/garrod-keating-deep-ce-etf-not-global.m",
        SourceStatus.THEOREM,
        "With n_k = n, bias-free, λ_{W_m} = λ_H for every factor, d ≥ K and (K ≥ 4, M ≥ 3) or (K ≥ 6, M = 2): "
            + "wherever the ETF W H̄ = ρ* P has ρ* > 0 it is not a global minimiser: the classes paired "
            + "antipodally (⌊K/2⌋ pairs, one class on its own axis for odd K) reach a strictly lower objective.",
        new CeBalancedEtfTheory(),
        DeepCeDomains::garrodKeating,
        Finding.verified("The suite confirms the theorem on every setting drawn: the block-simplex constructions "
            + "(antipodal pairs, a class on its own axis for odd K, groups with unequal scales), polished by L-BFGS, "
            + "reach certified points below the ETF, e.g. 0.58587 against 0.64790 at n=1,1,1,1 d=4 M=3 lambda=0.05."),
        "loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.05");
  }

  @Override
  public boolean assertsNotGlobal() {
    return true;
  }
}

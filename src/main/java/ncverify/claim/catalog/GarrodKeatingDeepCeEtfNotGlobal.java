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

  /**
   * Theorem 1's hypotheses: K ≥ 4 and M ≥ 3, or K ≥ 6 and M = 2; d ≥ K; no bias; one λ shared by
   * every factor and by H. Outside them the claim says nothing (exit 2 naming the key).
   */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(ncverify.problem.Setting s) {
    String claim = "claim " + id() + " ";
    int k = s.K();
    int m = s.depth();
    if (!((k >= 4 && m >= 3) || (k >= 6 && m == 2))) {
      return outside(k < 4 ? "n" : "M", claim
          + "speaks about K >= 4 with M >= 3, or K >= 6 with M = 2; got K = " + k + ", M = " + m);
    }
    if (s.d() < k) {
      return outside("d", claim
          + "speaks about d >= K only, got d = " + s.d() + " < K = " + k);
    }
    for (int layer = 1; layer <= m; layer++) {
      if (s.lambdaW(layer) != s.lambdaH()) {
        return outside("lambdaW", claim
            + "speaks about one lambda on every factor (every lambdaW_m = lambdaH) only");
      }
    }
    return super.outsideDomain(s);
  }
}

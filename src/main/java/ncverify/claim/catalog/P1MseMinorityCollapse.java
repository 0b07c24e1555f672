package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseBiasFreeTheory;

/** Deep linear MSE: minority collapse exactly below the threshold b/n_k ≥ β_M */
public final class P1MseMinorityCollapse extends DefinedClaim {
  public P1MseMinorityCollapse() {
    super("p1-mse-minority-collapse",
        "Deep linear MSE: minority collapse exactly below the threshold b/n_k ≥ β_M",
        "P1 (Dang et al., ICML 2023), minority collapse; THEORY.md §3.4, §4",
        SourceStatus.THEOREM,
        "w_k = 0 and h̄_k = 0 iff b/n_k ≥ β_M = (M−1)^((M−1)/M)/M (M=1: iff n_k ≤ N²λ_Wλ_H); for M ≥ 2 the transition is a jump.",
        new MseBiasFreeTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, false, 1, 3).nearThreshold(),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=mse bias=none features=free n=30,10,2 d=3 M=2 lambdaW=0.024 lambdaH=0.024");
  }

  @Override
  public java.util.List<ncverify.claim.Check> checks() {
    return java.util.List.of(ncverify.claim.Check.COLLAPSED, ncverify.claim.Check.H_NORMS,
        ncverify.claim.Check.W_NORMS);
  }
}

package ncverify.claim.catalog;

import static ncverify.problem.Bias.*;
import static ncverify.problem.Features.*;
import static ncverify.problem.Loss.*;

import ncverify.claim.Status;

/** Deep linear MSE: minority collapse exactly below the threshold b/n_k ≥ β_M */
public final class P1MseMinorityCollapse extends DefinedClaim {
  public P1MseMinorityCollapse() {
    super("p1-mse-minority-collapse",
        "Deep linear MSE: minority collapse exactly below the threshold b/n_k ≥ β_M",
        "P1 (Dang et al., ICML 2023), minority collapse; THEORY.md §3.4, §4",
        Status.THEOREM,
        "w_k = 0 and h̄_k = 0 iff b/n_k ≥ β_M = (M−1)^((M−1)/M)/M (M=1: iff n_k ≤ N²λ_Wλ_H); for M ≥ 2 the transition is a jump.",
        new Domains.Shape(MSE, NONE, FREE, false, 1, 3).nearThreshold());
  }

  @Override
  public java.util.List<ncverify.claim.Check> checks() {
    return java.util.List.of(ncverify.claim.Check.COLLAPSED, ncverify.claim.Check.H_NORMS,
        ncverify.claim.Check.W_NORMS);
  }
}

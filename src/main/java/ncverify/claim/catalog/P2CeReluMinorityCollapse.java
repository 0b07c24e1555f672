package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.CeReluImbalancedTheory;

/** Cross-entropy with ReLU features: minority collapse iff n_k ≤ (K/(K−1)) N² λ_W λ_H */
public final class P2CeReluMinorityCollapse extends DefinedClaim {
  public P2CeReluMinorityCollapse() {
    super("p2-ce-relu-minority-collapse",
        "Cross-entropy with ReLU features: minority collapse iff n_k ≤ (K/(K−1)) N² λ_W λ_H",
        "P2 (Dang et al., ICML 2024), minority collapse; THEORY.md §5",
        SourceStatus.THEOREM,
        "M_k = 0 ⇔ h̄_k = 0 ⇔ n_k ≤ (K/(K−1)) N²λ_Wλ_H; collapsed classes share one classifier vector.",
        new CeReluImbalancedTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.NONNEG, false, 1, 1).nearThreshold(),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=ce bias=none features=nonneg n=30,10,2 d=3 M=1 lambdaW=0.04 lambdaH=0.04");
  }

  @Override
  public java.util.List<ncverify.claim.Check> checks() {
    return java.util.List.of(ncverify.claim.Check.COLLAPSED, ncverify.claim.Check.H_NORMS,
        ncverify.claim.Check.W_GRAM, ncverify.claim.Check.MARGINS);
  }
}

package ncverify.claim.catalog;

import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseFreeBiasTheory;

/** Deep linear MSE, imbalanced, unregularised bias */
public final class P1MseImbalancedBias extends DefinedClaim {
  public P1MseImbalancedBias() {
    super("p1-mse-imbalanced-bias",
        "Deep linear MSE, imbalanced, unregularised bias",
        "THEORY.md §6 (extension of P1 to imbalanced data with bias)",
        SourceStatus.CONJECTURE,
        "b = n/N − W h̄_G, and the per-class scalar problems apply to the singular values of (I − n1ᵀ/N) D^{1/2}.",
        new MseFreeBiasTheory(),
        new Domains.Shape(Loss.MSE, Bias.FREE, Features.FREE, false, 1, 3));
  }
}

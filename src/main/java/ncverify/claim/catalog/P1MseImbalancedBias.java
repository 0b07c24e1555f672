package ncverify.claim.catalog;

import ncverify.claim.Finding;
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
        new Domains.Shape(Loss.MSE, Bias.FREE, Features.FREE, false, 1, 3),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=mse bias=free features=free n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

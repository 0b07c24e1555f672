package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.MseBiasFreeTheory;

/** P1's experiments: the papers' training recipe reaches the collapsed global minimiser. */
public final class P1MseTrainingReachesOptimum extends DefinedClaim {
  public P1MseTrainingReachesOptimum() {
    super("p1-mse-training-reaches-optimum",
        "Deep linear MSE: gradient descent with momentum from N(0, 0.1²) reaches the global minimiser",
        "P1 (Dang et al., ICML 2023), experiments (full-batch SGD lr 0.1, momentum 0.9, init N(0, 0.1²)); THEORY.md §7, §9",
        SourceStatus.CONJECTURE,
        "Training with the papers' recipe settles at the global minimiser predicted by p1-mse-imbalanced-deep (value and structure), not at the origin or a partial solution.",
        new MseBiasFreeTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, false, 1, 3),
        Finding.refuted("The suite refutes this conjecture: for M >= 2 the papers' recipe can settle at the origin, a strict local minimum (f = 0.5 against f* = 0.4240 at n=2,1 d=2 M=2 lambda=0.1528), although a non-collapsed global minimiser exists; the global-minimiser claim p1-mse-imbalanced-deep itself stands."),
        "loss=mse bias=none features=free n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }

  @Override
  public boolean aboutTraining() {
    return true;
  }
}

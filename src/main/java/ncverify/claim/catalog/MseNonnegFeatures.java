package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;

/** MSE, bias-free, deep linear, non-negative features: the constraint is inactive (issue 13). */
public final class MseNonnegFeatures extends DefinedClaim {
  public MseNonnegFeatures() {
    super("mse-nonneg-features",
        "MSE, bias-free, deep linear head, features H ≥ 0: the constraint is inactive",
        "This suite's derivation (proofs/mse-nonneg-features.m) from P1's bias-free MSE solution "
            + "(Dang et al. 2023, Thm 3.1; THEORY.md §3.3–3.4)",
        SourceStatus.THEOREM,
        "With features=nonneg and no bias, the global minimisers have the same value and "
            + "geometry as with free features: the class means form an orthogonal frame, rotated "
            + "onto positive coordinate axes (possible because at most d of them are live), with "
            + "P1's per-class lengths and collapse thresholds.",
        new ncverify.theory.MseNonnegTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.NONNEG, false, 1, 3),
        Finding.verified("Verified on every generated setting (and on 20 more, worst relative value gap 1.4e-16): f* with H >= 0 equals the free-feature optimum and its geometry."),
        "loss=mse bias=none features=nonneg n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

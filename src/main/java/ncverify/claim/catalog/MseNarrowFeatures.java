package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;

/** MSE, bias-free, deep linear, narrow widths d &lt; K: the best-served classes stay live (issue 13). */
public final class MseNarrowFeatures extends DefinedClaim {
  public MseNarrowFeatures() {
    super("mse-narrow-features",
        "MSE, bias-free, deep linear head, narrow widths r = min widths < K: the r largest classes live",
        "This suite's derivation (proofs/mse-narrow-features.m): P1's reduction (Dang et al. 2023, "
            + "Thm 3.1 proof; THEORY.md §3.3) with Mirsky's singular value inequality",
        SourceStatus.THEOREM,
        "With rank r = min(d, d_1, …, d_{M−1}) < K: the r largest classes (largest gain "
            + "n_k/(2N) − φ*(√n_k), non-decreasing in n_k) keep P1's per-class solution (orthogonal "
            + "frame, lengths from the scalar problem), the other K − r classes collapse "
            + "(w_k = 0, h̄_k = 0); f* = Σ_k n_k/(2N) − Σ_{kept} gain_k.",
        new ncverify.theory.MseNarrowTheory(),
        new Domains.Shape(Loss.MSE, Bias.NONE, Features.FREE, false, 1, 3)
            .withWidth(Domains.Width.NARROW).withDistinctCounts(),
        Finding.verified("Verified on every generated setting (and on 20 more, worst relative value gap 3e-16): the r largest classes live, the others collapse, no competitor lies below."),
        "loss=mse bias=none features=free n=30,10,5 d=2 M=2 lambdaW=2e-3 lambdaH=2e-3");
  }
}

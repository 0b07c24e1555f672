package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.CeReluImbalancedTheory;

/** Cross-entropy with ReLU features, imbalanced: orthogonal means, scaled centred classifier */
public final class P2CeReluImbalanced extends DefinedClaim {
  public P2CeReluImbalanced() {
    super("p2-ce-relu-imbalanced",
        "Cross-entropy with ReLU features, imbalanced: orthogonal means, scaled centred classifier",
        "P2 (Dang et al., ICML 2024), main theorem; THEORY.md §5",
        SourceStatus.THEOREM,
        "With H ≥ 0, M = 1, no bias: class means are non-negative and orthogonal with ‖h̄_k‖² = M_k/(a√n_k), W = a P D^{1/2} H̄ᵀ, W H̄ = P diag(M_k), M_k = log((K−1)(1/c_k − 1))_+.",
        new CeReluImbalancedTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.NONNEG, false, 1, 1),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=ce bias=none features=nonneg n=30,10,5 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
  }
}

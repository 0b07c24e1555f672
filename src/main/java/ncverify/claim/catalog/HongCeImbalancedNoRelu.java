package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.theory.CeLogitConvexTheory;

/** Cross-entropy UFM, imbalanced, no ReLU (M = 1): the convex logit problem */
public final class HongCeImbalancedNoRelu extends DefinedClaim {
  public HongCeImbalancedNoRelu() {
    super("hong-ce-imbalanced-no-relu",
        "Cross-entropy UFM, imbalanced, no ReLU (M = 1): the convex logit problem",
        "Hong & Ling 2023 (arXiv 2309.09725); THEORY.md §6",
        SourceStatus.THEOREM,
        "The problem equals min over Z̄ of Σ_k (n_k/N) CE(z̄_k, k) + √(λ_Wλ_H)‖Z̄ D^{1/2}‖_*; its solution gives the global minimisers' logits, Grams and norms.",
        new CeLogitConvexTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.FREE, false, 1, 1),
        Finding.verified("Verified on every generated setting: the predicted minimiser is certified, no competitor lies below it and the structure matches at certified optima."),
        "loss=ce bias=none features=free n=30,10,5 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
  }
}

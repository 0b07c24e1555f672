package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.theory.ReluDncTheory;

/**
 * Two layers (M = 2, one ReLU), any number of classes: deep neural collapse is the global optimum
 * of the ReLU deep UFM with MSE. Súkeník, Mondelli &amp; Lampert (arXiv 2405.14468, NeurIPS 2024)
 * find that DNC stops being optimal "as soon as we go beyond two layers or two classes", which
 * leaves the two-layer multi-class case on the optimal side; the suite could not read the
 * paper's exact statement for L = 2 from its stored sources, so this is recorded as a
 * CONJECTURE and judged by search (certified training plus restarts), never assumed.
 */
public final class SukenikReluDncTwoLayers extends DefinedClaim {
  public SukenikReluDncTwoLayers() {
    super("sukenik-relu-dnc-two-layers",
        "Deep ReLU UFM, MSE, two layers: deep neural collapse is the global optimum for any K",
        "Súkeník, Lampert & Mondelli, \"Neural collapse vs. low-rank bias: is deep neural collapse really "
            + "optimal?\", arXiv 2405.14468 (NeurIPS 2024, vol. 37, pp. 138250–138288), abstract: DNC stops being "
            + "optimal \"as soon as we go beyond two layers or two classes\"; the paper's statement for L = 2 and "
            + "its theorem number could not be read from the sources the suite could reach, hence a "
            + "CONJECTURE; DNC's value derived in proofs/sukenik-relu-dnc-two-layers.m",
        SourceStatus.CONJECTURE,
        "With activation=relu, M = 2, MSE, no bias, free features, n_k = n, d and the inner width ≥ K and "
            + "λ's > 0: the global optimum is the DNC point or the origin, with P1's linear value "
            + "min_z ½(1 − z)² + (3K/2)(nλ_Hλ_1λ_2)^{1/3} z^{2/3}.",
        new ReluDncTheory(),
        ReluDomains::twoLayers,
        Finding.verified("Verified on every setting drawn (M = 2, K = 2..4, widths K..K+2, per-layer lambdas, "
            + "both sides of the collapse): certified training reaches the DNC value with its structure, and "
            + "no certified point is lower."),
        "loss=mse bias=none features=free n=2,2,2 d=3 M=2 widths=5 lambdaW=0.004 lambdaH=0.004 activation=relu");
  }

  /** The conjecture is about two layers; other depths are outside it (exit 2). */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(ncverify.problem.Setting s) {
    if (s.depth() != 2) {
      return outside("M", "claim " + id() + " speaks about M = 2 layers only, got M = " + s.depth());
    }
    return super.outsideDomain(s);
  }
}

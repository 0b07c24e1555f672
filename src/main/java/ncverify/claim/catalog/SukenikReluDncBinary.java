package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.theory.ReluDncTheory;

/**
 * Súkeník, Mondelli &amp; Lampert (arXiv 2305.13165, NeurIPS 2023), main theorem: in the deep
 * unconstrained features model with a ReLU after every inner layer, MSE loss, no bias and
 * balanced classes, every global optimum for BINARY classification (K = 2) exhibits deep neural
 * collapse (or is the zero solution), at any depth. The DNC point and its value are derived in
 * proofs/sukenik-relu-dnc-binary.m: it equals the linear head's balanced optimum (P1's value),
 * because every pre-activation at the DNC point is ≥ 0.
 */
public final class SukenikReluDncBinary extends DefinedClaim {
  public SukenikReluDncBinary() {
    super("sukenik-relu-dnc-binary",
        "Deep ReLU UFM, MSE, two classes: deep neural collapse is the global optimum at every depth",
        "Súkeník, Mondelli & Lampert, \"Deep neural collapse is provably optimal for the deep unconstrained "
            + "features model\", arXiv 2305.13165 (NeurIPS 2023, vol. 36, pp. 52991–53024), its main result "
            + "(DNC optimal for K = 2 in the L-DUFM, as its abstract and the 2024 follow-up state; the theorem "
            + "number could not be confirmed from the sources the suite could read); value and point derived "
            + "in proofs/sukenik-relu-dnc-binary.m",
        SourceStatus.THEOREM,
        "With activation=relu (σ after W_1 … W_{M−1}), MSE, no bias, free features, K = 2, n_1 = n_2 = n, "
            + "d and every inner width ≥ 2, any M ≥ 2 and λ's > 0: the global optimum is the DNC point "
            + "(class k on neuron k in every layer, W_m ∝ identity on the class coordinates) or the origin, "
            + "with value min_z ½(1 − z)² + (M+1)(nλ_HΠλ_m)^{1/(M+1)} z^{2/(M+1)}, P1's linear value.",
        new ReluDncTheory(),
        ReluDomains::binary,
        Finding.verified("Verified on every setting drawn (K = 2, M = 2..4, widths 2..4, per-layer lambdas, "
            + "both sides of the collapse): certified training reaches the DNC value with its structure, and "
            + "no certified point is lower."),
        "loss=mse bias=none features=free n=3,3 d=2 M=3 widths=4,4 lambdaW=0.005 lambdaH=0.005 activation=relu");
  }

  /** The theorem is about two classes; every other K is outside the claim (exit 2). */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(ncverify.problem.Setting s) {
    if (s.K() != 2) {
      return outside("n", "claim " + id() + " speaks about K = 2 classes only, got K = " + s.K());
    }
    return super.outsideDomain(s);
  }
}

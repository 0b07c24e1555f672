package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.theory.CeBalancedEtfTheory;

/**
 * The binary case of deep linear cross-entropy: for K = 2 the antipodal (simplex-ETF) point is the
 * global minimiser at every depth. Súkeník, Mondelli &amp; Lampert (arXiv 2305.13165, NeurIPS 2023)
 * prove that deep neural collapse is the unique global optimum for BINARY classification in the
 * deep UFM with ReLU between the layers and the MSE loss; their theorem is not about this linear
 * CE model (that theorem is claim {@code sukenik-relu-dnc-binary}), so this claim is its linear-CE
 * analogue, proved in
 * proofs/sukenik-binary-deep-ce.m (Jensen in the two margins plus ‖L‖_op ≥ (m_1 + m_2)/2).
 */
public final class SukenikBinaryDeepCe extends DefinedClaim {
  public SukenikBinaryDeepCe() {
    super("sukenik-binary-deep-ce",
        "Deep linear cross-entropy, two classes: the antipodal ETF is the global minimiser at every depth",
        "Binary deep neural collapse, after Súkeník, Mondelli & Lampert (arXiv 2305.13165), whose theorem "
            + "is for ReLU layers and MSE (claim sukenik-relu-dnc-binary); the linear-CE statement is derived in "
            + "proofs/sukenik-binary-deep-ce.m",
        SourceStatus.THEOREM,
        "With K = 2, n_1 = n_2 = n and any depth M, every global minimiser has W H̄ = ρ* P (antipodal class "
            + "means and classifiers), ρ* minimising G(ρ) = log(1+e^{−ρ}) + c'_M ρ^{2/(M+1)}; for M ≥ 2 "
            + "this is the same as P1's claim restricted to K = 2, which the suite does not refute.",
        new CeBalancedEtfTheory(),
        DeepCeDomains::binary,
        Finding.verified("Verified on every setting drawn (K = 2, M = 1..4, per-layer lambdas, both sides of the "
            + "collapse): every certified run reaches the ETF's value with its structure; no construction is lower."),
        "loss=ce bias=none features=free n=5,5 d=2 M=3 lambdaW=0.02 lambdaH=0.02");
  }

  /** The theorem is about two classes only; every other K is outside the claim (exit 2). */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(ncverify.problem.Setting s) {
    if (s.K() != 2) {
      return outside("n", "claim " + id()
          + " speaks about K = 2 classes only, got K = " + s.K());
    }
    return super.outsideDomain(s);
  }
}

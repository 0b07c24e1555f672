package ncverify.claim.catalog;

import java.util.Optional;
import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;
import ncverify.theory.ReluDncTheory;
import ncverify.theory.ReluLowRankCandidate;

/**
 * Beyond two layers and two classes, deep neural collapse is not the global optimum of the ReLU
 * deep UFM with MSE: a lower-rank point is lower (Súkeník, Lampert &amp; Mondelli, arXiv
 * 2405.14468, NeurIPS 2024). Judged as a claim that DNC is NOT global ({@link #assertsNotGlobal()}):
 * VERIFIED on a setting by a point below DNC's value. The point is the suite's own triangular-graph
 * construction ({@link ReluLowRankCandidate}), whose exact value is a scalar reduction; it is
 * accepted without a stationarity certificate ({@link #acceptsExplicitPoints()}): its polished
 * descendants are lower still but sit on ReLU kinks with a non-zero one-sided gradient, which the
 * smooth certificate cannot certify.
 */
public final class SukenikReluLowrankBeatsDnc extends DefinedClaim {
  public SukenikReluLowrankBeatsDnc() {
    super("sukenik-relu-lowrank-beats-dnc",
        "Deep ReLU UFM, MSE, K = C(r,2) classes, M >= 4 layers: a low-rank point beats deep neural collapse",
        "Súkeník, Lampert & Mondelli, \"Neural collapse vs. low-rank bias: is deep neural collapse really "
            + "optimal?\", arXiv 2405.14468 (NeurIPS 2024), abstract: DNC stops being optimal \"as soon as we go "
            + "beyond two layers or two classes\" because of a low-rank bias; the paper's own construction and "
            + "theorem (a strongly-regular-graph solution, known here only from a third-party summary) could not be "
            + "read, hence a CONJECTURE. The triangular-graph point and the condition rho = r^(M-1)/(2K^(M-2)) < 1 "
            + "are this suite's own derivation: proofs/sukenik-relu-lowrank-beats-dnc.m",
        SourceStatus.CONJECTURE,
        "With activation=relu, MSE, no bias, free features, n_k = n, K = C(r,2) with r >= 4 and "
            + "rho = r^(M-1)/(2K^(M-2)) < 1 (every M >= 4; drawn: K = 6, 10 with M = 4, 5), d and every inner "
            + "width >= K, lambdas > 0 below DNC's collapse boundary: DNC is not a global minimiser; the "
            + "point with rank-r representations e_i + e_j for class {i,j} before the last ReLU reaches "
            + "min_t ½(1 − t)² + (M+1)(rho Π c)^{1/(M+1)} t^{2/(M+1)} < DNC's value.",
        new ReluDncTheory(),
        ReluDomains::lowRank,
        Finding.verified("Verified on every setting drawn: the triangular-graph point, evaluated by the ReLU "
            + "objective, is below DNC (e.g. 0.0437961 against 0.0448362 at n=1 x 6 d=6 M=4 widths=6 "
            + "lambda=0.003; L-BFGS lowers it to 0.042346, uncertified on ReLU kinks)."),
        "loss=mse bias=none features=free n=1,1,1,1,1,1 d=6 M=4 widths=6,6,6 lambdaW=0.003 lambdaH=0.003 activation=relu");
  }

  @Override
  public boolean assertsNotGlobal() {
    return true;
  }

  @Override
  public boolean acceptsExplicitPoints() {
    return true;
  }

  /**
   * The construction's hypotheses: K = C(r, 2) with r ≥ 4 and ρ &lt; 1 (M ≥ 4 for r = 4, 5).
   * Outside them the claim says nothing (exit 2 naming the key).
   */
  @Override
  public Optional<InvalidInput> outsideDomain(Setting s) {
    String claim = "claim " + id() + " ";
    if (ReluLowRankCandidate.indices(s.K()).isEmpty()) {
      return outside("n", claim + "speaks about K = C(r,2) classes with r >= 4 (6, 10, 15, ...), got K = "
          + s.K());
    }
    if (s.depth() < 2 || ReluLowRankCandidate.coefficientRatio(s) >= 1) {
      return outside("M", claim + "speaks about depths where r^(M-1) < 2 K^(M-2) (every M >= 4), got M = "
          + s.depth());
    }
    return super.outsideDomain(s);
  }
}

package ncverify.claim.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import ncverify.claim.Domain;
import ncverify.problem.Activation;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;

/**
 * Domains of the ReLU deep-UFM claims (activation=relu, MSE, no bias, free features, balanced):
 * the regularisers are steered relative to DNC's own collapse boundary ({@link
 * Domains#collapseBoundary}, bisecting on the claim's prediction), on both sides of it.
 */
final class ReluDomains {
  private ReluDomains() {}

  /**
   * Largest class count drawn. The search runs on the class-mean problem, but the certificate on
   * the full one, whose ReLU chain costs O(N·width²) per evaluation (no weight-side shortcut).
   */
  static final int MAX_COUNT = 6;

  /** K = 2 (Súkeník et al. 2023): M = 2 … 4, d = 2 … 4, inner widths 3 … 5, per-layer λ's. */
  static Domain binary(Function<Setting, Optional<Prediction>> predict) {
    return domain("K=2", 2, 2, "M=2..4", 2, 4, predict);
  }

  /** M = 2 (two layers, one ReLU): K = 2 … 4, d = K … K+2, inner width K+1 … K+3, per-layer λ's. */
  static Domain twoLayers(Function<Setting, Optional<Prediction>> predict) {
    return domain("K=2..4", 2, 4, "M=2", 2, 2, predict);
  }

  /**
   * Where the triangular-graph low-rank point beats DNC ({@code ncverify.theory.ReluLowRankCandidate},
   * proofs/sukenik-relu-lowrank-beats-dnc.m): K = C(r, 2) with r = 4 or 5 (K = 6, 10), M = 4 or 5
   * (ρ = r^{M−1}/(2K^{M−2}) ≤ 0.89 &lt; 1), n_k = n in 1..{@link #LOW_RANK_MAX_COUNT}, d and every
   * inner width K..K+2, per-layer λ's, strictly below DNC's collapse boundary (10^(−16/8) …
   * 10^(−1/8) times it), where DNC's scale is non-zero and the low-rank point is strictly lower.
   */
  static Domain lowRank(Function<Setting, Optional<Prediction>> predict) {
    return Domain.builder("loss=mse bias=none features=free activation=relu, K=C(r,2) for r=4,5 (K=6,10), "
            + "n_k=n in 1.." + LOW_RANK_MAX_COUNT + ", M=4..5, d=K..K+2, every inner width K..K+2, "
            + "per-layer lambdas, at 10^(-16/8)..10^(-1/8) x DNC's collapse boundary")
        .choice("r", 4, 5)
        .choice("M", 4, 5)
        .choice("n0", 1, LOW_RANK_MAX_COUNT)
        .choice("extraWidth", 0, 2)
        .choice("extraInner", 0, 2)
        .choice("lambdaSplit", -4, 4)
        .choice("layerSkew", 0, 2)
        .choice("pressure", -16, -1)
        .build(v -> {
          int r = v.get("r");
          int k = r * (r - 1) / 2;
          Setting base = base(k, v.get("M"), v.get("n0"), v.get("extraWidth"), v.get("extraInner") - 1,
              v.get("lambdaSplit"), v.get("layerSkew"));
          return steer(base, v.get("pressure"), predict);
        });
  }

  /**
   * Largest class count of the low-rank domain: its evidence is one evaluation of an explicit
   * point (no training), but the domain's collapse-boundary bisection predicts on the full setting.
   */
  static final int LOW_RANK_MAX_COUNT = 3;

  private static Domain domain(String ks, int kMin, int kMax, String depths, int mMin, int mMax,
      Function<Setting, Optional<Prediction>> predict) {
    return Domain.builder("loss=mse bias=none features=free activation=relu, " + ks + ", n_k=n in 1.."
            + MAX_COUNT + ", " + depths + ", d=K..K+2, every inner width K+1..K+3, per-layer lambdas, "
            + "at 10^(-16/8)..10^(8/8) x DNC's collapse boundary")
        .choice("K", kMin, kMax)
        .choice("M", mMin, mMax)
        .choice("n0", 1, MAX_COUNT)
        .choice("extraWidth", 0, 2)
        .choice("extraInner", 0, 2)
        .choice("lambdaSplit", -4, 4)
        .choice("layerSkew", 0, 2)
        .choice("pressure", -16, 8)
        .build(v -> steer(base(v.get("K"), v.get("M"), v.get("n0"), v.get("extraWidth"),
            v.get("extraInner"), v.get("lambdaSplit"), v.get("layerSkew")), v.get("pressure"), predict));
  }

  private static Setting base(int k, int depth, int n, int extraWidth, int extraInner, int lambdaSplit,
      int layerSkew) {
    int[] widths = new int[depth - 1];
    // One spare neuron per hidden layer at least: random starts in a layer exactly K wide often
    // end with a dead neuron (a certified but non-global critical point), and the verdict needs
    // independent runs that reach the optimum.
    Arrays.fill(widths, k + 1 + extraInner);
    double split = Math.pow(10, lambdaSplit / 8.0);
    double[] lambdaW = new double[depth];
    for (int m = 0; m < depth; m++) {
      lambdaW[m] = Domains.BASE_LAMBDA * split * Math.pow(10, layerSkew * m / 8.0);
    }
    int[] counts = new int[k];
    Arrays.fill(counts, n);
    return new Setting(Loss.MSE, Bias.NONE, Features.FREE, counts, k + extraWidth, widths, lambdaW,
        Domains.BASE_LAMBDA / split, 0.0, Activation.RELU);
  }

  /** Every λ scaled by 10^((q + ½)/8) times the collapse boundary (never exactly on it). */
  private static Setting steer(Setting base, int pressure, Function<Setting, Optional<Prediction>> predict) {
    double boundary = Domains.collapseBoundary(base, predict);
    return Domains.scaled(base, Double.isNaN(boundary) ? 1.0
        : boundary * Math.pow(10, (pressure + 0.5) / 8.0));
  }
}

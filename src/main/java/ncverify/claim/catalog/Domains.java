package ncverify.claim.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import ncverify.claim.Domain;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;

/**
 * The domains of the catalogue's claims. They cover the edge regimes: K = 2, d = K, extreme
 * imbalance (counts 1 … 40), and both sides of minority collapse near the threshold.
 *
 * <p>Thresholds are found without re-deriving any formula: the regularisers are scaled by a
 * common factor c, (λ_W, λ_H) → (cλ_W, cλ_H), and c is bisected until the claim's own prediction
 * starts to collapse the smallest class. The "pressure" choice then places the setting at
 * 10^((q + ½)/8) times that boundary, never exactly on it (at an exact tie two global minimisers
 * exist, THEORY §3.4).
 */
public final class Domains {
  private Domains() {}

  static final int MAX_K = 4;
  static final int MAX_COUNT = 40;
  /** Base regulariser before steering to the threshold. */
  static final double BASE_LAMBDA = 1e-3;

  /**
   * How the feature width d (and every inner width) is drawn: STANDARD = the full-rank minimum
   * (K without bias, K−1 with bias) plus 0…2; ETF_RANK = exactly K−1 (the rank of the simplex
   * ETF); NARROW = K−1, K−2 or K−3 (at least 1): below the rank of P1's bias-free solution.
   */
  enum Width { STANDARD, ETF_RANK, NARROW }

  /** What varies in a domain. */
  record Shape(Loss loss, Bias bias, Features features, boolean balanced, int minDepth,
      int maxDepth, int minPressure, int maxPressure, Width width, boolean distinctCounts) {
    /** Pressure from 10^-2 to 10^1 times the collapse boundary: both sides, mostly alive. */
    Shape(Loss loss, Bias bias, Features features, boolean balanced, int minDepth, int maxDepth) {
      this(loss, bias, features, balanced, minDepth, maxDepth, -16, 8, Width.STANDARD, false);
    }

    /** The same shape, drawn within half a decade of the collapse boundary. */
    Shape nearThreshold() {
      return new Shape(loss, bias, features, balanced, minDepth, maxDepth, -4, 3, width, distinctCounts);
    }

    /** The same shape with another width rule. */
    Shape withWidth(Width w) {
      return new Shape(loss, bias, features, balanced, minDepth, maxDepth, minPressure, maxPressure, w,
          distinctCounts);
    }

    /**
     * The same shape with pairwise distinct class counts (a drawn count equal to an earlier one
     * is raised until it is new): where only some classes can be live (narrow widths), equal
     * counts make several selections equally optimal and the minimiser is not unique.
     */
    Shape withDistinctCounts() {
      return new Shape(loss, bias, features, balanced, minDepth, maxDepth, minPressure, maxPressure,
          width, true);
    }
  }

  /** How many values of a loss parameter a domain draws from. */
  public static final int LOSS_PARAMETERS = 6;

  /** Whether the loss has a parameter a domain draws (label smoothing α, focal γ). */
  public static boolean hasParameter(Loss loss) {
    return loss instanceof Loss.LabelSmoothing || loss instanceof Loss.Focal;
  }

  /**
   * The loss of the shape's kind with its parameter number {@code i} (0 … LOSS_PARAMETERS − 1):
   * smoothing α = 0, 0.05, 0.1, 0.2, 0.4, 0.8 (α = 0 is CE: the edge where LS meets Zhu's
   * theorem; 0.8 leaves room before the collapse boundary at α = 1); focal γ = 0, 0.5, 1, 2, 3, 5
   * (the paper's experiments use γ up to 5; γ = 0 is CE).
   */
  public static Loss withParameter(Loss kind, int i) {
    if (kind instanceof Loss.LabelSmoothing) {
      return new Loss.LabelSmoothing(new double[] {0, 0.05, 0.1, 0.2, 0.4, 0.8}[i]);
    }
    return new Loss.Focal(new double[] {0, 0.5, 1, 2, 3, 5}[i]);
  }

  /** λ_B = 10^(e/4), e in this range (bias=regularized): 10^-3 … 10^2, both sides of the ETF's end. */
  static final int MIN_LAMBDA_B_EXPONENT = -12;
  static final int MAX_LAMBDA_B_EXPONENT = 8;

  static Domain of(String description, Shape shape, Function<Setting, Optional<Prediction>> predict) {
    Domain.Builder b = Domain.builder(description)
        .choice("K", 2, MAX_K)
        .choice("extraWidth", 0, 2)
        .choice("M", shape.minDepth(), shape.maxDepth())
        .choice("lambdaSplit", -4, 4)
        .choice("layerSkew", 0, 2)
        .choice("pressure", shape.minPressure(), shape.maxPressure());
    if (shape.bias() == Bias.REGULARIZED) {
      b.choice("lambdaB", MIN_LAMBDA_B_EXPONENT, MAX_LAMBDA_B_EXPONENT);
    }
    if (hasParameter(shape.loss())) {
      b.choice("lossParameter", 0, LOSS_PARAMETERS - 1);
    }
    int countChoices = shape.balanced() ? 1 : MAX_K;
    for (int k = 0; k < countChoices; k++) {
      b.choice("n" + k, 1, MAX_COUNT);
    }
    return b.build(v -> {
      int k = v.get("K");
      int[] counts = new int[k];
      for (int c = 0; c < k; c++) {
        counts[c] = v.get(shape.balanced() ? "n0" : "n" + c);
        while (shape.distinctCounts() && contains(counts, c, counts[c])) {
          counts[c]++;
        }
      }
      int depth = v.get("M");
      int minWidth = shape.bias() == Bias.FREE ? k - 1 : k;
      int d = switch (shape.width()) {
        case STANDARD -> minWidth + v.get("extraWidth");
        case ETF_RANK -> k - 1;
        case NARROW -> Math.max(1, k - 1 - v.get("extraWidth"));
      };
      int[] widths = new int[depth - 1];
      Arrays.fill(widths, d);
      double split = Math.pow(10, v.get("lambdaSplit") / 8.0);
      double[] lambdaW = new double[depth];
      for (int m = 0; m < depth; m++) {
        lambdaW[m] = BASE_LAMBDA * split * Math.pow(10, v.get("layerSkew") * m / 8.0);
      }
      double lambdaH = BASE_LAMBDA / split;
      double lambdaB = shape.bias() == Bias.REGULARIZED ? Math.pow(10, v.get("lambdaB") / 4.0) : 0.0;
      Loss loss = hasParameter(shape.loss()) ? withParameter(shape.loss(), v.get("lossParameter"))
          : shape.loss();
      Setting base = new Setting(loss, shape.bias(), shape.features(), counts, d, widths,
          lambdaW, lambdaH, lambdaB);
      double boundary = collapseBoundary(base, predict);
      double factor = boundary * Math.pow(10, (v.get("pressure") + 0.5) / 8.0);
      return scaled(base, awayFromThresholds(base, Double.isNaN(boundary) ? 1.0 : factor, predict));
    });
  }

  /**
   * Relative distance every class keeps from its own collapse threshold. The steering above
   * places the target class off its threshold, but another class can land near its own (e.g.
   * n = 30 and 40 at M = 1: √(40/30) = 1.15470 against the grid step 10^(1/16) = 1.15478, 7e-5
   * apart). There the dying class has almost no curvature and a certified run's structure is off
   * by ~1e-4: a numerical artefact, not a counterexample (THEORY §3.4: at the threshold two
   * minimisers exist). 2% keeps the curvature far above what Tolerances.STRUCTURE assumes.
   */
  static final double THRESHOLD_MARGIN = 1.02;

  /** The factor, moved up by steps of THRESHOLD_MARGIN² until no class is within the margin of its threshold. */
  static double awayFromThresholds(Setting base, double factor,
      Function<Setting, Optional<Prediction>> predict) {
    for (int step = 0; step < 8; step++) {
      if (!collapseChangesWithin(base, factor, predict)) {
        return factor;
      }
      factor *= THRESHOLD_MARGIN * THRESHOLD_MARGIN;
    }
    return factor;
  }

  private static boolean collapseChangesWithin(Setting base, double factor,
      Function<Setting, Optional<Prediction>> predict) {
    try {
      int[] lower = predict.apply(scaled(base, factor / THRESHOLD_MARGIN)).map(Prediction::collapsed).orElse(null);
      int[] upper = predict.apply(scaled(base, factor * THRESHOLD_MARGIN)).map(Prediction::collapsed).orElse(null);
      return lower != null && upper != null && !Arrays.equals(lower, upper);
    } catch (RuntimeException e) {
      return false; // no usable prediction: nothing to keep away from
    }
  }

  private static boolean contains(int[] a, int length, int value) {
    return Arrays.stream(a, 0, length).anyMatch(x -> x == value);
  }

  /** (λ_W, λ_H) → (cλ_W, cλ_H). */
  public static Setting scaled(Setting s, double c) {
    double[] lw = s.lambdaW();
    for (int m = 0; m < lw.length; m++) {
      lw[m] *= c;
    }
    return s.withLambdas(lw, s.lambdaH() * c);
  }

  /**
   * The factor c at which the prediction starts to collapse the smallest class (bisection in
   * log c over 12 decades either side), or NaN if it does not change within that range.
   */
  public static double collapseBoundary(Setting s, Function<Setting, Optional<Prediction>> predict) {
    double lo = -12, hi = 12;
    // The smallest class that is live at the low end (all of them unless the width leaves some
    // classes out, issue 13 narrow features).
    int[] deadAtLo;
    try {
      deadAtLo = predict.apply(scaled(s, Math.pow(10, lo))).map(p -> p.collapsed()).orElse(new int[0]);
    } catch (RuntimeException e) {
      deadAtLo = new int[0];
    }
    int smallest = -1;
    for (int k = 0; k < s.K(); k++) {
      final int c = k;
      boolean dead = Arrays.stream(deadAtLo).anyMatch(x -> x == c);
      smallest = !dead && (smallest < 0 || s.count(k) < s.count(smallest)) ? k : smallest;
    }
    if (smallest < 0) {
      return Double.NaN;
    }
    int target = smallest;
    java.util.function.DoublePredicate collapses = logC -> {
      try {
        return predict.apply(scaled(s, Math.pow(10, logC)))
            .map(p -> Arrays.stream(p.collapsed()).anyMatch(c -> c == target)).orElse(false);
      } catch (RuntimeException e) {
        return false; // no usable prediction this far out: treat as not collapsing
      }
    };
    // The target is live at lo by its choice above, from the prediction at lo (at tiny λ the
    // costliest of the bisection: 0.3–0.7 s for the CE logit-convex theory at K = 10), so that
    // prediction is not made a second time; only hi is tested.
    if (!collapses.test(hi)) {
      return Double.NaN;
    }
    for (int i = 0; i < 40; i++) { // 24 decades / 2^40: far below any grid step
      double mid = 0.5 * (lo + hi);
      if (collapses.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Math.pow(10, 0.5 * (lo + hi));
  }
}

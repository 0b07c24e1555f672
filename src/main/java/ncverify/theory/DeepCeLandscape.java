package ncverify.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import ncverify.problem.Setting;

/**
 * Where, along the regularisation strength, the low-rank block-simplex constructions
 * ({@link BlockSimplexCandidates}) beat the simplex ETF for balanced deep cross-entropy: the
 * switching boundary, a phase boundary in λ.
 *
 * <p>Every λ of the setting is scaled by a common factor t (λ_{W_m} → tλ_{W_m}, λ_H → tλ_H; with
 * equal λ's this is λ → tλ). Both values depend on t only through c'_M ∝ t, so
 * Δ(t) = (best non-ETF construction) − (ETF), each minimised over its scales, is a scalar function.
 * Its sign changes are found on a log grid of t and refined by bisection in log t; values within
 * {@link ScalarMinimizer#TIE_RELATIVE_TOLERANCE} count as equal (e.g. where both have collapsed to
 * the origin). These are boundaries of the CONSTRUCTIONS: the true optimum may be lower still, so
 * a "low-rank wins" region is a proven region where the ETF is not optimal, while an "ETF wins"
 * region is only where no known construction beats it.
 */
public final class DeepCeLandscape {
  /** Decades of t scanned on either side of the given setting. */
  public static final int DECADES = 10;
  /** Grid points per decade of the scan (regions narrower than 1/8 decade may be missed). */
  static final int POINTS_PER_DECADE = 8;
  /** Bisection steps in log10 t: 2^-50 of one grid cell, far below any printed digit. */
  static final int BISECTIONS = 50;

  private DeepCeLandscape() {}

  /** Which side is lower. */
  public enum Lower { ETF, LOW_RANK, EQUAL }

  /**
   * One boundary: at factor {@code scale} (the setting's λ's times it) the lower side changes from
   * {@code below} (smaller λ) to {@code above} (larger λ).
   */
  public record Boundary(double scale, Setting setting, Lower below, Lower above) {}

  /** Which side is lower at the setting itself, by the scalar reductions. */
  public static Lower lowerAt(Setting s) {
    double etf = CeBalancedEtfTheory.solve(s).value();
    BlockSimplexCandidates.Candidate best = BlockSimplexCandidates.bestLowRank(s);
    if (best == null) {
      return Lower.ETF;
    }
    double tol = ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(etf));
    return best.value() < etf - tol ? Lower.LOW_RANK : best.value() > etf + tol ? Lower.ETF : Lower.EQUAL;
  }

  /** Every switching boundary within {@link #DECADES} decades of the setting's λ's, in increasing t. */
  public static List<Boundary> boundaries(Setting s) {
    if (!BlockSimplexCandidates.covers(s)) {
      throw new IllegalArgumentException("the deep-CE landscape needs balanced CE with free features, "
          + "bias none or free and positive lambdas: " + s);
    }
    DoubleUnaryOperator side = logT -> lowerAt(scaled(s, Math.pow(10, logT))).ordinal();
    List<Boundary> out = new ArrayList<>();
    int points = 2 * DECADES * POINTS_PER_DECADE;
    double prevLog = -DECADES;
    double prevSide = side.applyAsDouble(prevLog);
    for (int i = 1; i <= points; i++) {
      double logT = -DECADES + i / (double) POINTS_PER_DECADE;
      double here = side.applyAsDouble(logT);
      if (here != prevSide) {
        double lo = prevLog;
        double hi = logT;
        for (int b = 0; b < BISECTIONS; b++) {
          double mid = 0.5 * (lo + hi);
          if (side.applyAsDouble(mid) == prevSide) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        double t = Math.pow(10, 0.5 * (lo + hi));
        out.add(new Boundary(t, scaled(s, t), Lower.values()[(int) prevSide],
            Lower.values()[(int) here]));
      }
      prevLog = logT;
      prevSide = here;
    }
    return out;
  }

  /** Every λ times t. */
  static Setting scaled(Setting s, double t) {
    double[] lw = s.lambdaW();
    for (int m = 0; m < lw.length; m++) {
      lw[m] *= t;
    }
    return s.withLambdas(lw, s.lambdaH() * t);
  }
}

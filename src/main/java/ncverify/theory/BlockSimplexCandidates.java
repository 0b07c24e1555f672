package ncverify.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Low-rank competitors of the simplex ETF for the balanced deep linear cross-entropy UFM
 * (bias-free or free bias, free features, any depth M, any λ's): the classes are partitioned into
 * groups, each group is a simplex ETF in its own orthogonal subspace with its own scale.
 * A group of two is an antipodal pair (Garrod &amp; Keating, arXiv 2410.23169, Theorem 1's
 * "cross-polytope"/block construction); a group of one is a class with its own direction (a "live
 * singleton", scale 0 = collapsed); the single group of all K classes is the ETF itself.
 *
 * <p><b>Scalar reduction (derived here; proofs/garrod-keating-deep-ce-etf-not-global.m).</b> With
 * every sample at its class mean and the balanced factorisation (THEORY §3.2, {@link
 * BalancedFactorization}) the objective of logits L = W H̄ is
 * (1/K) Σ_k CE(L e_k, k) + c'_M Σ_i σ_i(L)^q, q = 2/(M+1), c'_M = ((M+1)/2)(n λ_H Π λ_m)^{1/(M+1)}.
 * A centred group G of size g ≥ 2 with scale ρ has the logit block ρ P_g (P_g = I − 11ᵀ/g) and
 * zero logits outside its block: a sample of G sees its own logit ρ(g−1)/g, g−1 group mates at
 * −ρ/g and K−g classes at 0; the block has g−1 singular values ρ. A live singleton with scale s
 * has logit s on its own class and 0 elsewhere, one singular value s. Blocks are orthogonal, so the
 * objective separates over the groups:
 * <pre>
 *   φ_g(ρ) = (g/K) log(1 + (g−1)e^{−ρ} + (K−g)e^{−ρ(g−1)/g}) + c'(g−1)ρ^q     (g ≥ 2)
 *   φ_1(s) = (1/K) log(1 + (K−1)e^{−s}) + c' s^q                                (live singleton)
 * </pre>
 * and a partition's value is Σ_groups min φ_g. φ_K is P1's G(ρ) for the ETF.
 *
 * <p>Each candidate is an explicit parameter point (W_1 … W_M, H, b = 0) whose objective equals
 * that value to round-off; it is a structured START for the certifying optimiser, which polishes
 * it (the construction need not be a critical point of the full problem, and with a free bias the
 * zero bias is not optimal in general). Covers balanced counts only: with unequal counts the
 * blocks of L D^{1/2} are no longer scaled centring matrices.
 */
public final class BlockSimplexCandidates {
  /**
   * Log-grid points per decade used to bracket the global minimiser of each φ_g before Brent's
   * method refines it. Reason: φ_g has at most a few critical points (a penalty ρ^q, q ≤ 1, against
   * a log-sum-exp); 200 points per decade resolve minima ~1% apart in ρ, and a minimum missed
   * inside one cell can only be a shallow one near a tangency, whose value differs from the grid's
   * by less than the variation over the cell. The candidates are polished by the certifying
   * optimiser afterwards, so this bounds only the quality of the start.
   */
  static final int GRID_POINTS_PER_DECADE = 200;

  /**
   * The grid starts at this scale (or lower, below ρ_max): near 0 the loss is linear in ρ with
   * slope ≥ 1/K·(g−1)/g and the penalty ≥ c'ρ^q, so a minimiser below 1e-10 would have to beat
   * φ(0) by less than ~1e-10 — a tie with 0, which selects 0 anyway.
   */
  static final double GRID_FLOOR = 1e-10;

  /** Upper end of the scale grid (see {@link #minimiseGroup}). */
  static final double MAX_SCALE = 1e60;

  /** Brent's relative accuracy for the scale of one group (round-off of φ's arguments). */
  private static final double SCALE_RELATIVE_ACCURACY = 1e-14;

  private BlockSimplexCandidates() {}

  /**
   * One candidate: a partition of the classes into groups (sizes in non-increasing order; classes
   * assigned to groups in class order) with one optimal scale per group.
   *
   * @param groupSizes sizes, non-increasing; 1 = live singleton
   * @param scales the optimal scale ρ of each group (0 = the group collapses)
   * @param value the objective of {@link #point()} (the scalar reduction)
   * @param point the explicit flat parameter vector (see {@link ncverify.problem.Layout})
   */
  public record Candidate(int[] groupSizes, double[] scales, double value, double[] point) {
    /** e.g. {@code block simplex 2+2+1 (scales 3.1, 3.1, 2.9)}. */
    public String name() {
      StringBuilder sb = new StringBuilder("block simplex ");
      for (int i = 0; i < groupSizes.length; i++) {
        sb.append(i == 0 ? "" : "+").append(groupSizes[i]);
      }
      sb.append(" (scales");
      for (int i = 0; i < scales.length; i++) {
        sb.append(i == 0 ? " " : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", scales[i]));
      }
      return sb.append(')').toString();
    }

    /** True for the single group of all classes (the simplex ETF). */
    public boolean isEtf() {
      return groupSizes.length == 1;
    }

    /** Number of non-zero singular values of the logits (the rank of W H̄). */
    public int rank() {
      int r = 0;
      for (int i = 0; i < groupSizes.length; i++) {
        r += scales[i] > 0 ? Math.max(1, groupSizes[i] - 1) : 0;
      }
      return r;
    }
  }

  /** Whether the construction applies: CE, free features, bias none or free, balanced, λ's > 0. */
  public static boolean covers(Setting s) {
    return s.loss() == Loss.CE && s.features() == Features.FREE && s.balanced() && !s.relu()
        && (s.bias() == Bias.NONE || s.bias() == Bias.FREE) && Families.positiveRegularisers(s);
  }

  /** q = 2/(M+1), the Schatten exponent of the balanced penalty. */
  static double exponent(Setting s) {
    return 2.0 / (s.depth() + 1);
  }

  /**
   * φ_g(ρ) for a group of size g (g = 1: live singleton), see the class comment.
   *
   * @param cPrime c'_M of the setting ({@link CeBalancedEtfTheory#cPrime})
   */
  public static double groupValue(int k, int g, double cPrime, double q, double rho) {
    double penalty = cPrime * Math.max(1, g - 1) * (rho == 0 ? 0 : Math.pow(rho, q));
    double loss;
    if (g == 1) {
      loss = Math.log1p((k - 1) * Math.exp(-rho)) / k;
    } else {
      loss = g * Math.log1p((g - 1) * Math.exp(-rho) + (k - g) * Math.exp(-rho * (g - 1) / g)) / k;
    }
    return loss + penalty;
  }

  /**
   * The global minimiser of φ_g on [0, ∞): ρ = 0 or the refined minimum of a log grid over
   * (0, ρ_max], where ρ_max is the scale at which the penalty alone exceeds φ_g(0) (no minimiser
   * lies beyond it, the loss being ≥ 0). Ties with 0 (relative
   * {@link ScalarMinimizer#TIE_RELATIVE_TOLERANCE}) choose 0, as every family does.
   *
   * @return {ρ*, φ_g(ρ*)}
   */
  static double[] minimiseGroup(int k, int g, double cPrime, double q) {
    DoubleUnaryOperator phi = rho -> groupValue(k, g, cPrime, q, rho);
    double f0 = phi.applyAsDouble(0);
    // Capped so the grid stays finite for absurdly small λ; at ρ = 1e60 every loss term is
    // e^{-ρ/2}-small and far beyond any minimiser reachable in double precision.
    double rhoMax = Math.min(MAX_SCALE, Math.pow(f0 / (cPrime * Math.max(1, g - 1)), 1 / q));
    double floor = Math.min(GRID_FLOOR, GRID_FLOOR * rhoMax);
    int points = 2 + (int) Math.ceil(GRID_POINTS_PER_DECADE * Math.log10(rhoMax / floor));
    double[] grid = new double[points];
    int best = 0;
    for (int i = 0; i < points; i++) {
      grid[i] = floor * Math.pow(rhoMax / floor, i / (points - 1.0));
      if (phi.applyAsDouble(grid[i]) < phi.applyAsDouble(grid[best])) {
        best = i;
      }
    }
    double lo = grid[Math.max(0, best - 1)];
    double hi = grid[Math.min(points - 1, best + 1)];
    double rho = new BrentOptimizer(SCALE_RELATIVE_ACCURACY, 1e-300)
        .optimize(new MaxEval(10_000), new UnivariateObjectiveFunction(phi::applyAsDouble),
            GoalType.MINIMIZE, new SearchInterval(lo, hi, grid[best])).getPoint();
    ScalarMinimizer.Result r = ScalarMinimizer.selectGlobal(phi, new double[] {rho});
    return new double[] {r.argmin(), r.value()};
  }

  /**
   * Every partition of the K classes into groups (sizes non-increasing) whose rank fits the
   * narrowest hidden width, each with its optimal scales, sorted by value (lowest first; the
   * ETF, the partition {K}, included).
   */
  public static List<Candidate> all(Setting s) {
    if (!covers(s)) {
      throw new IllegalArgumentException("block-simplex candidates need balanced CE with free "
          + "features, bias none or free and positive lambdas: " + s);
    }
    int k = s.K();
    double c = CeBalancedEtfTheory.cPrime(s);
    double q = exponent(s);
    double[][] perSize = new double[k + 1][];
    for (int g = 1; g <= k; g++) {
      perSize[g] = minimiseGroup(k, g, c, q);
    }
    int width = IntStream.rangeClosed(1, s.depth()).map(s::layerIn).min().orElseThrow();
    List<Candidate> out = new ArrayList<>();
    for (int[] sizes : partitions(k)) {
      double[] scales = Arrays.stream(sizes).mapToDouble(g -> perSize[g][0]).toArray();
      double value = Arrays.stream(sizes).mapToDouble(g -> perSize[g][1]).sum();
      Candidate probe = new Candidate(sizes, scales, value, null);
      if (probe.rank() <= width) {
        out.add(new Candidate(sizes, scales, value, point(s, sizes, scales)));
      }
    }
    out.sort(Comparator.comparingDouble(Candidate::value));
    return out;
  }

  /**
   * The structured competitors to offer a search: the {@code limit} lowest non-ETF partitions,
   * plus Garrod &amp; Keating's construction (⌊K/2⌋ antipodal pairs, and a live singleton for odd
   * K) if it is not among them.
   */
  public static List<Candidate> competitors(Setting s, int limit) {
    List<Candidate> nonEtf = all(s).stream().filter(c -> !c.isEtf()).toList();
    List<Candidate> out = new ArrayList<>(nonEtf.subList(0, Math.min(limit, nonEtf.size())));
    int[] gk = garrodKeatingSizes(s.K());
    nonEtf.stream().filter(c -> Arrays.equals(c.groupSizes(), gk)).findFirst()
        .filter(c -> !out.contains(c)).ifPresent(out::add);
    return out;
  }

  /** The lowest non-ETF candidate, or null if none fits (K = 2 with no room, impossible here). */
  public static Candidate bestLowRank(Setting s) {
    return all(s).stream().filter(c -> !c.isEtf()).findFirst().orElse(null);
  }

  /** ⌊K/2⌋ pairs, plus one singleton for odd K. */
  public static int[] garrodKeatingSizes(int k) {
    int[] sizes = new int[(k + 1) / 2];
    Arrays.fill(sizes, 2);
    if (k % 2 == 1) {
      sizes[sizes.length - 1] = 1;
    }
    return sizes;
  }

  /**
   * Garrod &amp; Keating's condition for their construction to beat the ETF at every λ where the
   * ETF is non-zero: m·2^{2/(M+1)} &lt; 2m − 1, m = ⌊K/2⌋ (derived in the proof file: at the
   * ETF's own scale ρ, the pairs with margin ρ have a strictly smaller loss and penalty
   * m·2^q + (K − 2m) against K − 1; as λ → 0 the ratio of the two optimal values tends to
   * (m·2^q + K − 2m)/(K − 1), so the condition is also necessary for winning at every λ).
   */
  public static boolean garrodKeatingCondition(int k, int depth) {
    int m = k / 2;
    return m * Math.pow(2, 2.0 / (depth + 1)) < 2 * m - 1;
  }

  /** Partitions of k into non-increasing parts. */
  static List<int[]> partitions(int k) {
    List<int[]> out = new ArrayList<>();
    partitions(k, k, new int[k], 0, out);
    return out;
  }

  private static void partitions(int rest, int max, int[] buf, int len, List<int[]> out) {
    if (rest == 0) {
      out.add(Arrays.copyOf(buf, len));
      return;
    }
    for (int g = Math.min(rest, max); g >= 1; g--) {
      buf[len] = g;
      partitions(rest - g, g, buf, len + 1, out);
    }
  }

  /**
   * The explicit point: the groups take consecutive classes; a centred group's modes are the
   * Helmert basis of its block's centred subspace, a live singleton's mode is its class's unit
   * vector; every mode has Z-singular value √n·scale (Z = W H̄ D^{1/2} = √n L), factorised by
   * {@link BalancedFactorization}; b = 0.
   */
  static double[] point(Setting s, int[] sizes, double[] scales) {
    int k = s.K();
    List<double[]> modes = new ArrayList<>();
    List<Double> z = new ArrayList<>();
    int first = 0;
    for (int j = 0; j < sizes.length; j++) {
      int g = sizes[j];
      if (scales[j] > 0) {
        double[][] basis = g == 1 ? new double[][] {{1}} : Families.centredBasis(g);
        for (double[] b : basis) {
          double[] u = new double[k];
          System.arraycopy(b, 0, u, first, g);
          modes.add(u);
          z.add(Math.sqrt(s.count(0)) * scales[j]);
        }
      }
      first += g;
    }
    double[][] u = modes.toArray(new double[0][]);
    BalancedFactorization f = new BalancedFactorization(s, u, u,
        z.stream().mapToDouble(Double::doubleValue).toArray());
    return f.parameters(s.hasBias() ? new double[k] : null);
  }
}

package ncverify.measure;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * NC1 (within-class variability collapse) in its named variants (THEORY §8). Each tends to 0 as
 * the features of every class collapse to their class mean while the means stay apart.
 *
 * <h2>Degenerate inputs</h2>
 * Every variant is a ratio "within-class spread / between-class separation". When the
 * separation is exactly zero (Σ_B = 0, or two class means coincide for CDNV) the ratio does not
 * exist, and returning 0 (the "perfectly collapsed" value) would be a false pass. The rule is
 * therefore, for every variant: separation 0 and spread &gt; 0 gives {@code +∞}; separation 0 and
 * spread 0 (everything at one point, e.g. all features zero) gives {@code NaN}. Spread 0 with
 * positive separation gives 0, which is genuine collapse.
 */
public final class Nc1 {
  private Nc1() {}

  /**
   * Default relative cut-off for the pseudo-inverse Σ_B⁺: eigenvalues λ_j ≤ 1e-10·λ_max of Σ_B are
   * treated as zero. Reason: Σ_B has rank ≤ K−1 &lt; d, and its structurally zero eigenvalues come
   * out of the factor SVD ({@link ClassStatistics#betweenFactor}) at about (Kε)²·λ_max ≈ 1e-29·λ_max
   * (and at about dε·λ_max ≈ 1e-14·λ_max if Σ_B were formed and decomposed directly), so 1e-10
   * lies safely above round-off on either route, and is of the order of SciPy's former default
   * {@code pinv} cut-off (1e6·ε ≈ 2.2e-10) used by Zhu et al.'s reference code. A genuine
   * between-class direction weaker than 1e-10·λ_max (e.g. a class mean decaying to zero during
   * minority collapse) is ignored by NC1; {@link #traceQuotient} still sees it.
   */
  public static final double DEFAULT_PINV_RELATIVE_CUTOFF = 1e-10;

  /**
   * NC1 = (1/K) tr(Σ_W Σ_B⁺) with Σ_B = {@link BetweenCovariance#UNIFORM} and the default cut-off:
   * the convention of THEORY §8, P1, P2, Papyan et al. and Zhu et al.
   */
  public static double traceRatio(ClassStatistics s) {
    return traceRatio(s, BetweenCovariance.UNIFORM, DEFAULT_PINV_RELATIVE_CUTOFF);
  }

  /**
   * NC1 = (1/K) tr(Σ_W Σ_B⁺) for the given Σ_B variant, with K the number of classes for every
   * variant. Computed as (1/K) Σ_j (u_jᵀ Σ_W u_j)/λ_j over the eigenpairs (λ_j, u_j) of Σ_B with
   * λ_j &gt; relativeCutoff·λ_max (from the SVD of the d×K factor of Σ_B).
   *
   * <p>Blind spot, by definition of the pseudo-inverse: within-class spread orthogonal to the span of
   * the centred means does not count. Use {@link #traceQuotient} alongside.
   *
   * @return the value; {@code +∞} if Σ_B = 0 and Σ_W ≠ 0; {@code NaN} if both are 0
   */
  public static double traceRatio(ClassStatistics s, BetweenCovariance variant,
      double relativeCutoff) {
    if (!(relativeCutoff >= 0 && relativeCutoff < 1)) {
      throw new IllegalArgumentException("relative cut-off must be in [0, 1), got " + relativeCutoff);
    }
    double[][] factor = s.betweenFactor(variant);
    if (Matrices.frobeniusNorm(factor) == 0) {
      return degenerate(s.withinTrace());
    }
    SingularValueDecomposition svd =
        new SingularValueDecomposition(new Array2DRowRealMatrix(factor, false));
    double[] sv = svd.getSingularValues();
    double[][] u = svd.getU().getData();
    double lambdaMax = sv[0] * sv[0];
    double sum = 0;
    for (int j = 0; j < sv.length; j++) {
      double lambda = sv[j] * sv[j];
      if (!(lambda > relativeCutoff * lambdaMax)) {
        continue;
      }
      sum += s.withinQuadraticForm(Matrices.column(u, j)) / lambda;
    }
    return sum / s.classes();
  }

  /**
   * tr Σ_W / tr Σ_B with Σ_B = {@link BetweenCovariance#UNIFORM}.
   */
  public static double traceQuotient(ClassStatistics s) {
    return traceQuotient(s, BetweenCovariance.UNIFORM);
  }

  /**
   * tr Σ_W / tr Σ_B for the given Σ_B variant. Unlike {@link #traceRatio} it counts spread in every
   * direction and is not normalised by K.
   *
   * @return the value; {@code +∞} if tr Σ_B = 0 and tr Σ_W ≠ 0; {@code NaN} if both are 0
   */
  public static double traceQuotient(ClassStatistics s, BetweenCovariance variant) {
    double tb = s.betweenTrace(variant);
    double tw = s.withinTrace();
    return tb == 0 ? degenerate(tw) : tw / tb;
  }

  /**
   * Class-distance normalised variance (Galanti et al.): for classes i ≠ j,
   * CDNV_ij = (σ_i² + σ_j²) / (2‖h̄_i − h̄_j‖²) with σ_k² = (1/n_k) Σ_{y=k} ‖h − h̄_k‖².
   * The summary is the mean and the max over the K(K−1)/2 unordered pairs. A pair with coinciding
   * means gives +∞ (or NaN if both classes are also collapsed, e.g. two minority-collapsed classes
   * at 0), and that propagates into the mean and max: the summary never hides such a pair.
   */
  public static Cdnv cdnv(ClassStatistics s) {
    int k = s.classes();
    double[] var = s.classVariances();
    double[][] means = s.means();
    double[][] pair = new double[k][k];
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    int pairs = 0;
    for (int i = 0; i < k; i++) {
      pair[i][i] = Double.NaN;
      for (int j = i + 1; j < k; j++) {
        double sep = 0;
        for (double[] row : means) {
          double diff = row[i] - row[j];
          sep += diff * diff;
        }
        double spread = var[i] + var[j];
        double v = sep == 0 ? degenerate(spread) : spread / (2 * sep);
        pair[i][j] = v;
        pair[j][i] = v;
        sum += v;
        max = Math.max(max, v); // Math.max propagates NaN
        pairs++;
      }
    }
    return new Cdnv(pairs == 0 ? Double.NaN : sum / pairs, pairs == 0 ? Double.NaN : max, pair);
  }

  /**
   * CDNV summary.
   *
   * @param mean average of CDNV_ij over unordered pairs i &lt; j
   * @param max largest CDNV_ij
   * @param pairwise K×K symmetric matrix of CDNV_ij; the diagonal is NaN (not defined)
   */
  public record Cdnv(double mean, double max, double[][] pairwise) {}

  /** The value of spread/separation when the separation is exactly 0 (see the class comment). */
  static double degenerate(double spread) {
    return spread == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
  }
}

package ncverify.measure;

/**
 * NC2 (the geometry of the classifier and of the class means), THEORY §8.
 *
 * <p>Gram matrices: W Wᵀ (K×K, rows w_k of the end-to-end classifier W = W_M⋯W_1) and H̄ᵀH̄ for the
 * class means in a caller-chosen {@link MeanCentring} (centred at h̄_G where an ETF is predicted,
 * uncentred where an orthogonal frame is predicted). Shapes:
 * <ul>
 *   <li>{@link #toEtf}: nd(G, P), P = I − 11ᵀ/K, the simplex equiangular tight frame;</li>
 *   <li>{@link #toOrthogonalFrame}: nd(G, I), the orthogonal frame (equal lengths);</li>
 *   <li>{@link #toGram}: all three {@link Distance}s to any predicted Gram matrix (e.g. P1's
 *       diag(t_k²) or P2's a² P diag(c) P for imbalanced data), where the scale is predicted too.</li>
 * </ul>
 * For non-negative (ReLU) features the means cannot form an ETF; the claim is that they are
 * pairwise orthogonal, measured by {@link #meanCosines} and {@link #maxAbsMeanCosine}.
 */
public final class Nc2 {
  private Nc2() {}

  /** P = I − 11ᵀ/K, the simplex-ETF Gram shape. */
  public static double[][] etfShape(int classes) {
    return Matrices.centring(classes);
  }

  /** I_K, the orthogonal-frame Gram shape. */
  public static double[][] orthogonalFrameShape(int classes) {
    return Matrices.identity(classes);
  }

  /** W Wᵀ (K×K) for a K×d classifier W. */
  public static double[][] classifierGram(double[][] w) {
    return Matrices.rowGram(w);
  }

  /** H̄ᵀH̄ (K×K) for means given as the columns of a d×K matrix (already centred as wanted). */
  public static double[][] meanGram(double[][] means) {
    return Matrices.columnGram(means);
  }

  /** (H̄ − c1ᵀ)ᵀ(H̄ − c1ᵀ) with c the centre of the given centring. */
  public static double[][] meanGram(ClassStatistics s, MeanCentring centring) {
    return meanGram(s.centredMeans(centring));
  }

  /** nd(G, P): distance of a Gram matrix to the simplex-ETF shape (NaN if G = 0). */
  public static double toEtf(double[][] gram) {
    return Distances.normalized(gram, etfShape(gram.length));
  }

  /** nd(G, I): distance of a Gram matrix to the orthogonal-frame shape (NaN if G = 0). */
  public static double toOrthogonalFrame(double[][] gram) {
    return Distances.normalized(gram, orthogonalFrameShape(gram.length));
  }

  /** The distances of a Gram matrix from a predicted one (scale included). */
  public static Distance toGram(double[][] gram, double[][] predicted) {
    return Distance.between(gram, predicted);
  }

  /**
   * Pairwise cosines cos(h̄_i, h̄_j) = h̄_iᵀh̄_j / (‖h̄_i‖‖h̄_j‖) of the columns of a d×K matrix.
   * A row and column of a zero mean are NaN (the cosine is not defined; do not read it as 0).
   */
  public static double[][] meanCosines(double[][] means) {
    double[][] t = Matrices.transpose(means);
    int k = t.length;
    double[] norms = new double[k];
    for (int i = 0; i < k; i++) {
      norms[i] = Matrices.norm(t[i]);
    }
    double[][] c = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        c[i][j] = norms[i] == 0 || norms[j] == 0 ? Double.NaN
            : Matrices.dot(t[i], t[j]) / (norms[i] * norms[j]);
      }
    }
    return c;
  }

  /**
   * max_{i≠j} |cos(h̄_i, h̄_j)| over pairs of non-zero means (→ 0 for pairwise orthogonal means).
   * Pairs with an exactly zero mean are left out: their cosine is undefined, and a zero mean is
   * orthogonal to everything, so leaving it out cannot hide a violation of orthogonality (P2 predicts
   * h̄_k = 0 for minority-collapsed classes). If no pair of non-zero means exists the result is
   * NaN, never 0.
   */
  public static double maxAbsMeanCosine(double[][] means) {
    if (anyNonFinite(means)) {
      return Double.NaN;
    }
    double[][] c = meanCosines(means);
    double max = Double.NaN;
    for (int i = 0; i < c.length; i++) {
      for (int j = i + 1; j < c.length; j++) {
        if (Double.isNaN(c[i][j])) {
          continue; // a zero mean: cosine undefined, orthogonal to everything
        }
        double v = Math.abs(c[i][j]);
        max = Double.isNaN(max) ? v : Math.max(max, v);
      }
    }
    return max;
  }

  private static boolean anyNonFinite(double[][] a) {
    for (double[] row : a) {
      for (double x : row) {
        if (!Double.isFinite(x)) {
          return true;
        }
      }
    }
    return false;
  }
}

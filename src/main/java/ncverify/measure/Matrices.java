package ncverify.measure;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The small dense linear algebra the NC metrics need, on plain row-major {@code double[][]}
 * (for d ≤ ~128, K ≤ ~20 plain loops beat any native library's per-call overhead).
 *
 * <p>Every method validates shapes and throws {@link IllegalArgumentException} on a mismatch;
 * every method returns a fresh array and never modifies its arguments.
 * Decompositions delegate to Apache Commons Math.
 */
public final class Matrices {
  private Matrices() {}

  // ---------------------------------------------------------------- shape checks

  /** Rows of a (rectangular, non-empty) matrix. */
  public static int rows(double[][] a) {
    requireRectangular(a);
    return a.length;
  }

  /** Columns of a (rectangular, non-empty) matrix. */
  public static int cols(double[][] a) {
    requireRectangular(a);
    return a[0].length;
  }

  /** Throws unless {@code a} is non-null, has at least one row and all rows have the same length. */
  public static void requireRectangular(double[][] a) {
    if (a == null || a.length == 0 || a[0] == null) {
      throw new IllegalArgumentException("matrix must have at least one row");
    }
    int c = a[0].length;
    for (int i = 1; i < a.length; i++) {
      if (a[i] == null || a[i].length != c) {
        throw new IllegalArgumentException("ragged matrix: row 0 has " + c + " columns, row " + i
            + " has " + (a[i] == null ? "none" : a[i].length));
      }
    }
  }

  static void requireSameShape(double[][] a, double[][] b) {
    if (rows(a) != rows(b) || cols(a) != cols(b)) {
      throw new IllegalArgumentException("shapes differ: " + shape(a) + " vs " + shape(b));
    }
  }

  static String shape(double[][] a) {
    return a.length + "×" + (a.length == 0 ? 0 : a[0].length);
  }

  // ---------------------------------------------------------------- constructors

  /** The n×n identity (the orthogonal-frame Gram shape). */
  public static double[][] identity(int n) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 1;
    }
    return a;
  }

  /** P = I − 11ᵀ/n, the centring matrix (the simplex-ETF Gram shape, THEORY §1). */
  public static double[][] centring(int n) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = (i == j ? 1.0 : 0.0) - 1.0 / n;
      }
    }
    return a;
  }

  /** diag(v). */
  public static double[][] diagonal(double[] v) {
    double[][] a = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      a[i][i] = v[i];
    }
    return a;
  }

  /**
   * A d×k matrix with orthonormal columns, distributed uniformly (Haar): the Q factor of a
   * Gaussian d×k matrix with the signs fixed so that R has a positive diagonal. Requires k ≤ d.
   * Deterministic for a given state of {@code rng}.
   */
  public static double[][] orthonormalColumns(int d, int k, Random rng) {
    if (k > d || k < 1) {
      throw new IllegalArgumentException("need 1 ≤ k ≤ d, got k=" + k + ", d=" + d);
    }
    double[][] g = new double[d][k];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < k; j++) {
        g[i][j] = rng.nextGaussian();
      }
    }
    QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
    double[][] q = qr.getQ().getData();
    double[][] r = qr.getR().getData();
    double[][] out = new double[d][k];
    for (int j = 0; j < k; j++) {
      double sign = r[j][j] < 0 ? -1 : 1;
      for (int i = 0; i < d; i++) {
        out[i][j] = sign * q[i][j];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- elementwise

  public static double[][] copy(double[][] a) {
    requireRectangular(a);
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /** a − b. */
  public static double[][] subtract(double[][] a, double[][] b) {
    requireSameShape(a, b);
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = a[i][j] - b[i][j];
      }
    }
    return c;
  }

  /** a + b. */
  public static double[][] add(double[][] a, double[][] b) {
    requireSameShape(a, b);
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = a[i][j] + b[i][j];
      }
    }
    return c;
  }

  /** s·a. */
  public static double[][] scale(double[][] a, double s) {
    requireRectangular(a);
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = s * a[i][j];
      }
    }
    return c;
  }

  // ---------------------------------------------------------------- products

  /** a b. */
  public static double[][] multiply(double[][] a, double[][] b) {
    int n = rows(a), k = cols(a), m = cols(b);
    if (rows(b) != k) {
      throw new IllegalArgumentException("cannot multiply " + shape(a) + " by " + shape(b));
    }
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      double[] ci = c[i];
      for (int l = 0; l < k; l++) {
        double v = a[i][l];
        if (v == 0) {
          continue;
        }
        double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += v * bl[j];
        }
      }
    }
    return c;
  }

  /** a bᵀ (rows of a against rows of b). */
  public static double[][] multiplyTransposed(double[][] a, double[][] b) {
    int n = rows(a), k = cols(a), m = rows(b);
    if (cols(b) != k) {
      throw new IllegalArgumentException("cannot multiply " + shape(a) + " by the transpose of "
          + shape(b));
    }
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        c[i][j] = dot(a[i], b[j]);
      }
    }
    return c;
  }

  /** a aᵀ: the Gram matrix of the rows of a (e.g. W Wᵀ). */
  public static double[][] rowGram(double[][] a) {
    return multiplyTransposed(a, a);
  }

  /** aᵀ a: the Gram matrix of the columns of a (e.g. H̄ᵀ H̄). */
  public static double[][] columnGram(double[][] a) {
    double[][] t = transpose(a);
    return multiplyTransposed(t, t);
  }

  public static double[][] transpose(double[][] a) {
    int n = rows(a), m = cols(a);
    double[][] t = new double[m][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** a v. */
  public static double[] multiply(double[][] a, double[] v) {
    if (cols(a) != v.length) {
      throw new IllegalArgumentException("cannot multiply " + shape(a) + " by a vector of length "
          + v.length);
    }
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = dot(a[i], v);
    }
    return out;
  }

  // ---------------------------------------------------------------- scalars

  public static double dot(double[] u, double[] v) {
    if (u.length != v.length) {
      throw new IllegalArgumentException("vector lengths differ: " + u.length + " vs " + v.length);
    }
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  /** Euclidean norm, computed with scaling so that it neither overflows nor underflows. */
  public static double norm(double[] v) {
    double scale = 0;
    for (double x : v) {
      if (Double.isNaN(x)) {
        return Double.NaN;
      }
      scale = Math.max(scale, Math.abs(x));
    }
    if (scale == 0 || Double.isInfinite(scale)) {
      return scale;
    }
    double s = 0;
    for (double x : v) {
      double y = x / scale;
      s += y * y;
    }
    return scale * Math.sqrt(s);
  }

  /** ‖a‖_F, computed with scaling so that tiny (e.g. 1e-200) matrices do not underflow to 0. */
  public static double frobeniusNorm(double[][] a) {
    requireRectangular(a);
    double scale = 0;
    for (double[] row : a) {
      for (double x : row) {
        if (Double.isNaN(x)) {
          return Double.NaN;
        }
        scale = Math.max(scale, Math.abs(x));
      }
    }
    if (scale == 0 || Double.isInfinite(scale)) {
      return scale;
    }
    double s = 0;
    for (double[] row : a) {
      for (double x : row) {
        double y = x / scale;
        s += y * y;
      }
    }
    return scale * Math.sqrt(s);
  }

  /** tr a (square a). */
  public static double trace(double[][] a) {
    if (rows(a) != cols(a)) {
      throw new IllegalArgumentException("trace needs a square matrix, got " + shape(a));
    }
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i][i];
    }
    return t;
  }

  /** Column j of a as a new vector. */
  public static double[] column(double[][] a, int j) {
    double[] c = new double[rows(a)];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i][j];
    }
    return c;
  }

  // ---------------------------------------------------------------- decompositions

  /** Singular values of a, in decreasing order (Commons Math SVD). */
  public static double[] singularValues(double[][] a) {
    requireRectangular(a);
    return new SingularValueDecomposition(new Array2DRowRealMatrix(a, false)).getSingularValues();
  }

  /**
   * Moore–Penrose pseudo-inverse a⁺ with an explicit relative cut-off: singular values
   * σ_i ≤ relativeCutoff · σ_max are treated as zero. The zero matrix has pseudo-inverse 0
   * (the transpose shape), as in the definition of a⁺.
   */
  public static double[][] pseudoInverse(double[][] a, double relativeCutoff) {
    requireRectangular(a);
    if (!(relativeCutoff >= 0)) {
      throw new IllegalArgumentException("relative cut-off must be ≥ 0, got " + relativeCutoff);
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
    double[] s = svd.getSingularValues();
    RealMatrix u = svd.getU();
    RealMatrix v = svd.getV();
    int m = rows(a), n = cols(a);
    double[][] out = new double[n][m];
    double threshold = s.length == 0 ? 0 : relativeCutoff * s[0];
    for (int r = 0; r < s.length; r++) {
      if (!(s[r] > threshold) || s[r] == 0) {
        continue;
      }
      double inv = 1.0 / s[r];
      for (int i = 0; i < n; i++) {
        double vi = v.getEntry(i, r) * inv;
        for (int j = 0; j < m; j++) {
          out[i][j] += vi * u.getEntry(j, r);
        }
      }
    }
    return out;
  }
}

package ncverify.theory;

import ncverify.problem.Layout;
import ncverify.problem.Setting;

/** Small dense helpers shared by the families: reading a parameter vector back as matrices. */
public final class Minimisers {
  private Minimisers() {}

  /** H (d × N) with every sample of class k equal to column k of {@code hbar} (NC1). */
  static double[][] replicateMeans(Setting s, double[][] hbar) {
    int d = s.d();
    double[][] h = new double[d][s.N()];
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < d; r++) {
        h[r][i] = hbar[r][labels[i]];
      }
    }
    return h;
  }

  /** Class means H̄ (d × K) of the point x. */
  public static double[][] classMeans(Setting s, double[] x) {
    double[][] h = new Layout(s).hMatrix(x);
    int[] labels = s.labels();
    double[][] hbar = new double[s.d()][s.K()];
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < s.d(); r++) {
        hbar[r][labels[i]] += h[r][i] / s.count(labels[i]);
      }
    }
    return hbar;
  }

  /** b of the point x, or null without bias. */
  public static double[] bias(Setting s, double[] x) {
    if (!s.hasBias()) {
      return null;
    }
    int off = new Layout(s).bOffset();
    return java.util.Arrays.copyOfRange(x, off, off + s.K());
  }

  /** Logit matrix W H̄ + b1ᵀ (K × K, column k = logits of class k's mean). */
  public static double[][] logits(Setting s, double[] x) {
    double[][] z = multiply(new Layout(s).product(x), classMeans(s, x));
    double[] b = bias(s, x);
    if (b != null) {
      for (int a = 0; a < z.length; a++) {
        for (int c = 0; c < z[a].length; c++) {
          z[a][c] += b[a];
        }
      }
    }
    return z;
  }

  /** Per class (logits)_kk − max_{j≠k} (logits)_jk. */
  public static double[] margins(double[][] logits) {
    int k = logits.length;
    double[] m = new double[k];
    for (int c = 0; c < k; c++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        if (j != c) {
          max = Math.max(max, logits[j][c]);
        }
      }
      m[c] = logits[c][c] - max;
    }
    return m;
  }

  /** W Wᵀ of the product W = W_M⋯W_1. */
  public static double[][] wGram(Setting s, double[] x) {
    double[][] w = new Layout(s).product(x);
    return multiply(w, transpose(w));
  }

  /** H̄ᵀ H̄. */
  public static double[][] hGram(Setting s, double[] x) {
    double[][] h = classMeans(s, x);
    return multiply(transpose(h), h);
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length, k = b.length, m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < k; l++) {
        double v = a[i][l];
        for (int j = 0; j < m; j++) {
          c[i][j] += v * b[l][j];
        }
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  static double[] diagonal(double[][] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i][i];
    }
    return d;
  }
}

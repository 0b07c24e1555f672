package ncverify.problem;

/**
 * Where each parameter block lives in the flat parameter vector of a {@link Setting}:
 * W_1 … W_M, then H, then b (if the setting has a bias). Every matrix block is column-major, so
 * H's columns (samples, grouped class by class) are contiguous.
 *
 * <p>W_m is layerOut(m) × layerIn(m); H is d × N; b has length K.
 */
public final class Layout {
  private final Setting setting;
  private final int[] wOffset;
  private final int hOffset;
  private final int bOffset;
  private final int size;

  public Layout(Setting setting) {
    this.setting = setting;
    int depth = setting.depth();
    wOffset = new int[depth + 1];
    int off = 0;
    for (int m = 1; m <= depth; m++) {
      wOffset[m] = off;
      off += setting.layerOut(m) * setting.layerIn(m);
    }
    hOffset = off;
    off += setting.d() * setting.N();
    bOffset = off;
    off += setting.hasBias() ? setting.K() : 0;
    size = off;
  }

  public Setting setting() { return setting; }
  /** Total number of parameters. */
  public int size() { return size; }
  /** Offset of W_m (1-based m). */
  public int wOffset(int m) { return wOffset[m]; }
  public int wRows(int m) { return setting.layerOut(m); }
  public int wCols(int m) { return setting.layerIn(m); }
  public int wSize(int m) { return wRows(m) * wCols(m); }
  public int hOffset() { return hOffset; }
  public int hSize() { return setting.d() * setting.N(); }
  /** Offset of b, or -1 without bias. */
  public int bOffset() { return setting.hasBias() ? bOffset : -1; }

  /** Entry (r, c) of W_m inside the flat vector. */
  public int w(int m, int r, int c) { return wOffset[m] + r + c * wRows(m); }
  /** Entry (r, sample i) of H inside the flat vector. */
  public int h(int r, int i) { return hOffset + r + i * setting.d(); }

  /** W_m as a dense row-major array copy. */
  public double[][] wMatrix(double[] x, int m) {
    return block(x, wOffset[m], wRows(m), wCols(m));
  }

  /** H (d × N) as a dense row-major array copy. */
  public double[][] hMatrix(double[] x) {
    return block(x, hOffset, setting.d(), setting.N());
  }

  /** Writes a row-major matrix into the column-major block of W_m. */
  public void setW(double[] x, int m, double[][] w) {
    put(x, wOffset[m], w);
  }

  /** Writes a row-major d × N matrix into the H block. */
  public void setH(double[] x, double[][] h) {
    put(x, hOffset, h);
  }

  /** Product W = W_M ⋯ W_1 (K × d), row-major. */
  public double[][] product(double[] x) {
    double[][] p = wMatrix(x, 1);
    for (int m = 2; m <= setting.depth(); m++) {
      p = multiply(wMatrix(x, m), p);
    }
    return p;
  }

  private static double[][] block(double[] x, int off, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        a[r][c] = x[off + r + c * rows];
      }
    }
    return a;
  }

  private static void put(double[] x, int off, double[][] a) {
    int rows = a.length;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < a[r].length; c++) {
        x[off + r + c * rows] = a[r][c];
      }
    }
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
}

package ncverify.problem;

import java.util.List;

/**
 * The MSE objective of a {@link Setting} (free features) written around an anchor point x₀:
 * the same f, as a function of the offset δ, f(x₀ + δ). Why: at small λ the residual
 * R = W H + b1ᵀ − Y of an MSE optimum is ~λ while W H and Y are O(1), so {@link Objective}'s R
 * (and with it ∇f) carries an absolute round-off of ~ε = 2.2e-16, i.e. a relative error ~ε/λ; and a
 * point stored in double precision is itself ~ε|x| from the critical point, which moves R by ~ε.
 * Both put the scale-free certificate's floor at ~ε/λ (1e-4 at λ = 1e-12), far above
 * {@code Certificate.CERTIFIED}. Around an anchor the parameters are x₀ + δ with δ a double of its
 * own (double-double coordinates), and R = R₀ + ΔZ where
 * <pre>
 *   R₀ = W₀ H₀ + b₀1ᵀ − Y    computed once in double-double (error-free products and sums),
 *   ΔZ = ΔW H₀ + W δH + δb1ᵀ, ΔW = W − W₀ = Σ_m (W_M⋯W_{m+1}) δ_m (W₀_{m−1}⋯W₀_1)
 * </pre>
 * (the telescoping identity Π(A_m + B_m) − ΠA_m = Σ_m Π_{j&gt;m}(A_j + B_j) B_m Π_{j&lt;m}A_j), so every
 * term of ΔZ is carried relative to its own size: R and ∇f keep full relative accuracy however
 * small λ is. The optimiser moves the anchor ({@link #recentre}) by error-free sums, so no low-order
 * bits are lost. Plain Java loops: it is used only where cancellation is severe ({@link #at}).
 *
 * <p>Shapes: as {@link Layout}; δ has the layout's size. Not for H ≥ 0 (the anchor would shift the
 * bound), ReLU between the layers (not a product chain) or class-mean weights.
 */
public final class AnchoredObjective implements DifferentiableFunction {
  /**
   * Anchoring is used once max|R| at the anchor is below this fraction of max(1, max|Y|) = 1,
   * i.e. once more than four decimal digits of R cancel: from there the certificate's floor
   * ε·|WH|/|R| approaches the 1e-9 certificate within a few more digits of λ; above it the plain
   * {@link Objective} is as accurate and (with ND4J for large products) faster.
   */
  public static final double CANCELLATION = 1e-4;

  private final Setting s;
  private final Layout layout;
  private final int depth;
  private final int n;
  private final int k;
  private final int[] labels;
  private final double[] x0;
  private final double[][][] w0;      // W₀_m (row-major), index 1..M
  private final double[][] h0;        // H₀ (d × N)
  private final double[][][] right0;  // W₀_{m−1}⋯W₀_1 (layerIn(m) × d), right0[1] = I
  private final double[][] p0;        // W₀ = W₀_M⋯W₀_1 rounded (K × d)
  private final double[][] r0;        // R₀ rounded from its double-double value (K × N)

  private AnchoredObjective(Setting s, double[] x0, double[][] r0) {
    this.s = s;
    this.layout = new Layout(s);
    this.depth = s.depth();
    this.n = s.N();
    this.k = s.K();
    this.labels = s.labels();
    this.x0 = x0.clone();
    w0 = new double[depth + 1][][];
    right0 = new double[depth + 1][][];
    for (int m = 1; m <= depth; m++) {
      w0[m] = layout.wMatrix(x0, m);
    }
    h0 = layout.hMatrix(x0);
    right0[1] = identity(s.d());
    for (int m = 2; m <= depth; m++) {
      right0[m] = Layout.multiply(w0[m - 1], right0[m - 1]);
    }
    p0 = Layout.multiply(w0[depth], right0[depth]);
    this.r0 = r0;
  }

  /**
   * The anchored objective at x₀, or null where it is not needed or not defined: not MSE, H ≥ 0,
   * or max|R₀| ≥ {@link #CANCELLATION} (little cancellation).
   */
  public static AnchoredObjective at(Setting s, double[] x0) {
    if (s.loss() != Loss.MSE || s.features() != Features.FREE || s.relu()) {
      return null; // the telescoping form below is for a linear head only
    }
    double[][] r0 = exactResidual(s, x0);
    double max = 0;
    for (double[] row : r0) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max < CANCELLATION ? new AnchoredObjective(s, x0, r0) : null;
  }

  /** The anchored form at x₀ whatever the cancellation there (tests compare it with {@link Objective}). */
  static AnchoredObjective forced(Setting s, double[] x0) {
    return new AnchoredObjective(s, x0, exactResidual(s, x0));
  }

  public Setting setting() {
    return s;
  }

  /** The parameters x₀ + δ, rounded to double. */
  @Override
  public double[] point(double[] delta) {
    double[] x = new double[x0.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = x0[i] + delta[i];
    }
    return x;
  }

  /**
   * The same objective anchored at x₁ = round(x₀ + δ), with the new offset δ' = (x₀ + δ) − x₁
   * computed exactly (the rounding error of each sum, Knuth's TwoSum): a translation of the
   * coordinates, so an optimiser's memory of steps and gradient differences stays valid.
   */
  @Override
  public Recentred recentre(double[] delta) {
    double[] x1 = new double[x0.length];
    double[] rest = new double[x0.length];
    for (int i = 0; i < x1.length; i++) {
      double sum = x0[i] + delta[i];
      double bv = sum - x0[i];
      rest[i] = (x0[i] - (sum - bv)) + (delta[i] - bv);
      x1[i] = sum;
    }
    return new Recentred(new AnchoredObjective(s, x1, exactResidual(s, x1)), rest);
  }

  @Override
  public int dimension() {
    return layout.size();
  }

  @Override
  public List<Block> blocks() {
    return Objective.blocks(s, layout);
  }

  @Override
  public double valueAndGradient(double[] delta, double[] gradient) {
    if (delta.length != layout.size()) {
      throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + delta.length);
    }
    double[] x = point(delta);
    double[][][] w = new double[depth + 1][][];
    double[][][] dW = new double[depth + 1][][];
    for (int m = 1; m <= depth; m++) {
      w[m] = layout.wMatrix(x, m);
      dW[m] = layout.wMatrix(delta, m);
    }
    double[][] h = layout.hMatrix(x);
    double[][] dH = layout.hMatrix(delta);
    // left[m] = W_M ⋯ W_{m+1} (K × layerOut(m)) at the current point; left[M] = I.
    double[][][] left = new double[depth + 1][][];
    left[depth] = identity(k);
    for (int m = depth - 1; m >= 1; m--) {
      left[m] = Layout.multiply(left[m + 1], w[m + 1]);
    }
    double[][] deltaW = new double[k][s.d()];
    for (int m = 1; m <= depth; m++) {
      addTo(deltaW, Layout.multiply(Layout.multiply(left[m], dW[m]), right0[m]));
    }
    double[][] wFull = new double[k][s.d()];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < s.d(); j++) {
        wFull[i][j] = p0[i][j] + deltaW[i][j];
      }
    }
    double[][] r = Layout.multiply(deltaW, h0);
    addTo(r, Layout.multiply(wFull, dH));
    int bo = layout.bOffset();
    double loss = 0;
    for (int c = 0; c < k; c++) {
      double db = s.hasBias() ? delta[bo + c] : 0;
      for (int i = 0; i < n; i++) {
        r[c][i] += r0[c][i] + db;
        loss += r[c][i] * r[c][i];
      }
    }
    loss *= 0.5 / n;
    double penalty = 0;
    for (int m = 1; m <= depth; m++) {
      penalty += 0.5 * s.lambdaW(m) * sumSquares(x, layout.wOffset(m), layout.wSize(m));
    }
    penalty += 0.5 * s.lambdaH() * sumSquares(x, layout.hOffset(), layout.hSize());
    if (s.bias() == Bias.REGULARIZED) {
      penalty += 0.5 * s.lambdaB() * sumSquares(x, bo, k);
    }
    if (gradient == null) {
      return loss + penalty;
    }
    // G = R/N; ∂H = Wᵀ G; ∂W_m = left_mᵀ G Hᵀ (W_{m−1}⋯W_1)ᵀ; ∂b = G 1.
    double[][] g = new double[k][n];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        g[c][i] = r[c][i] / n;
      }
    }
    double[][] dh = Layout.multiply(transpose(wFull), g);
    double[][] ght = Layout.multiply(g, transpose(h));   // K × d
    double[][] right = identity(s.d());                   // W_{m−1}⋯W_1 at the current point
    for (int m = 1; m <= depth; m++) {
      double[][] dwm = Layout.multiply(Layout.multiply(transpose(left[m]), ght), transpose(right));
      for (int row = 0; row < dwm.length; row++) {
        for (int col = 0; col < dwm[row].length; col++) {
          int at = layout.w(m, row, col);
          gradient[at] = dwm[row][col] + s.lambdaW(m) * x[at];
        }
      }
      right = Layout.multiply(w[m], right);
    }
    for (int i = 0; i < n; i++) {
      for (int row = 0; row < s.d(); row++) {
        int at = layout.h(row, i);
        gradient[at] = dh[row][i] + s.lambdaH() * x[at];
      }
    }
    if (s.hasBias()) {
      double lb = s.bias() == Bias.REGULARIZED ? s.lambdaB() : 0.0;
      for (int c = 0; c < k; c++) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += g[c][i];
        }
        gradient[bo + c] = acc + lb * x[bo + c];
      }
    }
    return loss + penalty;
  }

  /**
   * R = W_M⋯W_1 H + b1ᵀ − Y at x, accurate to a few units of round-off relative to R itself:
   * each product is accumulated as a double-double (TwoProduct by fma, TwoSum; Ogita–Rump–Oishi
   * 2005, Dot2), the chain carried as double-double matrices, and Y and b subtracted before the
   * final rounding.
   */
  static double[][] exactResidual(Setting s, double[] x) {
    Layout layout = new Layout(s);
    int depth = s.depth();
    double[][] hi = layout.wMatrix(x, 1);
    double[][] lo = null;
    for (int m = 2; m <= depth; m++) {
      double[][] w = layout.wMatrix(x, m);
      double[][][] next = ddTimes(w, null, hi, lo);
      hi = next[0];
      lo = next[1];
    }
    double[][][] z = ddTimes(hi, lo, layout.hMatrix(x), null);
    int k = s.K();
    int n = s.N();
    int[] labels = s.labels();
    double[][] r = new double[k][n];
    for (int c = 0; c < k; c++) {
      double b = s.hasBias() ? x[layout.bOffset() + c] : 0;
      for (int i = 0; i < n; i++) {
        double y = labels[i] == c ? 1.0 : 0.0;
        // (z_hi + z_lo) + b − y: TwoSum on the large parts, then the small ones.
        double s1 = z[0][c][i] + b;
        double e1 = twoSumError(z[0][c][i], b, s1);
        double s2 = s1 - y;
        double e2 = twoSumError(s1, -y, s2);
        r[c][i] = s2 + (e1 + e2 + z[1][c][i]);
      }
    }
    return r;
  }

  /**
   * (A_hi + A_lo) × (B_hi + B_lo) as a double-double matrix {hi, lo} (a null low part is zero):
   * A_hi·B_hi by TwoProduct with its sum by TwoSum, the cross terms (already second order) in
   * plain arithmetic into the error term.
   */
  private static double[][][] ddTimes(double[][] aHi, double[][] aLo, double[][] bHi, double[][] bLo) {
    int rows = aHi.length, inner = bHi.length, cols = bHi[0].length;
    double[][] hi = new double[rows][cols];
    double[][] lo = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = 0, err = 0;
        for (int l = 0; l < inner; l++) {
          double p = aHi[i][l] * bHi[l][j];
          double pe = Math.fma(aHi[i][l], bHi[l][j], -p);
          double t = sum + p;
          err += twoSumError(sum, p, t) + pe;
          if (bLo != null) {
            err += aHi[i][l] * bLo[l][j];
          }
          if (aLo != null) {
            err += aLo[i][l] * bHi[l][j];
          }
          sum = t;
        }
        double t = sum + err;
        hi[i][j] = t;
        lo[i][j] = err - (t - sum);
      }
    }
    return new double[][][] {hi, lo};
  }

  /** The exact rounding error of the floating-point sum t = a + b (Knuth's TwoSum). */
  private static double twoSumError(double a, double b, double t) {
    double bv = t - a;
    return (a - (t - bv)) + (b - bv);
  }

  private static double[][] identity(int size) {
    double[][] id = new double[size][size];
    for (int i = 0; i < size; i++) {
      id[i][i] = 1;
    }
    return id;
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

  static void addTo(double[][] target, double[][] a) {
    for (int i = 0; i < target.length; i++) {
      for (int j = 0; j < target[i].length; j++) {
        target[i][j] += a[i][j];
      }
    }
  }

  private static double sumSquares(double[] x, int off, int len) {
    double acc = 0;
    for (int i = off; i < off + len; i++) {
      acc += x[i] * x[i];
    }
    return acc;
  }
}

package ncverify.problem;

/**
 * The objective of a deep head with a ReLU after every inner layer (activation=relu, M ≥ 2): the
 * deep unconstrained features model (DUFM) of Súkeník, Mondelli &amp; Lampert (arXiv 2305.13165,
 * Definition of the L-DUFM; arXiv 2405.14468, §3):
 * <pre>
 *   A_1 = W_1 H,  Z_m = σ(A_m),  A_{m+1} = W_{m+1} Z_m  (m = 1 … M−2),  out = W_M Z_{M−1} + b,
 *   f = (1/N) Σ_i loss(out_i, y_i) + Σ_m (λ_{W_m}/2)‖W_m‖² + (λ_H/2)‖H‖² [+ (λ_B/2)‖b‖²],
 * </pre>
 * σ(a) = max(0, a); H itself is free (no ReLU on the features) and W_M's output is linear, as in
 * the papers. With MSE, loss(out, y) = ½‖out − e_y‖², the normalisation of every MSE family here.
 *
 * <p>Unlike the linear head (multiplied out on the weight side), the chain must be evaluated on
 * the feature side: cost O(N Σ_m d_{m−1} d_m) per evaluation, in plain Java loops.
 *
 * <p><b>Gradient at kinks.</b> The gradient uses σ'(0) = 0. f is not differentiable where a
 * pre-activation is 0 and its upstream sensitivity is non-zero. Writing g_e = ∂f/∂z_e for the
 * post-activation of entry e (back-propagated with σ'(0) = 0 above it), the one-sided directional
 * derivative is exactly f'(x; δ) = ∇f(x)·δ + Σ_{e at a kink} g_e·max(0, δa_e) (layer by layer from
 * the top: the positive part of a kink's change enters the layer above only through g_e). Hence a
 * point with ∇f = 0 and g_e ≥ 0 at every kink is d-stationary (every directional derivative ≥ 0,
 * so also Clarke-stationary); {@link #kinkViolation} measures the negative parts, so the one
 * certificate ({@code train.Certificate}) treats kinks like the bounds of H ≥ 0. A negative g_e
 * does not prove a descent direction (a single entry cannot always be moved alone): such points
 * are simply not certified, and a verdict that needs them is INCONCLUSIVE.
 */
final class ReluChain {
  /**
   * A pre-activation counts as sitting at a kink when |a_e| ≤ this fraction of its layer's largest
   * |a|: certified points (residual ≤ 1e-9) place entries that are exactly 0 at the critical point
   * within ~1e-9…1e-7 relative of it (weight decay drives a dead entry to 0 only linearly), while
   * live entries of these problems are ≥ 1e-3 of their layer's scale.
   */
  static final double KINK_RELATIVE = 1e-6;

  private final Setting s;
  private final Layout layout;
  private final int[] labels;
  private final double[] weights;
  private final double invN;
  private final int depth;
  private final int n;
  private final int k;
  private final double[][] a;   // a[m] = A_m (layerOut(m) × N), m = 1 … M−1, column-major
  private final double[][] z;   // z[m] = σ(A_m); z[0] = H
  private final double[] out;   // K × N; after the loss it holds G = ∂loss/∂out
  private final double[][] up;  // up[m] = W_{m+1}ᵀ δ_{m+1}: ∂f/∂Z_m (before the mask)
  /**
   * A fixed activation pattern (pattern[m][e]: unit passes), or null for the ReLU itself. With a
   * pattern the chain is the smooth piece of f on which that pattern holds (each σ replaced by a
   * fixed 0/1 mask): the non-smooth polish minimises it and then judges the point on f.
   */
  private boolean[][] pattern;
  /**
   * The point whose sensitivities (a, z, up) the buffers hold after a full evaluation with a
   * gradient, valid while {@link #holdsEvaluated}. The certificate asks for {@link #kinkViolation} at the point an optimiser
   * has just evaluated (every L-BFGS iteration); re-running the forward and backward pass there
   * would double the cost of every ReLU run. The buffers are a deterministic function of x, so
   * reusing them for an equal x gives bit-identical results.
   */
  private double[] evaluatedAt;
  private boolean holdsEvaluated;

  ReluChain(Setting s, Layout layout, int[] labels, double[] weights, double invN) {
    this.s = s;
    this.layout = layout;
    this.labels = labels;
    this.weights = weights;
    this.invN = invN;
    this.depth = s.depth();
    this.n = s.N();
    this.k = s.K();
    a = new double[depth][];
    z = new double[depth][];
    up = new double[depth][];
    z[0] = new double[s.d() * n];
    up[0] = new double[s.d() * n];
    for (int m = 1; m < depth; m++) {
      a[m] = new double[s.layerOut(m) * n];
      z[m] = new double[s.layerOut(m) * n];
      up[m] = new double[s.layerOut(m) * n];
    }
    out = new double[k * n];
  }

  private boolean passes(int m, int e) {
    return pattern == null ? a[m][e] > 0 : pattern[m][e];
  }

  /** Fixes the activation pattern (see {@link #pattern}); null restores the ReLU. */
  void fixPattern(boolean[][] fixed) {
    pattern = fixed;
    holdsEvaluated = false;
  }

  /**
   * The activation pattern at x: entry e of layer m passes when its pre-activation is above the
   * kink band (a_e &gt; {@link #KINK_RELATIVE} × the layer's largest |a|); entries in the band are
   * off, as σ'(0) = 0 has them.
   */
  boolean[][] activationPattern(double[] x) {
    forward(x);
    boolean[][] p = new boolean[depth][];
    for (int m = 1; m < depth; m++) {
      double scale = maxAbs(a[m]);
      p[m] = new boolean[a[m].length];
      for (int e = 0; e < a[m].length; e++) {
        p[m][e] = a[m][e] > KINK_RELATIVE * scale;
      }
    }
    return p;
  }

  /** Forward pass; leaves A_m, Z_m and out (with the bias) in the buffers. */
  private void forward(double[] x) {
    holdsEvaluated = false; // the buffers are about to change
    System.arraycopy(x, layout.hOffset(), z[0], 0, s.d() * n);
    for (int m = 1; m < depth; m++) {
      multiply(x, m, z[m - 1], a[m]);
      for (int e = 0; e < a[m].length; e++) {
        z[m][e] = passes(m, e) ? a[m][e] : 0.0;
      }
    }
    multiply(x, depth, z[depth - 1], out);
    if (s.hasBias()) {
      int bo = layout.bOffset();
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < k; r++) {
          out[r + i * k] += x[bo + r];
        }
      }
    }
  }

  /** The outputs (K × N, column-major) at x. */
  double[] outputs(double[] x) {
    forward(x);
    return out.clone();
  }

  /** out = W_m · in (layerOut(m) × N), W_m read from x. */
  private void multiply(double[] x, int m, double[] in, double[] result) {
    int rows = layout.wRows(m);
    int cols = layout.wCols(m);
    int off = layout.wOffset(m);
    java.util.Arrays.fill(result, 0.0);
    for (int i = 0; i < n; i++) {
      int ib = i * cols;
      int ob = i * rows;
      for (int c = 0; c < cols; c++) {
        double v = in[ib + c];
        if (v == 0) {
          continue;
        }
        int wc = off + c * rows;
        for (int r = 0; r < rows; r++) {
          result[ob + r] += x[wc + r] * v;
        }
      }
    }
  }

  /** result = W_mᵀ · g (layerIn(m) × N). */
  private void multiplyTransposed(double[] x, int m, double[] g, double[] result) {
    int rows = layout.wRows(m);
    int cols = layout.wCols(m);
    int off = layout.wOffset(m);
    for (int i = 0; i < n; i++) {
      int gb = i * rows;
      int rb = i * cols;
      for (int c = 0; c < cols; c++) {
        int wc = off + c * rows;
        double acc = 0;
        for (int r = 0; r < rows; r++) {
          acc += x[wc + r] * g[gb + r];
        }
        result[rb + c] = acc;
      }
    }
  }

  /** gradient block of W_m += δ · inᵀ (δ is layerOut(m) × N, in is layerIn(m) × N). */
  private void outerInto(double[] gradient, int m, double[] delta, double[] in) {
    int rows = layout.wRows(m);
    int cols = layout.wCols(m);
    int off = layout.wOffset(m);
    for (int i = 0; i < n; i++) {
      int db = i * rows;
      int ib = i * cols;
      for (int c = 0; c < cols; c++) {
        double v = in[ib + c];
        if (v == 0) {
          continue;
        }
        int wc = off + c * rows;
        for (int r = 0; r < rows; r++) {
          gradient[wc + r] += delta[db + r] * v;
        }
      }
    }
  }

  private double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /** Loss part; leaves G = ∂loss/∂out in {@code out}. */
  private double loss() {
    Loss l = s.loss();
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += weight(i) * l.valueAndLogitGradient(out, i * k, k, labels[i], invN * weight(i));
    }
    return total * invN;
  }

  /**
   * Back-propagates G: fills up[m] = ∂f/∂Z_m (m = M−1 … 0, up[0] = ∂loss/∂H) and, when
   * {@code gradient} is not null, adds the loss part of every ∂W_m into it.
   */
  private void backward(double[] x, double[] gradient) {
    double[] delta = out;
    for (int m = depth; m >= 1; m--) {
      if (gradient != null) {
        outerInto(gradient, m, delta, z[m - 1]);
      }
      multiplyTransposed(x, m, delta, up[m - 1]);
      if (m > 1) {
        double[] masked = new double[up[m - 1].length];
        for (int e = 0; e < masked.length; e++) {
          masked[e] = passes(m - 1, e) ? up[m - 1][e] : 0.0;
        }
        delta = masked;
      }
    }
  }

  double evaluate(double[] x, double[] gradient) {
    forward(x);
    double loss = loss();
    double penalty = 0;
    for (int m = 1; m <= depth; m++) {
      penalty += 0.5 * s.lambdaW(m) * sumSquares(x, layout.wOffset(m), layout.wSize(m));
    }
    int d = s.d();
    for (int i = 0; i < n; i++) {
      penalty += 0.5 * s.lambdaH() * weight(i) * sumSquares(x, layout.hOffset() + i * d, d);
    }
    if (s.bias() == Bias.REGULARIZED) {
      penalty += 0.5 * s.lambdaB() * sumSquares(x, layout.bOffset(), k);
    }
    if (gradient == null) {
      return loss + penalty;
    }
    java.util.Arrays.fill(gradient, 0.0);
    backward(x, gradient);
    if (evaluatedAt == null) {
      evaluatedAt = new double[x.length];
    }
    System.arraycopy(x, 0, evaluatedAt, 0, x.length);
    holdsEvaluated = true;
    for (int m = 1; m <= depth; m++) {
      int off = layout.wOffset(m);
      for (int e = off; e < off + layout.wSize(m); e++) {
        gradient[e] += s.lambdaW(m) * x[e];
      }
    }
    int ho = layout.hOffset();
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < d; r++) {
        int at = ho + r + i * d;
        gradient[at] = up[0][r + i * d] + s.lambdaH() * weight(i) * x[at];
      }
    }
    if (s.hasBias()) {
      double lb = s.bias() == Bias.REGULARIZED ? s.lambdaB() : 0.0;
      int bo = layout.bOffset();
      for (int r = 0; r < k; r++) {
        double acc = lb * x[bo + r];
        for (int i = 0; i < n; i++) {
          acc += out[r + i * k];
        }
        gradient[bo + r] = acc;
      }
    }
    return loss + penalty;
  }

  /** Fills a, z, out (as G) and up at x; returns nothing (the kink queries read the buffers). */
  private void sensitivities(double[] x) {
    if (holdsEvaluated && java.util.Arrays.equals(evaluatedAt, x)) {
      return; // the buffers already hold x's pass (see evaluatedAt)
    }
    forward(x);
    loss();
    backward(x, null);
  }

  private static boolean atKink(double value, double layerScale) {
    return Math.abs(value) <= KINK_RELATIVE * layerScale;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double e : v) {
      m = Math.max(m, Math.abs(e));
    }
    return m;
  }

  /**
   * √Σ_m ω_m² Σ_{e at a kink of layer m} min(0, g_e)², ω_m = max(‖Z_m‖_F, ‖A_m‖_F), g_e = ∂f/∂z_e:
   * the first-order decrease available at the kinks, in the units of the certificate's numerator
   * (a block's natural size times its gradient; ω_m and g_e scale by c and 1/c under the
   * rescaling symmetry, so the product is invariant). 0 at a smooth point and at a d-stationary
   * kink (every g_e ≥ 0).
   */
  double kinkViolation(double[] x) {
    if (pattern != null) {
      return 0.0; // a fixed pattern is smooth: no kinks
    }
    sensitivities(x);
    double acc = 0;
    for (int m = 1; m < depth; m++) {
      double scale = maxAbs(a[m]);
      if (scale == 0) {
        // every pre-activation of this layer is exactly 0 (a dead layer): all are kinks
        scale = Double.MIN_NORMAL;
      }
      double omegaSq = Math.max(sumSquares(z[m], 0, z[m].length), sumSquares(a[m], 0, a[m].length));
      double layer = 0;
      for (int e = 0; e < a[m].length; e++) {
        if (atKink(a[m][e], scale) && up[m][e] < 0) {
          layer += up[m][e] * up[m][e];
        }
      }
      acc += omegaSq * layer;
    }
    return Math.sqrt(acc);
  }

  /** How many pre-activations sit at a kink (|a_e| ≤ {@link #KINK_RELATIVE} × the layer's max). */
  int kinkCount(double[] x) {
    forward(x);
    int count = 0;
    for (int m = 1; m < depth; m++) {
      double scale = maxAbs(a[m]);
      for (double v : a[m]) {
        if (scale == 0 || atKink(v, scale)) {
          count++;
        }
      }
    }
    return count;
  }

  private static double sumSquares(double[] x, int off, int len) {
    double acc = 0;
    for (int i = off; i < off + len; i++) {
      acc += x[i] * x[i];
    }
    return acc;
  }
}

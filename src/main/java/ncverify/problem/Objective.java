package ncverify.problem;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training objective of a {@link Setting}, with the normalisations of THEORY.md §2:
 * <pre>
 *   f = (1/2N) ‖W_M⋯W_1 H + b1ᵀ − Y‖²_F          (MSE)
 *     = (1/N) Σ_i CE(W_M⋯W_1 h_i + b, y_i)          (CE)
 *     + Σ_m (λ_{W_m}/2)‖W_m‖²_F + (λ_H/2)‖H‖²_F [+ (λ_B/2)‖b‖²]
 * </pre>
 * Value and analytic gradient. The linear chain is multiplied out on the weight side
 * (W = W_M ⋯ W_1, cost independent of N), so the N-sized work is always three products with the
 * K-row matrix W, whatever the depth: Z = W H, ∂H = Wᵀ G, G Hᵀ (G = ∂loss/∂Z); the layer gradients
 * ∂W_m = (W_M⋯W_{m+1})ᵀ (G Hᵀ) (W_{m−1}⋯W_1)ᵀ then cost O(d³) each.
 *
 * <p>All matrices live in preallocated column-major ND4J buffers and every product is one
 * {@code Nd4j.gemm} into its buffer (the allocating {@code mmul} was ~10× slower for these shapes).
 * For M = 1 and MSE a step costs exactly three products: R = W H − Y (Y pre-copied, β = −1),
 * ∂W = (1/N) R Hᵀ, ∂H = (1/N) Wᵀ R (the 1/N folded into α), plus one copy and two O(#params) passes.
 * Instances are not thread-safe (they own their buffers).
 */
public final class Objective implements DifferentiableFunction {
  private final Setting s;
  private final Layout layout;
  private final DataType type;
  private final int depth;
  private final int n;
  private final int[] labels;
  private final double invN;
  private final double[] weights;  // per-column multiplicities (class-mean problem), or null = all 1

  private final INDArray[] w;      // W_1 … W_M (index 1..M)
  private final INDArray h;        // H (d × N)
  private final INDArray[] prefix; // prefix[m] = W_m ⋯ W_1 (layerOut(m) × d); prefix[1] is w[1]
  private final INDArray z;        // Z = W H (K × N); for MSE without bias it holds R = Z − Y
  private final INDArray dh;       // ∂loss/∂H (d × N)
  private final INDArray[] t;      // t[m] = (W_M ⋯ W_{m+1})ᵀ (∂loss/∂Z) Hᵀ (layerOut(m) × d)
  private final INDArray[] dw;     // ∂loss/∂W_m for m ≥ 2 (dW_1 = t[1])
  private final INDArray oneHot;   // Y (K × N), for MSE
  private final double[] logits;   // Z copied out for the CE softmax
  private final double[] bias;
  private final float[] floats;    // conversion buffer for FLOAT (bulk copies instead of per-entry puts)
  private final ReluChain relu;    // the feature-side pass for activation=relu, else null

  public Objective(Setting setting) {
    this(setting, DataType.DOUBLE);
  }

  /** @param type DOUBLE for certificates; FLOAT only for speed measurements. */
  public Objective(Setting setting, DataType type) {
    this(setting, type, null, setting.N());
  }

  /**
   * The weighted objective: column i of H stands for {@code weights[i]} identical samples, the loss is
   * normalised by {@code normaliser} (the full problem's N) and λ_H/2 Σ_i weights[i]‖h_i‖². With the
   * class counts as weights this is the class-mean problem of {@link ClassMeans}.
   */
  Objective(Setting setting, DataType type, double[] weights, int normaliser) {
    this.s = setting;
    this.weights = weights == null ? null : weights.clone();
    this.layout = new Layout(setting);
    this.type = type;
    this.depth = setting.depth();
    this.n = setting.N();
    this.labels = setting.labels();
    this.invN = 1.0 / normaliser;
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException("expected " + n + " column weights, got " + weights.length);
    }
    int d = setting.d();
    w = new INDArray[depth + 1];
    prefix = new INDArray[depth + 1];
    t = new INDArray[depth + 1];
    dw = new INDArray[depth + 1];
    h = Nd4j.create(type, new long[] {d, n}, 'f');
    dh = Nd4j.create(type, new long[] {d, n}, 'f');
    z = Nd4j.create(type, new long[] {setting.K(), n}, 'f');
    for (int m = 1; m <= depth; m++) {
      long[] shape = {layout.wRows(m), layout.wCols(m)};
      w[m] = Nd4j.create(type, shape, 'f');
      prefix[m] = m == 1 ? w[1] : Nd4j.create(type, new long[] {setting.layerOut(m), d}, 'f');
      t[m] = Nd4j.create(type, new long[] {setting.layerOut(m), d}, 'f');
      dw[m] = m == 1 ? t[1] : Nd4j.create(type, shape, 'f');
    }
    int k = setting.K();
    floats = type == DataType.FLOAT ? new float[Math.max(layout.size(), k * n)] : null;
    double[] y = new double[k * n];
    for (int i = 0; i < n; i++) {
      y[labels[i] + i * k] = 1.0;
    }
    oneHot = Nd4j.create(type, new long[] {k, n}, 'f');
    write(y, 0, oneHot);
    logits = new double[k * n];
    bias = new double[k];
    relu = setting.relu() ? new ReluChain(setting, layout, labels, this.weights, invN) : null;
  }

  /**
   * For activation=relu: the scale-free first-order violation at the ReLU kinks (see
   * {@link ReluChain#kinkViolation}); 0 for a linear head, which has no kinks.
   */
  @Override
  public double kinkViolation(double[] x) {
    return relu == null ? 0.0 : relu.kinkViolation(x);
  }

  /**
   * For activation=relu: which pre-activations pass their ReLU at x (pattern[m][e] for layer
   * m = 1 … M−1, entry e = unit + sample × width; entries within the kink band do not pass).
   *
   * @throws IllegalStateException for a linear head
   */
  public boolean[][] activationPattern(double[] x) {
    if (relu == null) {
      throw new IllegalStateException("a linear head has no activation pattern");
    }
    return relu.activationPattern(x);
  }

  /**
   * For activation=relu: the smooth piece of this objective on which {@code pattern} holds (each
   * ReLU replaced by that fixed 0/1 mask; no kinks, so its certificate is the plain one). Equal to
   * this objective at every x whose activation pattern is {@code pattern}.
   *
   * @throws IllegalStateException for a linear head
   */
  public Objective onPattern(boolean[][] pattern) {
    if (relu == null) {
      throw new IllegalStateException("a linear head has no activation pattern");
    }
    Objective piece = new Objective(s, type, weights, (int) Math.round(1.0 / invN));
    piece.relu.fixPattern(pattern);
    return piece;
  }

  /** For activation=relu: how many pre-activations sit at a kink (within the tolerance); else 0. */
  public int kinkCount(double[] x) {
    return relu == null ? 0 : relu.kinkCount(x);
  }

  /**
   * The network's outputs at the columns of H (K × N, column-major): W_M σ(⋯σ(W_1 H)) + b for
   * activation=relu, W_M⋯W_1 H + b for a linear head.
   */
  public double[] outputs(double[] x) {
    if (relu != null) {
      return relu.outputs(x);
    }
    double[][] w = layout.product(x);
    double[][] hm = layout.hMatrix(x);
    int k = s.K();
    double[] out = new double[k * n];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < k; r++) {
        double acc = s.hasBias() ? x[layout.bOffset() + r] : 0;
        for (int c = 0; c < s.d(); c++) {
          acc += w[r][c] * hm[c][i];
        }
        out[r + i * k] = acc;
      }
    }
    return out;
  }

  public Setting setting() { return s; }
  /** Whether columns carry multiplicities (the class-mean problem of {@link ClassMeans}). */
  public boolean weighted() { return weights != null; }
  public Layout layout() { return layout; }

  @Override
  public int dimension() {
    return layout.size();
  }

  @Override
  public int[] nonnegativeRange() {
    return s.features() == Features.NONNEG
        ? new int[] {layout.hOffset(), layout.hOffset() + layout.hSize()} : null;
  }

  @Override
  public java.util.List<Block> blocks() {
    return blocks(s, layout);
  }

  /** The certificate's parameter blocks of a setting's objective (shared with {@link AnchoredObjective}). */
  static java.util.List<Block> blocks(Setting s, Layout layout) {
    java.util.List<Block> out = new java.util.ArrayList<>();
    for (int m = 1; m <= s.depth(); m++) {
      out.add(new Block(layout.wOffset(m), layout.wOffset(m) + layout.wSize(m), s.lambdaW(m), false));
    }
    out.add(new Block(layout.hOffset(), layout.hOffset() + layout.hSize(), s.lambdaH(), false));
    if (s.hasBias()) {
      out.add(new Block(layout.bOffset(), layout.bOffset() + s.K(),
          s.bias() == Bias.REGULARIZED ? s.lambdaB() : 0.0, true));
    }
    return out;
  }

  /**
   * For MSE with free features where R = WH + b1ᵀ − Y cancels badly at x (vanishing λ), the same
   * objective anchored at x ({@link AnchoredObjective}), at offset 0; otherwise null. Only the full
   * problem (not the class-mean weights) and double precision.
   */
  @Override
  public Recentred recentre(double[] x) {
    if (weights != null || type != DataType.DOUBLE) {
      return null;
    }
    AnchoredObjective anchored = AnchoredObjective.at(s, x);
    return anchored == null ? null : new Recentred(anchored, new double[x.length]);
  }

  @Override
  public double value(double[] x) {
    return evaluate(x, null);
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    return evaluate(x, gradient);
  }

  /**
   * For MSE in double precision: the noise the gradient carries from the rounding of the outputs
   * ({@link OutputRounding}, which derives it); null for the other losses, whose loss gradient is
   * computed without that cancellation (CE's p − y avoids the 1 − p one), so no floor is claimed.
   */
  @Override
  public double[] gradientNoise(double[] x) {
    if (s.loss() != Loss.MSE || type != DataType.DOUBLE) {
      return null;
    }
    return OutputRounding.gradientNoise(s, layout, weights, invN, x);
  }

  /** Exact, for a linear head with MSE or CE in double precision ({@link DeepLinearHessian}). */
  @Override
  public boolean hessianVector(double[] x, double[] v, double[] out) {
    if (type != DataType.DOUBLE || !DeepLinearHessian.covers(s)) {
      return false;
    }
    DeepLinearHessian.apply(s, layout, weights, invN, x, v, out);
    return true;
  }

  private double evaluate(double[] x, double[] gradient) {
    if (x.length != layout.size()) {
      throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + x.length);
    }
    if (s.relu()) {
      return relu.evaluate(x, gradient);
    }
    int k = s.K();
    for (int m = 1; m <= depth; m++) {
      write(x, layout.wOffset(m), w[m]);
    }
    write(x, layout.hOffset(), h);
    // The chain is multiplied out on the weight side first: prefix products cost d_m·d_{m−1}·d each,
    // independent of N, and the N-sized work is then three products with the K-row matrix W.
    for (int m = 2; m <= depth; m++) {
      gemm(w[m], prefix[m - 1], prefix[m], false, false, 1.0, 0.0);
    }
    INDArray product = prefix[depth];             // W = W_M ⋯ W_1 (K × d)
    if (s.hasBias()) {
      System.arraycopy(x, layout.bOffset(), bias, 0, k);
    }

    double topScale;                              // ∂loss/∂Z = topScale · z after this block
    double loss;
    if (s.loss() == Loss.MSE && !s.hasBias()) {
      // R = W H − Y in one product: Y is copied into the output and gemm adds with β = −1.
      z.assign(oneHot);
      gemm(product, h, z, false, false, 1.0, -1.0);
      if (weights != null) {
        loss = 0.5 * invN * weightColumns(z);     // leaves R·diag(weights) in z
      } else {
        loss = 0.5 * invN * sumSquares(z);
      }
      topScale = invN;                            // ∂loss/∂Z = R/N, folded into the next products
    } else {
      gemm(product, h, z, false, false, 1.0, 0.0);
      read(z, logits);
      loss = meanLoss(k);
      write(logits, 0, z);                        // logits now holds ∂loss/∂Z
      topScale = 1.0;
    }

    double penalty = 0;
    for (int m = 1; m <= depth; m++) {
      penalty += 0.5 * s.lambdaW(m) * sumSquares(x, layout.wOffset(m), layout.wSize(m));
    }
    penalty += 0.5 * s.lambdaH() * (weights == null
        ? sumSquares(x, layout.hOffset(), layout.hSize()) : weightedColumnSquares(x));
    if (s.bias() == Bias.REGULARIZED) {
      penalty += 0.5 * s.lambdaB() * sumSquares(x, layout.bOffset(), k);
    }
    if (gradient == null) {
      return loss + penalty;
    }

    // G = ∂loss/∂Z = topScale·z.  ∂H = Wᵀ G;  ∂W_m = (W_M⋯W_{m+1})ᵀ G Hᵀ (W_{m−1}⋯W_1)ᵀ, built as
    // t[M] = G Hᵀ, t[m−1] = W_mᵀ t[m], ∂W_m = t[m] prefix[m−1]ᵀ (∂W_1 = t[1]).
    gemm(product, z, dh, true, false, topScale, 0.0);
    gemm(z, h, t[depth], false, true, topScale, 0.0);
    for (int m = depth; m >= 2; m--) {
      gemm(w[m], t[m], t[m - 1], true, false, 1.0, 0.0);
      gemm(t[m], prefix[m - 1], dw[m], false, true, 1.0, 0.0);
    }
    for (int m = 1; m <= depth; m++) {
      readPlusDecay(dw[m], x, gradient, layout.wOffset(m), s.lambdaW(m));
    }
    readPlusDecay(dh, x, gradient, layout.hOffset(), s.lambdaH());
    if (weights != null) {
      // the decay of column i is λ_H·weights[i]·h_i; readPlusDecay added λ_H·h_i
      int d = s.d();
      for (int i = 0; i < n; i++) {
        double extra = s.lambdaH() * (weights[i] - 1.0);
        for (int r = 0, at = layout.hOffset() + i * d; r < d; r++, at++) {
          gradient[at] += extra * x[at];
        }
      }
    }
    if (s.hasBias()) {
      double lb = s.bias() == Bias.REGULARIZED ? s.lambdaB() : 0.0;
      int bo = layout.bOffset();
      for (int c = 0; c < k; c++) {
        gradient[bo + c] = lb * bias[c];
      }
      // logits holds ∂loss/∂Z; ∂loss/∂b is its row sum.
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          gradient[bo + c] += logits[c + i * k];
        }
      }
    }
    return loss + penalty;
  }

  /**
   * The mean loss on the copied-out logits (plus the bias, if any), through {@link Loss}; leaves
   * ∂loss/∂Z = (1/N) ∂ℓ/∂z in {@code logits}.
   */
  private double meanLoss(int k) {
    boolean withBias = s.hasBias();
    Loss l = s.loss();
    double total = 0;
    for (int i = 0; i < n; i++) {
      int base = i * k;
      if (withBias) {
        for (int c = 0; c < k; c++) {
          logits[base + c] += bias[c];
        }
      }
      total += weight(i) * l.valueAndLogitGradient(logits, base, k, labels[i], invN * weight(i));
    }
    return total * invN;
  }

  /**
   * Products with at most this many multiply-adds run as plain Java loops: every ND4J call has a
   * fixed cost of about 15 µs (STACK.md), which dominates the tiny blocks of the class-mean problem
   * (K×K at depth), where plain Java is 20–200× faster.
   */
  static final long SMALL_GEMM = 32 * 32 * 32;

  /** C = α op(A) op(B) + β C on column-major buffers, by ND4J or, for small shapes, plain loops. */
  private void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha,
      double beta) {
    int rows = (int) c.rows();
    int cols = (int) c.columns();
    int inner = (int) (ta ? a.rows() : a.columns());
    if (type != DataType.DOUBLE || (long) rows * cols * inner > SMALL_GEMM) {
      Nd4j.gemm(a, b, c, ta, tb, alpha, beta);
      return;
    }
    // Bulk copies into Java arrays, then loops over contiguous columns: per-element DoubleBuffer
    // access (bounds and scope checks on every read) cost more than the arithmetic. Each entry is
    // still the sum over l in increasing order, so the results are the same bit for bit.
    int lda = (int) a.rows();
    int ldb = (int) b.rows();
    double[] av = gemmA = copyOut(a, gemmA);
    double[] bv = gemmB = copyOut(b, gemmB);
    double[] cv = gemmC = beta == 0 ? grow(gemmC, rows * cols) : copyOut(c, gemmC);
    double[] acc = gemmAcc = grow(gemmAcc, rows);
    for (int j = 0; j < cols; j++) {
      if (ta) {
        for (int i = 0; i < rows; i++) {
          double sum = 0;
          for (int l = 0, ai = i * lda; l < inner; l++) {
            sum += av[ai + l] * (tb ? bv[j + l * ldb] : bv[l + j * ldb]);
          }
          acc[i] = sum;
        }
      } else {
        java.util.Arrays.fill(acc, 0, rows, 0.0);
        for (int l = 0; l < inner; l++) {
          double bl = tb ? bv[j + l * ldb] : bv[l + j * ldb];
          for (int i = 0, ai = l * lda; i < rows; i++) {
            acc[i] += av[ai + i] * bl;
          }
        }
      }
      for (int i = 0, at = j * rows; i < rows; i++, at++) {
        cv[at] = alpha * acc[i] + (beta == 0 ? 0 : beta * cv[at]);
      }
    }
    DoubleBuffer cb = c.data().asNioDouble();
    cb.position(0);
    cb.put(cv, 0, rows * cols);
  }

  private double[] gemmA = new double[0];
  private double[] gemmB = new double[0];
  private double[] gemmC = new double[0];
  private double[] gemmAcc = new double[0];

  private static double[] grow(double[] buffer, int length) {
    return buffer.length >= length ? buffer : new double[length];
  }

  /** The entries of a DOUBLE buffer in a (reused) array. */
  private static double[] copyOut(INDArray source, double[] buffer) {
    int len = (int) source.length();
    double[] out = grow(buffer, len);
    DoubleBuffer b = source.data().asNioDouble();
    b.position(0);
    b.get(out, 0, len);
    return out;
  }

  private double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /** Σ_i weights[i]‖z_i‖² over the columns of z; multiplies column i of z by weights[i] in place. */
  private double weightColumns(INDArray a) {
    int rows = (int) a.rows();
    double acc = 0;
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = a.data().asNioDouble();
      for (int i = 0, at = 0; i < n; i++) {
        for (int r = 0; r < rows; r++, at++) {
          double v = b.get(at);
          acc += weights[i] * v * v;
          b.put(at, weights[i] * v);
        }
      }
    } else {
      FloatBuffer b = a.data().asNioFloat();
      for (int i = 0, at = 0; i < n; i++) {
        for (int r = 0; r < rows; r++, at++) {
          double v = b.get(at);
          acc += weights[i] * v * v;
          b.put(at, (float) (weights[i] * v));
        }
      }
    }
    return acc;
  }

  /** Σ_i weights[i]‖h_i‖² over the columns of the H block of x. */
  private double weightedColumnSquares(double[] x) {
    int d = s.d();
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += weights[i] * sumSquares(x, layout.hOffset() + i * d, d);
    }
    return acc;
  }

  /** Σ entries² of a buffer, in double precision. */
  private double sumSquares(INDArray a) {
    int len = (int) a.length();
    double acc = 0;
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = a.data().asNioDouble();
      for (int i = 0; i < len; i++) {
        double v = b.get(i);
        acc += v * v;
      }
    } else {
      FloatBuffer b = a.data().asNioFloat();
      for (int i = 0; i < len; i++) {
        double v = b.get(i);
        acc += v * v;
      }
    }
    return acc;
  }

  private static double sumSquares(double[] x, int off, int len) {
    double acc = 0;
    for (int i = off; i < off + len; i++) {
      acc += x[i] * x[i];
    }
    return acc;
  }

  /** Copies x[off … off+len) into a column-major buffer (converting to float if needed). */
  private void write(double[] x, int off, INDArray target) {
    int len = (int) target.length();
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = target.data().asNioDouble();
      b.position(0);
      b.put(x, off, len);
    } else {
      for (int i = 0; i < len; i++) {
        floats[i] = (float) x[off + i];
      }
      FloatBuffer b = target.data().asNioFloat();
      b.position(0);
      b.put(floats, 0, len);
    }
  }

  private void read(INDArray source, double[] out) {
    int len = (int) source.length();
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = source.data().asNioDouble();
      b.position(0);
      b.get(out, 0, len);
    } else {
      FloatBuffer b = source.data().asNioFloat();
      b.position(0);
      b.get(floats, 0, len);
      for (int i = 0; i < len; i++) {
        out[i] = floats[i];
      }
    }
  }

  /** gradient[off + i] = source_i + λ x[off + i]. */
  private void readPlusDecay(INDArray source, double[] x, double[] gradient, int off, double lambda) {
    int len = (int) source.length();
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = source.data().asNioDouble();
      b.position(0);
      b.get(gradient, off, len);
    } else {
      FloatBuffer b = source.data().asNioFloat();
      b.position(0);
      b.get(floats, 0, len);
      for (int i = 0; i < len; i++) {
        gradient[off + i] = floats[i];
      }
    }
    for (int i = off; i < off + len; i++) {
      gradient[i] += lambda * x[i];
    }
  }
}

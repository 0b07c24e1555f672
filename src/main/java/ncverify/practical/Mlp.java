package ncverify.practical;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ncverify.data.LabelledImages;
import ncverify.problem.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The practical network ({@link MlpShape}) with a hand-written forward and backward pass.
 *
 * <p>Every parameter lives in one flat native vector {@link #params()} (and its gradient in
 * {@link #gradient()}), so an optimiser updates the whole network in one pass; each matrix is a
 * column-major block at a known offset in it. Activations are stored feature × sample
 * (column-major), so image i of a batch is one contiguous column. Every product is one direct
 * BLAS call into a preallocated buffer ({@link NativeMatrices}); everything element-wise (bias,
 * ReLU and its derivative, bias sums, BatchNorm, penalties) is one fused loop over heap arrays,
 * which the JIT vectorises. Per batch of an L-layer backbone and an M-layer head that is 2L + 2M
 * − 1 products (3 more with a linear feature layer) and no other native call.
 *
 * <p>The objective of one batch B (THEORY §2 normalisation, with means over the batch):
 * <pre>
 *   F_B = (1/|B|) Σ_{i∈B} ℓ(W_M⋯W_1 h_i (+b), y_i) + (λ_H/2)(1/|B|) Σ_{i∈B} ‖h_i‖²
 *         + Σ_m (λ_W/2) ‖W_m‖²_F
 * </pre>
 * with ℓ = ½‖z − e_y‖² (MSE) or CE and h_i the output of the feature layer
 * ({@link MlpShape.FeatureLayer}). Averaged over an epoch's batches this is
 * (1/N)Σ ℓ + (λ_H/(2N))‖H‖²_F + Σ(λ_W/2)‖W_m‖², i.e. THEORY's objective for the features H with
 * <b>effective λ_H = λ_H/N</b> and <b>effective λ_{W_m} = λ_W</b> (see {@link EffectiveLambdas}).
 * The backbone (ReLU layers, their biases, the feature layer) and the head bias are not
 * regularised.
 *
 * <p>BatchNorm features use the batch's own mean and biased variance in training (PyTorch's
 * training mode). {@link #evaluate} (every measurement) uses the mean and variance of all the
 * images it is given, i.e. of the whole training subset: the population statistics that
 * PyTorch's running averages estimate in the papers' {@code model.eval()} measurement, without
 * their dependence on the momentum and the last batches.
 *
 * <p>Not thread-safe: it owns its buffers.
 */
public final class Mlp {
  /** BatchNorm1d's ε (PyTorch's default, as in P1's code). */
  static final double BATCHNORM_EPSILON = 1e-5;

  private final MlpShape shape;
  private final DataType type;
  private final INDArray params;
  private final INDArray gradient;
  private final NativeMatrices p;
  private final NativeMatrices g;
  // offsets into params / gradient (1-based layer indices)
  private final long[] reluW, reluB, headW;
  private final long featureA, featureB; // LINEAR: W_f, b_f; BATCHNORM: γ, β; RELU: unused
  private final long headB;              // −1 without bias
  private final long headWeightsFrom, headWeightsTo;
  private final Map<Integer, Workspace> workspaces = new HashMap<>();

  /** Buffers for one batch size: native activations for the products, heap copies for the rest. */
  private final class Workspace {
    final int batch;
    final NativeMatrices buf;
    final long[] act;      // act[0] = input, act[l] = ReLU output of layer l (rows = width l)
    final long[] dAct;     // ∂F/∂(pre-activation of layer l), l ≥ 1
    final long[] headAct;  // headAct[0] = H, headAct[m] = W_m headAct[m−1]
    final long[] dHead;    // ∂F/∂headAct[m]
    final long feature, dFeature; // H and ∂F/∂H for a LINEAR feature layer (else = act[L])
    // Heap copies of act[l]: in float (actF, l ≥ 1) when training in float, so that the hot
    // loops run on float lanes without conversions; in double (actD) otherwise. actD[L] always.
    final float[][] actF;
    // float only: the gradient in flight and the ReLU outputs as bit patterns (the ReLU
    // derivative as an int mask, which the JIT vectorises), a bias broadcast to every column (one
    // flat loop instead of a short inner one per column, which the JIT does not vectorise), and
    // a native vector of ones (bias gradients as one matrix-vector product)
    final int[] dBits, aBits;
    final float[] biasFull;
    final NativeMatrices ones;
    final double[][] actD;
    final double[] h;      // H (d × batch); = actD[L] for ReLU features
    final double[] xhat;   // BatchNorm: normalised input
    final double[] invStd; // BatchNorm: 1/√(σ² + ε) per feature
    final double[] tmp;    // a gradient in flight (largest width × batch)
    final double[] logits; // K × batch
    final float[] pixels;  // input staging

    Workspace(int batch) {
      this.batch = batch;
      int depth = shape.reluLayers();
      int m = shape.headDepth();
      int d = shape.featureWidth();
      act = new long[depth + 1];
      dAct = new long[depth + 1];
      headAct = new long[m + 1];
      dHead = new long[m + 1];
      long at = 0;
      act[0] = at;
      at += (long) shape.input() * batch;
      int widest = Math.max(d, shape.classes());
      for (int l = 1; l <= depth; l++) {
        int w = shape.backbone()[l - 1];
        widest = Math.max(widest, w);
        act[l] = at;
        at += (long) w * batch;
        dAct[l] = at;
        at += (long) w * batch;
      }
      boolean linear = shape.featureLayer() == MlpShape.FeatureLayer.LINEAR;
      boolean ownFeatures = shape.featureLayer() != MlpShape.FeatureLayer.RELU;
      feature = ownFeatures ? at : act[depth];
      at += ownFeatures ? (long) d * batch : 0;
      dFeature = linear ? at : dAct[depth];
      at += linear ? (long) d * batch : 0;
      headAct[0] = feature;
      dHead[0] = dFeature;
      for (int j = 1; j <= m; j++) {
        widest = Math.max(widest, shape.headOut(j));
        headAct[j] = at;
        at += (long) shape.headOut(j) * batch;
        dHead[j] = at;
        at += (long) shape.headOut(j) * batch;
      }
      buf = new NativeMatrices(Nd4j.create(type, at));
      boolean single = type == DataType.FLOAT;
      actD = new double[depth + 1][];
      actF = single ? new float[depth + 1][] : null;
      for (int l = 1; l <= depth; l++) {
        int len = shape.backbone()[l - 1] * batch;
        if (single) {
          actF[l] = new float[len];
        }
        if (!single || l == depth) {
          actD[l] = new double[len];
        }
      }
      dBits = single ? new int[widest * batch] : null;
      aBits = single ? new int[widest * batch] : null;
      biasFull = single ? new float[widest * batch] : null;
      ones = single ? new NativeMatrices(Nd4j.ones(DataType.FLOAT, batch)) : null;
      h = ownFeatures ? new double[d * batch] : actD[depth];
      boolean bn = shape.featureLayer() == MlpShape.FeatureLayer.BATCHNORM;
      xhat = bn ? new double[d * batch] : null;
      invStd = bn ? new double[d] : null;
      tmp = new double[widest * batch];
      logits = new double[shape.classes() * batch];
      pixels = new float[shape.input() * batch];
    }
  }

  /**
   * A network with seeded initial weights (He-normal ReLU layers, LeCun-normal linear feature
   * layer and head, zero biases, BatchNorm γ = 1, β = 0).
   */
  public Mlp(MlpShape shape, DataType type, long seed) {
    this.shape = shape;
    this.type = type;
    int depth = shape.reluLayers();
    int headDepth = shape.headDepth();
    int d = shape.featureWidth();
    reluW = new long[depth + 1];
    reluB = new long[depth + 1];
    headW = new long[headDepth + 1];
    long off = 0;
    for (int l = 1; l <= depth; l++) {
      reluW[l] = off;
      off += (long) shape.backbone()[l - 1] * shape.reluIn(l);
      reluB[l] = off;
      off += shape.backbone()[l - 1];
    }
    switch (shape.featureLayer()) {
      case LINEAR -> {
        featureA = off;
        off += (long) d * d;
        featureB = off;
        off += d;
      }
      case BATCHNORM -> {
        featureA = off;
        off += d;
        featureB = off;
        off += d;
      }
      default -> {
        featureA = -1;
        featureB = -1;
      }
    }
    headWeightsFrom = off;
    for (int m = 1; m <= headDepth; m++) {
      headW[m] = off;
      off += (long) shape.headOut(m) * shape.headIn(m);
    }
    headWeightsTo = off;
    if (shape.headBias()) {
      headB = off;
      off += shape.classes();
    } else {
      headB = -1;
    }
    if (off > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many parameters: " + off);
    }
    params = Nd4j.create(type, off);
    gradient = Nd4j.create(type, off);
    p = new NativeMatrices(params);
    g = new NativeMatrices(gradient);
    initialise(seed);
  }

  private void initialise(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[parameterCount()];
    for (int l = 1; l <= shape.reluLayers(); l++) {
      int in = shape.reluIn(l);
      fill(x, reluW[l], shape.backbone()[l - 1] * in, Math.sqrt(2.0 / in), rnd); // He (ReLU)
    }
    int d = shape.featureWidth();
    if (shape.featureLayer() == MlpShape.FeatureLayer.LINEAR) {
      fill(x, featureA, d * d, Math.sqrt(1.0 / d), rnd); // LeCun: a linear layer
    } else if (shape.featureLayer() == MlpShape.FeatureLayer.BATCHNORM) {
      Arrays.fill(x, (int) featureA, (int) featureA + d, 1.0); // γ = 1 (PyTorch's init)
    }
    for (int m = 1; m <= shape.headDepth(); m++) {
      fill(x, headW[m], shape.headOut(m) * shape.headIn(m), Math.sqrt(1.0 / shape.headIn(m)), rnd);
    }
    setParameters(x);
  }

  private static void fill(double[] x, long from, int count, double std, SplittableRandom rnd) {
    for (int i = 0; i < count; i++) {
      x[(int) from + i] = std * gaussian(rnd);
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box–Muller from the seeded stream (SplittableRandom has no nextGaussian on JDK 17).
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  public MlpShape shape() { return shape; }
  public DataType type() { return type; }
  /**
   * All parameters, flat: ReLU layers W_l, b_l in order, the feature layer (W_f, b_f or γ, β),
   * head W_1 … W_M, then b.
   */
  public INDArray params() { return params; }
  /** ∂F/∂params after {@link #lossAndGradient}. */
  public INDArray gradient() { return gradient; }
  public int parameterCount() { return (int) params.length(); }

  public double[] getParameters() { return read(p, 0, parameterCount()); }

  public void setParameters(double[] x) {
    if (x.length != params.length()) {
      throw new IllegalArgumentException("expected " + params.length() + " parameters");
    }
    p.write(x, 0, x.length);
  }

  public double[] getGradient() { return read(g, 0, parameterCount()); }

  /** Head layer W_m (1-based) as a row-major double copy. */
  public double[][] headWeight(int m) {
    int rows = shape.headOut(m);
    int cols = shape.headIn(m);
    double[] flat = read(p, headW[m], rows * cols);
    double[][] w = new double[rows][cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        w[r][c] = flat[r + c * rows];
      }
    }
    return w;
  }

  /** The head bias b, or null without bias. */
  public double[] headBias() { return headB < 0 ? null : read(p, headB, shape.classes()); }

  /** Range [from, to) of the flat vector holding the (weight-decayed) head weights. */
  public long[] headWeightRange() { return new long[] {headWeightsFrom, headWeightsTo}; }

  private static double[] read(NativeMatrices from, long offset, int len) {
    double[] out = new double[len];
    from.read(offset, out, len);
    return out;
  }

  /**
   * Value of the batch objective F_B (class doc) at the current parameters, and its gradient into
   * {@link #gradient()}.
   *
   * @param data images; the batch is {@code data} images {@code batch[0 … size)}
   */
  public double lossAndGradient(LabelledImages data, int[] batch, int size, Loss loss,
      double lambdaW, double lambdaH) {
    Workspace ws = forward(data, batch, size, null);
    int k = shape.classes();
    int d = shape.featureWidth();
    int depth = shape.reluLayers();
    int headDepth = shape.headDepth();
    double invB = 1.0 / size;
    double[] z = ws.logits;
    double[] b = headBias();
    double dataLoss = lossAndLogitGradient(z, data.labels(), batch, size, k, loss, b, invB);
    if (b != null) {
      double[] db = new double[k];
      for (int i = 0; i < size; i++) {
        for (int c = 0; c < k; c++) {
          db[c] += z[c + i * k];
        }
      }
      g.write(db, headB, k);
    }
    ws.buf.write(z, ws.dHead[headDepth], k * size);

    // head backward: ∂W_m = ∂G_m G_{m−1}ᵀ, ∂G_{m−1} = W_mᵀ ∂G_m (∂G_0 = ∂H)
    for (int m = headDepth; m >= 1; m--) {
      int out = shape.headOut(m);
      int in = shape.headIn(m);
      g.gemm(false, true, out, in, size, 1, ws.buf, ws.dHead[m], out, ws.buf, ws.headAct[m - 1],
          in, 0, headW[m], out);
      ws.buf.gemm(true, false, in, size, out, 1, p, headW[m], out, ws.buf, ws.dHead[m], out, 0,
          ws.dHead[m - 1], in);
    }
    // feature penalty (λ_H/2)(1/|B|)Σ‖h_i‖²: ∂/∂H = (λ_H/|B|) H
    double[] dh = ws.tmp;
    int featureLen = d * size;
    ws.buf.read(ws.dHead[0], dh, featureLen);
    double alpha = lambdaH * invB;
    double featureSquares = 0;
    for (int i = 0; i < featureLen; i++) {
      double x = ws.h[i];
      featureSquares += x * x;
      dh[i] += alpha * x;
    }
    // feature layer backward: dh becomes ∂F/∂(last ReLU output)
    featureLayerBackward(ws, size);
    // backbone backward
    if (type == DataType.FLOAT) {
      backboneBackwardFloat(ws, size);
    } else {
      for (int l = depth; l >= 1; l--) {
        int w = shape.backbone()[l - 1];
        int in = shape.reluIn(l);
        double[] a = ws.actD[l];
        double[] db = new double[w];
        for (int i = 0; i < size; i++) {
          int col = i * w;
          for (int r = 0; r < w; r++) {
            double v = a[col + r] > 0 ? dh[col + r] : 0; // ReLU' from its output
            dh[col + r] = v;
            db[r] += v;
          }
        }
        g.write(db, reluB[l], w);
        ws.buf.write(dh, ws.dAct[l], w * size);
        backboneProducts(ws, l, size);
        if (l > 1) {
          ws.buf.read(ws.dAct[l - 1], dh, in * size);
        }
      }
    }
    // weight decay on the head weights only
    double weightSquares = 0;
    for (int m = 1; m <= headDepth; m++) {
      weightSquares += addDecay(headW[m], shape.headOut(m) * shape.headIn(m), lambdaW);
    }
    return dataLoss + 0.5 * lambdaH * invB * featureSquares + 0.5 * lambdaW * weightSquares;
  }

  /** ∂W_l = ∂pre_l act_{l−1}ᵀ and (l > 1) ∂act_{l−1} = W_lᵀ ∂pre_l, from ws.dAct[l]. */
  private void backboneProducts(Workspace ws, int l, int size) {
    int w = shape.backbone()[l - 1];
    int in = shape.reluIn(l);
    g.gemm(false, true, w, in, size, 1, ws.buf, ws.dAct[l], w, ws.buf, ws.act[l - 1], in, 0,
        reluW[l], w);
    if (l > 1) {
      ws.buf.gemm(true, false, in, size, w, 1, p, reluW[l], w, ws.buf, ws.dAct[l], w, 0,
          ws.dAct[l - 1], in);
    }
  }

  /**
   * The backbone backward pass in float, from ∂F/∂(last ReLU output) in ws.tmp (double). The
   * ReLU derivative is applied as a bit mask on the float bit patterns, which the JIT vectorises
   * (it does not vectorise {@code act > 0 ? g : 0} nor Float.floatToRawIntBits): act ≥ 0 is a
   * ReLU output, so its bit pattern is 0 exactly when act = +0, and (bits + 0x7fffffff) >> 31 is
   * then 0 (drop the gradient) and otherwise all ones (keep it bit for bit). The bias gradient is
   * ∂pre_l · 1, one gemv.
   */
  private void backboneBackwardFloat(Workspace ws, int size) {
    int depth = shape.reluLayers();
    int[] dg = ws.dBits;
    int[] act = ws.aBits;
    int len = shape.featureWidth() * size;
    for (int i = 0; i < len; i++) {
      dg[i] = Float.floatToRawIntBits((float) ws.tmp[i]);
    }
    for (int l = depth; l >= 1; l--) {
      int w = shape.backbone()[l - 1];
      int n = w * size;
      ws.buf.readBits(ws.act[l], act, n);
      for (int i = 0; i < n; i++) {
        dg[i] &= (act[i] + 0x7fffffff) >> 31;
      }
      ws.buf.writeBits(dg, ws.dAct[l], n);
      g.gemv(w, size, 1, ws.buf, ws.dAct[l], w, ws.ones, 0, 0, reluB[l]);
      backboneProducts(ws, l, size);
      if (l > 1) {
        ws.buf.readBits(ws.dAct[l - 1], dg, shape.reluIn(l) * size);
      }
    }
  }

  /** ws.tmp holds ∂F/∂H on entry and ∂F/∂(last ReLU output) on exit; writes the layer's gradient. */
  private void featureLayerBackward(Workspace ws, int size) {
    int d = shape.featureWidth();
    double[] dh = ws.tmp;
    switch (shape.featureLayer()) {
      case RELU -> { }
      case LINEAR -> {
        // H = W_f A + b_f 1ᵀ: ∂W_f = ∂H Aᵀ, ∂b_f = ∂H 1, ∂A = W_fᵀ ∂H
        g.write(rowSums(dh, d, size), featureB, d);
        int last = shape.reluLayers();
        ws.buf.write(dh, ws.dFeature, d * size);
        g.gemm(false, true, d, d, size, 1, ws.buf, ws.dFeature, d, ws.buf, ws.act[last], d, 0,
            featureA, d);
        ws.buf.gemm(true, false, d, size, d, 1, p, featureA, d, ws.buf, ws.dFeature, d, 0,
            ws.dAct[last], d);
        ws.buf.read(ws.dAct[last], dh, d * size);
      }
      case BATCHNORM -> {
        // h = γ x̂ + β, x̂ = (x − μ_B)/√(σ²_B + ε) with the batch's own μ_B, σ²_B:
        // ∂γ = Σ_i ∂h x̂, ∂β = Σ_i ∂h,
        // ∂x = (γ/√(σ²+ε)) (∂h − mean_i ∂h − x̂ mean_i(∂h x̂))   (Ioffe & Szegedy 2015, Alg. 1)
        double[] gamma = read(p, featureA, d);
        double[] dGamma = new double[d];
        double[] dBeta = new double[d];
        double[] xh = ws.xhat;
        for (int i = 0; i < size; i++) {
          int col = i * d;
          for (int r = 0; r < d; r++) {
            dGamma[r] += dh[col + r] * xh[col + r];
            dBeta[r] += dh[col + r];
          }
        }
        g.write(dGamma, featureA, d);
        g.write(dBeta, featureB, d);
        double inv = 1.0 / size;
        for (int i = 0; i < size; i++) {
          int col = i * d;
          for (int r = 0; r < d; r++) {
            dh[col + r] = gamma[r] * ws.invStd[r]
                * (dh[col + r] - inv * dBeta[r] - xh[col + r] * inv * dGamma[r]);
          }
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private static double[] rowSums(double[] a, int rows, int cols) {
    double[] s = new double[rows];
    for (int i = 0; i < cols; i++) {
      for (int r = 0; r < rows; r++) {
        s[r] += a[i * rows + r];
      }
    }
    return s;
  }

  /** ∂W += λ W over the block at {@code off}; returns Σ W². */
  private double addDecay(long off, int len, double lambda) {
    double[] w = read(p, off, len);
    double[] dw = read(g, off, len);
    double sum = 0;
    for (int i = 0; i < len; i++) {
      sum += w[i] * w[i];
      dw[i] += lambda * w[i];
    }
    g.write(dw, off, len);
    return sum;
  }

  /** Per-sample losses summed and scaled by 1/|B|; leaves ∂F/∂z (already scaled) in {@code z}. */
  private static double lossAndLogitGradient(double[] z, int[] labels, int[] batch, int size,
      int k, Loss loss, double[] bias, double invB) {
    double total = 0;
    for (int i = 0; i < size; i++) {
      int base = i * k;
      int y = labels[batch[i]];
      if (bias != null) {
        for (int c = 0; c < k; c++) {
          z[base + c] += bias[c];
        }
      }
      total += loss.valueAndLogitGradient(z, base, k, y, invB);
    }
    return total * invB;
  }

  /** Features and logits of the given images. */
  public record Output(double[][] features, double[][] logits) {}

  /**
   * Forward pass over images {@code indices} (in chunks of {@code chunk}); returns H (d × n,
   * row-major) and the logits W_M⋯W_1 H + b (K × n). BatchNorm features are normalised with the
   * statistics of all {@code indices} (class doc), so the result does not depend on the chunks.
   */
  public Output evaluate(LabelledImages data, int[] indices, int chunk) {
    int n = indices.length;
    int d = shape.featureWidth();
    int k = shape.classes();
    double[][] h = new double[d][n];
    double[][] z = new double[k][n];
    double[] b = headBias();
    double[][] stats = shape.featureLayer() == MlpShape.FeatureLayer.BATCHNORM
        ? populationStatistics(data, indices, chunk) : null;
    for (int from = 0; from < n; from += chunk) {
      int size = Math.min(chunk, n - from);
      int[] part = Arrays.copyOfRange(indices, from, from + size);
      Workspace ws = forward(data, part, size, stats);
      for (int i = 0; i < size; i++) {
        for (int r = 0; r < d; r++) {
          h[r][from + i] = ws.h[r + i * d];
        }
        for (int c = 0; c < k; c++) {
          z[c][from + i] = ws.logits[c + i * k] + (b == null ? 0 : b[c]);
        }
      }
    }
    return new Output(h, z);
  }

  /** Mean and 1/√(biased variance + ε) of the last ReLU output over {@code indices}. */
  private double[][] populationStatistics(LabelledImages data, int[] indices, int chunk) {
    int d = shape.featureWidth();
    int n = indices.length;
    double[] sum = new double[d];
    double[] squares = new double[d];
    for (int from = 0; from < n; from += chunk) {
      int size = Math.min(chunk, n - from);
      Workspace ws = backbone(data, Arrays.copyOfRange(indices, from, from + size), size);
      double[] a = ws.actD[shape.reluLayers()];
      for (int i = 0; i < size; i++) {
        for (int r = 0; r < d; r++) {
          double x = a[r + i * d];
          sum[r] += x;
          squares[r] += x * x;
        }
      }
    }
    double[] mean = new double[d];
    double[] invStd = new double[d];
    for (int r = 0; r < d; r++) {
      mean[r] = sum[r] / n;
      double variance = Math.max(0, squares[r] / n - mean[r] * mean[r]);
      invStd[r] = 1 / Math.sqrt(variance + BATCHNORM_EPSILON);
    }
    return new double[][] {mean, invStd};
  }

  /** The ReLU layers only: act[1 … L] (native and heap). */
  private Workspace backbone(LabelledImages data, int[] batch, int size) {
    Workspace ws = workspaces.computeIfAbsent(size, Workspace::new);
    loadInputs(data, batch, size, ws);
    for (int l = 1; l <= shape.reluLayers(); l++) {
      int w = shape.backbone()[l - 1];
      int in = shape.reluIn(l);
      ws.buf.gemm(false, false, w, size, in, 1, p, reluW[l], w, ws.buf, ws.act[l - 1], in, 0,
          ws.act[l], w);
      if (type == DataType.FLOAT) {
        float[] a = ws.actF[l];
        int n = w * size;
        ws.buf.readFloats(ws.act[l], a, n);
        float[] bias = ws.biasFull;
        p.readFloats(reluB[l], bias, w);
        for (int i = 1; i < size; i++) {
          System.arraycopy(bias, 0, bias, i * w, w);
        }
        for (int i = 0; i < n; i++) {
          a[i] = Math.max(a[i] + bias[i], 0f); // +0 for v ≤ 0 (Math.max(−0, 0) = +0)
        }
        ws.buf.write(a, ws.act[l], n);
      } else {
        double[] a = ws.actD[l];
        ws.buf.read(ws.act[l], a, w * size);
        double[] bias = read(p, reluB[l], w);
        for (int i = 0; i < size; i++) {
          int col = i * w;
          for (int r = 0; r < w; r++) {
            double v = a[col + r] + bias[r];
            a[col + r] = v > 0 ? v : 0;
          }
        }
        ws.buf.write(a, ws.act[l], w * size);
      }
    }
    if (type == DataType.FLOAT) {
      int last = shape.reluLayers();
      float[] a = ws.actF[last];
      double[] h = ws.actD[last];
      for (int i = 0; i < h.length && i < shape.featureWidth() * size; i++) {
        h[i] = a[i];
      }
    }
    return ws;
  }

  /**
   * The whole forward pass; leaves H in ws.h and the logits without bias in ws.logits.
   *
   * @param stats BatchNorm's {mean, 1/std} to use, or null for the batch's own
   */
  private Workspace forward(LabelledImages data, int[] batch, int size, double[][] stats) {
    Workspace ws = backbone(data, batch, size);
    int d = shape.featureWidth();
    int last = shape.reluLayers();
    switch (shape.featureLayer()) {
      case RELU -> { }
      case LINEAR -> {
        ws.buf.gemm(false, false, d, size, d, 1, p, featureA, d, ws.buf, ws.act[last], d, 0,
            ws.feature, d);
        ws.buf.read(ws.feature, ws.h, d * size);
        double[] bias = read(p, featureB, d);
        for (int i = 0; i < size; i++) {
          for (int r = 0; r < d; r++) {
            ws.h[i * d + r] += bias[r];
          }
        }
        ws.buf.write(ws.h, ws.feature, d * size);
      }
      case BATCHNORM -> {
        batchNorm(ws, size, stats);
        ws.buf.write(ws.h, ws.feature, d * size);
      }
      default -> throw new IllegalStateException();
    }
    for (int m = 1; m <= shape.headDepth(); m++) {
      int out = shape.headOut(m);
      int in = shape.headIn(m);
      ws.buf.gemm(false, false, out, size, in, 1, p, headW[m], out, ws.buf, ws.headAct[m - 1],
          in, 0, ws.headAct[m], out);
    }
    ws.buf.read(ws.headAct[shape.headDepth()], ws.logits, shape.classes() * size);
    return ws;
  }

  /** ws.h = γ x̂ + β from ws.actD[L], with the batch's statistics or the given ones. */
  private void batchNorm(Workspace ws, int size, double[][] stats) {
    int d = shape.featureWidth();
    double[] x = ws.actD[shape.reluLayers()];
    double[] mean;
    if (stats != null) {
      mean = stats[0];
      System.arraycopy(stats[1], 0, ws.invStd, 0, d);
    } else {
      mean = rowSums(x, d, size);
      double[] variance = new double[d];
      for (int r = 0; r < d; r++) {
        mean[r] /= size;
      }
      for (int i = 0; i < size; i++) {
        for (int r = 0; r < d; r++) {
          double c = x[i * d + r] - mean[r];
          variance[r] += c * c;
        }
      }
      for (int r = 0; r < d; r++) {
        ws.invStd[r] = 1 / Math.sqrt(variance[r] / size + BATCHNORM_EPSILON);
      }
    }
    double[] gamma = read(p, featureA, d);
    double[] beta = read(p, featureB, d);
    for (int i = 0; i < size; i++) {
      for (int r = 0; r < d; r++) {
        int at = i * d + r;
        double xh = (x[at] - mean[r]) * ws.invStd[r];
        ws.xhat[at] = xh;
        ws.h[at] = gamma[r] * xh + beta[r];
      }
    }
  }

  private void loadInputs(LabelledImages data, int[] batch, int size, Workspace ws) {
    int px = data.pixels();
    float[] v = data.values();
    for (int i = 0; i < size; i++) {
      System.arraycopy(v, batch[i] * px, ws.pixels, i * px, px);
    }
    ws.buf.write(ws.pixels, ws.act[0], px * size);
  }
}

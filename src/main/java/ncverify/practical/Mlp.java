package ncverify.practical;

import java.nio.FloatBuffer;
import java.nio.DoubleBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ncverify.data.LabelledImages;
import ncverify.problem.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The practical network ({@link MlpShape}) with a hand-written forward and backward pass.
 *
 * <p>Every parameter lives in one flat ND4J vector {@link #params()} (and its gradient in
 * {@link #gradient()}), so an optimiser updates the whole network in one call; each matrix is an
 * 'f'-order view into it. Activations are stored feature × sample (column-major), so image i of
 * a batch is one contiguous column. Every product is an {@code Nd4j.gemm} into a preallocated
 * buffer (shared/STACK.md: the allocating mmul was up to 100× slower); ReLU, its derivative and
 * the bias sums are plain loops over the buffers (cheap next to the products).
 *
 * <p>The objective of one batch B (THEORY §2 normalisation, with means over the batch):
 * <pre>
 *   F_B = (1/|B|) Σ_{i∈B} ℓ(W_M⋯W_1 h_i (+b), y_i) + (λ_H/2)(1/|B|) Σ_{i∈B} ‖h_i‖²
 *         + Σ_m (λ_W/2) ‖W_m‖²_F
 * </pre>
 * with ℓ = ½‖z − e_y‖² (MSE) or CE. Averaged over an epoch's batches this is
 * (1/N)Σ ℓ + (λ_H/(2N))‖H‖²_F + Σ(λ_W/2)‖W_m‖², i.e. THEORY's objective for the features H with
 * <b>effective λ_H = λ_H/N</b> and <b>effective λ_{W_m} = λ_W</b> (see {@link EffectiveLambdas}).
 * The backbone (ReLU layers and their biases) and the head bias are not regularised.
 *
 * <p>Not thread-safe: it owns its buffers.
 */
public final class Mlp {
  private final MlpShape shape;
  private final DataType type;
  private final INDArray params;
  private final INDArray gradient;
  private final INDArray[] reluW, reluB, headW;
  private final INDArray[] dReluW, dReluB, dHeadW;
  private final INDArray headB, dHeadB;
  private final long headWeightsFrom, headWeightsTo;
  private final Map<Integer, Workspace> workspaces = new HashMap<>();

  /** Buffers for one batch size. */
  private final class Workspace {
    final int batch;
    final INDArray[] act;      // act[0] = input, act[l] = ReLU output of layer l
    final INDArray[] headAct;  // headAct[0] = H (same as act[L]), headAct[m] = W_m headAct[m−1]
    final INDArray[] dAct;     // ∂F/∂act[l]
    final INDArray[] dHead;    // ∂F/∂headAct[m]
    final INDArray ones;       // batch × 1, for bias gradients
    final double[] logits;

    Workspace(int batch) {
      this.batch = batch;
      int depth = shape.reluLayers();
      act = new INDArray[depth + 1];
      dAct = new INDArray[depth + 1];
      act[0] = Nd4j.create(type, new long[] {shape.input(), batch}, 'f');
      for (int l = 1; l <= depth; l++) {
        act[l] = Nd4j.create(type, new long[] {shape.backbone()[l - 1], batch}, 'f');
        dAct[l] = Nd4j.create(type, new long[] {shape.backbone()[l - 1], batch}, 'f');
      }
      int m = shape.headDepth();
      headAct = new INDArray[m + 1];
      dHead = new INDArray[m + 1];
      headAct[0] = act[depth];
      dHead[0] = dAct[depth];
      for (int j = 1; j <= m; j++) {
        headAct[j] = Nd4j.create(type, new long[] {shape.headOut(j), batch}, 'f');
        dHead[j] = Nd4j.create(type, new long[] {shape.headOut(j), batch}, 'f');
      }
      ones = Nd4j.ones(type, batch, 1);
      logits = new double[shape.classes() * batch];
    }
  }

  /** A network with seeded initial weights (He-normal ReLU layers, LeCun-normal head, zero biases). */
  public Mlp(MlpShape shape, DataType type, long seed) {
    this.shape = shape;
    this.type = type;
    int depth = shape.reluLayers();
    int headDepth = shape.headDepth();
    long size = 0;
    for (int l = 1; l <= depth; l++) {
      size += (long) shape.backbone()[l - 1] * (shape.reluIn(l) + 1);
    }
    long headFrom = size;
    for (int m = 1; m <= headDepth; m++) {
      size += (long) shape.headOut(m) * shape.headIn(m);
    }
    long headTo = size;
    if (shape.headBias()) {
      size += shape.classes();
    }
    params = Nd4j.create(type, size);
    gradient = Nd4j.create(type, size);
    headWeightsFrom = headFrom;
    headWeightsTo = headTo;
    reluW = new INDArray[depth + 1];
    reluB = new INDArray[depth + 1];
    dReluW = new INDArray[depth + 1];
    dReluB = new INDArray[depth + 1];
    headW = new INDArray[headDepth + 1];
    dHeadW = new INDArray[headDepth + 1];
    long off = 0;
    for (int l = 1; l <= depth; l++) {
      int out = shape.backbone()[l - 1];
      int in = shape.reluIn(l);
      reluW[l] = view(params, off, out, in);
      dReluW[l] = view(gradient, off, out, in);
      off += (long) out * in;
      reluB[l] = view(params, off, out, 1);
      dReluB[l] = view(gradient, off, out, 1);
      off += out;
    }
    for (int m = 1; m <= headDepth; m++) {
      headW[m] = view(params, off, shape.headOut(m), shape.headIn(m));
      dHeadW[m] = view(gradient, off, shape.headOut(m), shape.headIn(m));
      off += (long) shape.headOut(m) * shape.headIn(m);
    }
    if (shape.headBias()) {
      headB = view(params, off, shape.classes(), 1);
      dHeadB = view(gradient, off, shape.classes(), 1);
    } else {
      headB = null;
      dHeadB = null;
    }
    initialise(seed);
  }

  private static INDArray view(INDArray flat, long off, int rows, int cols) {
    return flat.get(NDArrayIndex.interval(off, off + (long) rows * cols)).reshape('f', rows, cols);
  }

  private void initialise(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] p = new double[(int) params.length()];
    int depth = shape.reluLayers();
    int at = 0;
    for (int l = 1; l <= depth; l++) {
      int out = shape.backbone()[l - 1];
      int in = shape.reluIn(l);
      double std = Math.sqrt(2.0 / in); // He: keeps ReLU activations at a stable scale
      for (int i = 0; i < out * in; i++) {
        p[at++] = std * gaussian(rnd);
      }
      at += out; // biases start at zero
    }
    for (int m = 1; m <= shape.headDepth(); m++) {
      double std = Math.sqrt(1.0 / shape.headIn(m)); // LeCun: linear layers
      for (int i = 0; i < shape.headOut(m) * shape.headIn(m); i++) {
        p[at++] = std * gaussian(rnd);
      }
    }
    setParameters(p);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box–Muller from the seeded stream (SplittableRandom has no nextGaussian on JDK 17).
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  public MlpShape shape() { return shape; }
  public DataType type() { return type; }
  /** All parameters, flat (ReLU layers W_l, b_l in order, then head W_1 … W_M, then b). */
  public INDArray params() { return params; }
  /** ∂F/∂params after {@link #lossAndGradient}. */
  public INDArray gradient() { return gradient; }
  public int parameterCount() { return (int) params.length(); }

  public double[] getParameters() { return toDoubles(params); }

  public void setParameters(double[] p) {
    if (p.length != params.length()) {
      throw new IllegalArgumentException("expected " + params.length() + " parameters");
    }
    fromDoubles(p, params);
  }

  public double[] getGradient() { return toDoubles(gradient); }

  /** Head layer W_m (1-based) as a row-major double copy. */
  public double[][] headWeight(int m) { return toMatrix(headW[m]); }

  /** The head bias b, or null without bias. */
  public double[] headBias() { return headB == null ? null : toDoubles(headB); }

  /**
   * Value of the batch objective F_B (class doc) at the current parameters, and its gradient into
   * {@link #gradient()}.
   *
   * @param data images; the batch is {@code data} images {@code batch[0 … size)}
   */
  public double lossAndGradient(LabelledImages data, int[] batch, int size, Loss loss,
      double lambdaW, double lambdaH) {
    Workspace ws = forward(data, batch, size);
    int k = shape.classes();
    int depth = shape.reluLayers();
    int headDepth = shape.headDepth();
    double invB = 1.0 / size;
    read(ws.headAct[headDepth], ws.logits);
    double[] b = headBias();
    double dataLoss = lossAndLogitGradient(ws.logits, data.labels(), batch, size, k, loss, b, invB);
    if (b != null) {
      double[] db = new double[k];
      for (int i = 0; i < size; i++) {
        for (int c = 0; c < k; c++) {
          db[c] += ws.logits[c + i * k];
        }
      }
      fromDoubles(db, dHeadB);
    }
    write(ws.logits, ws.dHead[headDepth]);

    // head backward: ∂W_m = ∂G_m G_{m−1}ᵀ, ∂G_{m−1} = W_mᵀ ∂G_m (∂G_0 = ∂H)
    for (int m = headDepth; m >= 1; m--) {
      Nd4j.gemm(ws.dHead[m], ws.headAct[m - 1], dHeadW[m], false, true, 1.0, 0.0);
      Nd4j.gemm(headW[m], ws.dHead[m], ws.dHead[m - 1], true, false, 1.0, 0.0);
    }
    // feature penalty (λ_H/2)(1/|B|)Σ‖h_i‖²: ∂/∂H = (λ_H/|B|) H
    double featureSquares = addScaledAndSumSquares(ws.act[depth], ws.dAct[depth], lambdaH * invB);
    // backbone backward
    for (int l = depth; l >= 1; l--) {
      reluBackward(ws.act[l], ws.dAct[l]); // dAct[l] becomes ∂F/∂(pre-activation)
      Nd4j.gemm(ws.dAct[l], ws.act[l - 1], dReluW[l], false, true, 1.0, 0.0);
      Nd4j.gemm(ws.dAct[l], ws.ones, dReluB[l], false, false, 1.0, 0.0);
      if (l > 1) {
        Nd4j.gemm(reluW[l], ws.dAct[l], ws.dAct[l - 1], true, false, 1.0, 0.0);
      }
    }
    // weight decay on the head weights only
    double weightSquares = 0;
    for (int m = 1; m <= headDepth; m++) {
      weightSquares += addScaledAndSumSquares(headW[m], dHeadW[m], lambdaW);
    }
    return dataLoss + 0.5 * lambdaH * invB * featureSquares + 0.5 * lambdaW * weightSquares;
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
   * row-major) and the logits W_M⋯W_1 H + b (K × n).
   */
  public Output evaluate(LabelledImages data, int[] indices, int chunk) {
    int n = indices.length;
    int d = shape.featureWidth();
    int k = shape.classes();
    double[][] h = new double[d][n];
    double[][] z = new double[k][n];
    double[] b = headBias();
    for (int from = 0; from < n; from += chunk) {
      int size = Math.min(chunk, n - from);
      int[] part = java.util.Arrays.copyOfRange(indices, from, from + size);
      Workspace ws = forward(data, part, size);
      double[] hb = new double[d * size];
      read(ws.act[shape.reluLayers()], hb);
      double[] zb = new double[k * size];
      read(ws.headAct[shape.headDepth()], zb);
      for (int i = 0; i < size; i++) {
        for (int r = 0; r < d; r++) {
          h[r][from + i] = hb[r + i * d];
        }
        for (int c = 0; c < k; c++) {
          z[c][from + i] = zb[c + i * k] + (b == null ? 0 : b[c]);
        }
      }
    }
    return new Output(h, z);
  }

  private Workspace forward(LabelledImages data, int[] batch, int size) {
    Workspace ws = workspaces.computeIfAbsent(size, Workspace::new);
    loadInputs(data, batch, size, ws.act[0]);
    for (int l = 1; l <= shape.reluLayers(); l++) {
      Nd4j.gemm(reluW[l], ws.act[l - 1], ws.act[l], false, false, 1.0, 0.0);
      addBiasAndRelu(ws.act[l], reluB[l]);
    }
    for (int m = 1; m <= shape.headDepth(); m++) {
      Nd4j.gemm(headW[m], ws.headAct[m - 1], ws.headAct[m], false, false, 1.0, 0.0);
    }
    return ws;
  }

  private void loadInputs(LabelledImages data, int[] batch, int size, INDArray target) {
    int p = data.pixels();
    float[] v = data.values();
    if (type == DataType.FLOAT) {
      FloatBuffer fb = target.data().asNioFloat();
      for (int i = 0; i < size; i++) {
        fb.position(i * p);
        fb.put(v, batch[i] * p, p);
      }
    } else {
      DoubleBuffer db = target.data().asNioDouble();
      for (int i = 0; i < size; i++) {
        int src = batch[i] * p;
        for (int j = 0; j < p; j++) {
          db.put(i * p + j, v[src + j]);
        }
      }
    }
  }

  /**
   * a ← max(0, a + b1ᵀ), column-major a (rows × cols): two in-place native ops (a broadcast add
   * and ND4J's vectorised ReLU); the Java loop over the buffer they replace was the largest
   * non-BLAS cost of an epoch (bench, part iv).
   */
  private void addBiasAndRelu(INDArray a, INDArray bias) {
    a.addiColumnVector(bias);
    Nd4j.getExecutioner().exec(new RectifiedLinear(a, a, 0.0));
  }

  /** g ← g ⊙ 1[a > 0] (the ReLU derivative, taken from the output a), one in-place native op. */
  private void reluBackward(INDArray a, INDArray g) {
    Nd4j.getExecutioner().exec(new ThresholdReluBp(a, g, g, 0.0));
  }

  /** Range [from, to) of the flat vector holding the (weight-decayed) head weights. */
  public long[] headWeightRange() { return new long[] {headWeightsFrom, headWeightsTo}; }

  /**
   * g ← g + alpha·a and returns Σ a², in one pass over both (contiguous 'f' views) without
   * allocating: the allocating a.mul(alpha) plus norm2 were three ND4J calls and a temporary.
   */
  private double addScaledAndSumSquares(INDArray a, INDArray g, double alpha) {
    int len = (int) a.length();
    long ao = a.offset(), go = g.offset();
    double sum = 0;
    if (type == DataType.FLOAT) {
      FloatBuffer fa = a.data().asNioFloat();
      FloatBuffer fg = g.data().asNioFloat();
      float al = (float) alpha;
      for (int i = 0; i < len; i++) {
        float x = fa.get((int) ao + i);
        sum += (double) x * x;
        if (al != 0f) {
          fg.put((int) go + i, fg.get((int) go + i) + al * x);
        }
      }
    } else {
      DoubleBuffer da = a.data().asNioDouble();
      DoubleBuffer dg = g.data().asNioDouble();
      for (int i = 0; i < len; i++) {
        double x = da.get((int) ao + i);
        sum += x * x;
        if (alpha != 0) {
          dg.put((int) go + i, dg.get((int) go + i) + alpha * x);
        }
      }
    }
    return sum;
  }

  // ---- copies between ND4J buffers and double arrays (views go through ND4J's own copy)

  private static double[] toDoubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('f').data().asDouble();
  }

  private static void fromDoubles(double[] v, INDArray target) {
    target.assign(Nd4j.create(v, new long[] {target.rows(), target.columns()}, 'f')
        .castTo(target.dataType()));
  }

  private static double[][] toMatrix(INDArray a) {
    double[] flat = toDoubles(a);
    int rows = (int) a.rows();
    int cols = (int) a.columns();
    double[][] m = new double[rows][cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        m[r][c] = flat[r + c * rows];
      }
    }
    return m;
  }

  private void read(INDArray source, double[] out) {
    int len = (int) source.length();
    if (type == DataType.FLOAT) {
      FloatBuffer b = source.data().asNioFloat();
      for (int i = 0; i < len; i++) {
        out[i] = b.get(i);
      }
    } else {
      DoubleBuffer b = source.data().asNioDouble();
      b.position(0);
      b.get(out, 0, len);
    }
  }

  private void write(double[] in, INDArray target) {
    int len = (int) target.length();
    if (type == DataType.FLOAT) {
      FloatBuffer b = target.data().asNioFloat();
      for (int i = 0; i < len; i++) {
        b.put(i, (float) in[i]);
      }
    } else {
      DoubleBuffer b = target.data().asNioDouble();
      b.position(0);
      b.put(in, 0, len);
    }
  }
}

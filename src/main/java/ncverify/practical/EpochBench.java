package ncverify.practical;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ncverify.data.LabelledImages;
import ncverify.problem.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one training epoch of the practical engine on the default preset's shapes (784 → 6 × 128
 * ReLU → 10, batch 256, N = 3000, float32, Adam), against (a) its gemm floor: the same matrix
 * products alone, {@code Nd4j.gemm} into preallocated buffers, and (b) the same epoch in NumPy
 * (float32, one BLAS thread) when python3 with numpy is installed, timed in the same run so that
 * the ratios survive a loaded machine. Random pixels: the work does not depend on the values.
 */
public final class EpochBench {
  private EpochBench() {}

  /** Shapes of the default preset (Recipe.P2_FMNIST's CPU default). */
  public static final int N = 3000, PIXELS = 784, WIDTH = 128, LAYERS = 6, K = 10, BATCH = 256;

  /**
   * Medians in seconds per epoch: wall and process CPU time (the CPU time is what a loaded machine
   * distorts least); NumPy's NaN when not available (with the reason).
   */
  public record Result(double epoch, double epochCpu, double gemmFloor, double gemmFloorCpu,
      double numpy,
      double numpyCpu, String numpyNote) {}

  public static Result run(int warmup, int epochs) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] pixels = new float[N * PIXELS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) rnd.nextDouble();
    }
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = i % K;
    }
    LabelledImages data = new LabelledImages(N, PIXELS, pixels, labels, K);
    int[] widths = new int[LAYERS];
    Arrays.fill(widths, WIDTH);
    Mlp net = new Mlp(new MlpShape(PIXELS, widths, new int[0], K, false), DataType.FLOAT, 1);
    TrainingConfig cfg = new TrainingConfig(Loss.CE, 2e-4, 5e-3, TrainingConfig.UpdateRule.ADAM,
        1e-4, 0.9, BATCH, 1, 1, 1);
    Updater opt = new Updater(cfg, net.parameterCount());
    int[] order = new int[N];
    for (int i = 0; i < N; i++) {
      order[i] = i;
    }
    int[] idx = new int[BATCH];
    double[] wall = new double[epochs];
    double[] cpu = new double[epochs];
    for (int e = -warmup; e < epochs; e++) {
      long t0 = System.nanoTime();
      long c0 = processCpu();
      for (int from = 0; from < N; from += BATCH) {
        int size = Math.min(BATCH, N - from);
        System.arraycopy(order, from, idx, 0, size);
        net.lossAndGradient(data, idx, size, cfg.loss(), cfg.lambdaW(), cfg.lambdaH());
        opt.step(net.params(), net.gradient(), cfg.learningRate());
      }
      if (e >= 0) {
        wall[e] = (System.nanoTime() - t0) * 1e-9;
        cpu[e] = (processCpu() - c0) * 1e-9;
      }
    }
    double[] floor = gemmFloor(warmup, epochs);
    double[] numpy = new double[] {Double.NaN, Double.NaN};
    String note = numpy(warmup, epochs, numpy);
    return new Result(median(wall), median(cpu), floor[0], floor[1], numpy[0], numpy[1], note);
  }

  /** Wall and CPU seconds of the epoch's products alone: per batch, forward W_l A_{l−1}, backward dW = G Aᵀ, dA = Wᵀ G. */
  static double[] gemmFloor(int warmup, int epochs) {
    int layers = LAYERS + 1;
    int[] in = new int[layers];
    int[] out = new int[layers];
    for (int l = 0; l < layers; l++) {
      in[l] = l == 0 ? PIXELS : WIDTH;
      out[l] = l == LAYERS ? K : WIDTH;
    }
    int[] sizes = new int[(N + BATCH - 1) / BATCH];
    for (int b = 0; b < sizes.length; b++) {
      sizes[b] = Math.min(BATCH, N - b * BATCH);
    }
    INDArray[] w = new INDArray[layers], dw = new INDArray[layers];
    INDArray[][] a = new INDArray[2][layers + 1], g = new INDArray[2][layers + 1];
    int[] distinct = {BATCH, N % BATCH == 0 ? BATCH : N % BATCH};
    for (int l = 0; l < layers; l++) {
      w[l] = Nd4j.rand(DataType.FLOAT, 'f', out[l], in[l]);
      dw[l] = Nd4j.create(DataType.FLOAT, new long[] {out[l], in[l]}, 'f');
    }
    for (int s = 0; s < 2; s++) {
      for (int l = 0; l <= layers; l++) {
        int rows = l == 0 ? PIXELS : out[l - 1];
        a[s][l] = Nd4j.rand(DataType.FLOAT, 'f', rows, distinct[s]);
        g[s][l] = Nd4j.rand(DataType.FLOAT, 'f', rows, distinct[s]);
      }
    }
    double[] t = new double[epochs];
    double[] c = new double[epochs];
    for (int e = -warmup; e < epochs; e++) {
      long t0 = System.nanoTime();
      long c0 = processCpu();
      for (int size : sizes) {
        int s = size == BATCH ? 0 : 1;
        for (int l = 0; l < layers; l++) {
          Nd4j.gemm(w[l], a[s][l], a[s][l + 1], false, false, 1.0, 0.0);
        }
        for (int l = layers - 1; l >= 0; l--) {
          Nd4j.gemm(g[s][l + 1], a[s][l], dw[l], false, true, 1.0, 0.0);
          if (l > 0) {
            Nd4j.gemm(w[l], g[s][l + 1], g[s][l], true, false, 1.0, 0.0);
          }
        }
      }
      if (e >= 0) {
        t[e] = (System.nanoTime() - t0) * 1e-9;
        c[e] = (processCpu() - c0) * 1e-9;
      }
    }
    return new double[] {median(t), median(c)};
  }

  /** The same epoch in NumPy, one thread; fills out[0], out[1] with the median wall and CPU seconds or returns why not. */
  static String numpy(int warmup, int epochs, double[] out) {
    String script = String.join("\n",
        "import os, sys, time",
        "import numpy as np",
        "N, P, Wd, L, K, B, warm, reps = " + N + ", " + PIXELS + ", " + WIDTH + ", " + LAYERS
            + ", " + K + ", " + BATCH + ", " + warmup + ", " + epochs,
        "rng = np.random.default_rng(1)",
        "X = rng.random((N, P), dtype=np.float32); y = np.arange(N) % K",
        "Ws = [(rng.standard_normal((Wd, P if l == 0 else Wd)) * np.sqrt(2 / (P if l == 0 else Wd))).astype(np.float32) for l in range(L)]",
        "bs = [np.zeros(Wd, np.float32) for _ in range(L)]",
        "Wh = (rng.standard_normal((K, Wd)) / np.sqrt(Wd)).astype(np.float32)",
        "params = Ws + bs + [Wh]",
        "m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]",
        "lw, lh, lr, t = 2e-4, 5e-3, 1e-4, 0",
        "def epoch():",
        "    global t",
        "    for s in range(0, N, B):",
        "        xb = X[s:s + B]; yb = y[s:s + B]; n = len(yb)",
        "        acts = [xb]",
        "        for l in range(L):",
        "            acts.append(np.maximum(acts[-1] @ Ws[l].T + bs[l], 0))",
        "        h = acts[-1]; z = h @ Wh.T",
        "        z = z - z.max(1, keepdims=True); e = np.exp(z); p = e / e.sum(1, keepdims=True)",
        "        g = p; g[np.arange(n), yb] -= 1; g /= n",
        "        gWh = g.T @ h + lw * Wh",
        "        gh = g @ Wh + (lh / n) * h",
        "        gWs = [None] * L; gbs = [None] * L",
        "        for l in reversed(range(L)):",
        "            gh = gh * (acts[l + 1] > 0)",
        "            gWs[l] = gh.T @ acts[l]; gbs[l] = gh.sum(0)",
        "            if l > 0: gh = gh @ Ws[l]",
        "        grads = gWs + gbs + [gWh]; t += 1",
        "        for i, (q, gr) in enumerate(zip(params, grads)):",
        "            m[i] = 0.9 * m[i] + 0.1 * gr; v[i] = 0.999 * v[i] + 0.001 * gr * gr",
        "            q -= lr * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)",
        "for _ in range(warm): epoch()",
        "ts = []; cs = []",
        "for _ in range(reps):",
        "    t0 = time.perf_counter(); c0 = time.process_time(); epoch()",
        "    ts.append(time.perf_counter() - t0); cs.append(time.process_time() - c0)",
        "print(sorted(ts)[len(ts) // 2], sorted(cs)[len(cs) // 2])");
    try {
      Path file = Files.createTempFile("ncverify-epoch", ".py");
      try {
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true);
        for (String v : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}) {
          pb.environment().put(v, "1");
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          return "numpy run failed: " + text.lines().reduce((x, y) -> y).orElse("");
        }
        String[] last = text.lines().reduce((x, y) -> y).orElse("NaN NaN").trim().split("\\s+");
        out[0] = Double.parseDouble(last[0]);
        out[1] = Double.parseDouble(last[1]);
        return "numpy " + numpyVersion() + ", float32, 1 BLAS thread";
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return "no numpy run (python3 with numpy not available: " + e.getMessage() + ")";
    }
  }

  private static String numpyVersion() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", "-c", "import numpy; print(numpy.__version__)")
        .redirectErrorStream(true).start();
    String v = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    return v;
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

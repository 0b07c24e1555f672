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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one training epoch of the practical engine on the default preset's shapes (784 → 6 × 128
 * ReLU → 10, batch 256, N = 3000, float32, Adam), against (a) its gemm floor: the same matrix
 * products alone, {@link NativeMatrices#gemm} into preallocated buffers, and (b) the same epoch in
 * NumPy (float32, one BLAS thread) and NumPy's own gemm floor, when python3 with numpy is
 * installed. Engine and NumPy are timed alternately in the same run, several rounds, so that the
 * ratios survive a loaded machine. Random pixels: the work does not depend on the values.
 *
 * <p>All times are CPU seconds per epoch: this thread's CPU clock for the engine and its floor
 * (nanosecond resolution; the process clock ticks in 10 ms steps, and it also counts the JIT
 * compiler and GC threads, which is shown beside it as a check that no work hides on other
 * threads), {@code time.process_time()} for NumPy (the whole Python process).
 */
public final class EpochBench {
  private EpochBench() {}

  /** Shapes of the default preset (Recipe.P2_FMNIST's CPU default). */
  public static final int N = 3000, PIXELS = 784, WIDTH = 128, LAYERS = 6, K = 10, BATCH = 256;

  /**
   * One round, CPU seconds per epoch: the engine (its thread; and the whole process), its gemm
   * floor, NumPy's epoch and NumPy's floor (NaN where NumPy did not run).
   */
  public record Round(double engine, double engineProcess, double floor, double numpy,
      double numpyFloor) {
    /** Engine over NumPy (NaN without NumPy). */
    public double ratio() { return engine / numpy; }
  }

  /**
   * The rounds, and {@code numpyNote} (NumPy's version and BLAS, or why it did not run);
   * {@code blas}: the BLAS libraries loaded in this process with their configuration (version,
   * kernel set).
   */
  public record Result(java.util.List<Round> rounds, String numpyNote, String blas) {}

  /**
   * {@code rounds} rounds of: {@code epochs} timed engine epochs, its floor, NumPy's; each after
   * {@code warmup} untimed epochs (the engine's only before the first round: its JIT stays warm).
   */
  public static Result run(int warmup, int epochs, int rounds) {
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
    Runnable epoch = () -> {
      for (int from = 0; from < N; from += BATCH) {
        int size = Math.min(BATCH, N - from);
        System.arraycopy(order, from, idx, 0, size);
        net.lossAndGradient(data, idx, size, cfg.loss(), cfg.lambdaW(), cfg.lambdaH());
        opt.step(net.params(), net.gradient(), cfg.learningRate());
      }
    };
    Runnable products = gemmFloor();
    java.util.List<Round> result = new java.util.ArrayList<>();
    String note = "";
    for (int r = 0; r < rounds; r++) {
      double[] engine = time(r == 0 ? warmup : 0, epochs, epoch);
      double[] floor = time(r == 0 ? warmup : 0, epochs, products);
      double[] numpy = {Double.NaN, Double.NaN};
      note = numpy(warmup, epochs, numpy);
      result.add(new Round(engine[0], engine[1], floor[0], numpy[0], numpy[1]));
    }
    return new Result(java.util.List.copyOf(result), note, blas());
  }

  /** {this thread's, the process's} CPU seconds per run of {@code epoch}, mean of {@code epochs}. */
  private static double[] time(int warmup, int epochs, Runnable epoch) {
    for (int e = 0; e < warmup; e++) {
      epoch.run();
    }
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long p0 = processCpu();
    long t0 = threads.getCurrentThreadCpuTime();
    for (int e = 0; e < epochs; e++) {
      epoch.run();
    }
    return new double[] {(threads.getCurrentThreadCpuTime() - t0) * 1e-9 / epochs,
        (processCpu() - p0) * 1e-9 / epochs};
  }

  /**
   * One epoch's products alone, made the way the engine makes them ({@link NativeMatrices#gemm},
   * preallocated): per batch, forward W_l A_{l−1}, backward dW = G Aᵀ, dA = Wᵀ G.
   */
  static Runnable gemmFloor() {
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
    NativeMatrices[] w = new NativeMatrices[layers];
    NativeMatrices[] dw = new NativeMatrices[layers];
    NativeMatrices[] a = new NativeMatrices[layers + 1];
    NativeMatrices[] g = new NativeMatrices[layers + 1];
    for (int l = 0; l < layers; l++) {
      w[l] = new NativeMatrices(Nd4j.rand(DataType.FLOAT, (long) out[l] * in[l]));
      dw[l] = new NativeMatrices(Nd4j.create(DataType.FLOAT, (long) out[l] * in[l]));
    }
    for (int l = 0; l <= layers; l++) {
      long rows = l == 0 ? PIXELS : out[l - 1];
      a[l] = new NativeMatrices(Nd4j.rand(DataType.FLOAT, rows * BATCH));
      g[l] = new NativeMatrices(Nd4j.rand(DataType.FLOAT, rows * BATCH));
    }
    return () -> {
      for (int size : sizes) {
        for (int l = 0; l < layers; l++) {
          a[l + 1].gemm(false, false, out[l], size, in[l], 1, w[l], 0, out[l], a[l], 0, in[l], 0,
              0, out[l]);
        }
        for (int l = layers - 1; l >= 0; l--) {
          dw[l].gemm(false, true, out[l], in[l], size, 1, g[l + 1], 0, out[l], a[l], 0, in[l], 0,
              0, out[l]);
          if (l > 0) {
            g[l].gemm(true, false, in[l], size, out[l], 1, w[l], 0, out[l], g[l + 1], 0, out[l], 0,
                0, in[l]);
          }
        }
      }
    };
  }

  /**
   * The BLAS libraries mapped into this process (Linux), each with its own configuration string
   * ({@code openblas_get_config}: version, DYNAMIC_ARCH and the kernel set chosen at load, e.g.
   * "OpenBLAS 0.3.19 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"), called through JNA on the
   * library already loaded (loading it again runs nothing).
   */
  public static String blas() {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .filter(f -> f.matches(".*/lib(open)?blas[^/]*\\.so[^/]*")).distinct()
          .map(f -> Path.of(f).getFileName() + " (" + blasConfig(f) + ")")
          .reduce((x, y) -> x + ", " + y).orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String blasConfig(String library) {
    try {
      return com.sun.jna.NativeLibrary.getInstance(library).getFunction("openblas_get_config")
          .invokeString(new Object[0], false).trim();
    } catch (RuntimeException | LinkageError e) {
      return "no openblas_get_config";
    }
  }

  /**
   * The same epoch in NumPy, one thread, and its products alone; fills out[0 … 1] with the CPU
   * seconds (process) per epoch of each and returns NumPy's version and BLAS, or returns why not.
   */
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
        "Wl = Ws + [Wh]; dWl = [np.empty_like(q) for q in Wl]",
        "A = {n: [np.ones((n, q.shape[1]), np.float32) for q in Wl] + [np.ones((n, K), np.float32)] for n in {B, N - (N - 1) // B * B}}",
        "G = {n: [a.copy() for a in A[n]] for n in A}",
        "def products():",
        "    for s in range(0, N, B):",
        "        n = min(B, N - s); a = A[n]; g = G[n]",
        "        for l in range(L + 1): np.matmul(a[l], Wl[l].T, out=a[l + 1])",
        "        for l in reversed(range(L + 1)):",
        "            np.matmul(g[l + 1].T, a[l], out=dWl[l])",
        "            if l > 0: np.matmul(g[l + 1], Wl[l], out=g[l])",
        "def timed(f):",
        "    for _ in range(warm): f()",
        "    c0 = time.process_time()",
        "    for _ in range(reps): f()",
        "    return (time.process_time() - c0) / reps",
        "def blas():",
        "    import ctypes",
        "    for p in sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.split()[-1]}):",
        "        for n in ('scipy_openblas_get_config64_', 'openblas_get_config64_', 'openblas_get_config'):",
        "            f = getattr(ctypes.CDLL(p), n, None)",
        "            if f is not None:",
        "                f.restype = ctypes.c_char_p; return f().decode().strip()",
        "    return 'BLAS unknown'",
        "print(np.__version__ + ' (' + blas() + ')')",
        "print(timed(epoch), timed(products))");
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
        java.util.List<String> lines = text.lines().toList();
        String[] last = lines.get(lines.size() - 1).trim().split("\\s+");
        for (int i = 0; i < 2; i++) {
          out[i] = Double.parseDouble(last[i]);
        }
        return "numpy " + lines.get(lines.size() - 2).trim() + ", float32, 1 BLAS thread";
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      return "no numpy run (python3 with numpy not available: " + e.getMessage() + ")";
    }
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}

package ncverify.cli;

import ncverify.core.Progress;
import ncverify.core.InvalidInput;
import java.util.Optional;
import ncverify.practical.EpochBench;
import ncverify.practical.TorchBench;
import ncverify.practical.TorchWorker;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the performance numbers of the training engine (never a timed unit test).
 * <ol>
 *   <li>one objective + gradient evaluation for K=10, d=64, n_k=100, M=1, MSE (double and float);</li>
 *   <li>the same step's three BLAS products alone (Z = W H, ∂W = G Hᵀ, ∂H = Wᵀ G, Nd4j.gemm into
 *       preallocated buffers), the floor any implementation pays, and the ratio step / products;</li>
 *   <li>time for L-BFGS to reach a certified optimum (residual ≤ 1e-9) on P1's imbalanced synthetic
 *       setting with M = 6;</li>
 *   <li>one epoch of the practical engine on the default preset's shapes against its gemm floor
 *       and against the same epoch in NumPy (one thread), all in the same run
 *       ({@link ncverify.practical.EpochBench}).</li>
 * </ol>
 * Each timing: warm-up calls, then repetitions timed one by one; reported as median [p10, p90].
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the objective step against its BLAS products, and time to a certified optimum.")
public final class BenchCommand implements Callable<Integer> {

  static final String STEP_SETTING =
      "loss=mse bias=none features=free n=100,100,100,100,100,100,100,100,100,100 d=64 M=1"
          + " lambdaW=5e-4 lambdaH=5e-4";
  static final String CERTIFY_SETTING =
      "loss=mse bias=none features=free n=200,100,50,50 d=64 M=6 lambdaW=5e-4 lambdaH=5e-4";

  /**
   * Untimed epochs before part (iv): the JIT needs several epochs to compile the element-wise
   * loops (with 2 the engine's first timed epochs still ran partly interpreted: ~2x slower; after
   * 10 the first round's process CPU was still 2–4 ms per epoch above the engine thread's, C2
   * compiling, and its engine/NumPy ratio 0.08–0.17 above the later rounds').
   */
  static final int EPOCH_WARMUP = 30;

  /** Rounds of part (iv): the engine/NumPy ratio once per round, to show its spread under load. */
  static final int EPOCH_ROUNDS = 3;

  @Spec
  CommandSpec spec;

  @Option(names = "--warmup", defaultValue = "300", description = "Untimed calls before timing (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--repetitions", defaultValue = "1000", description = "Timed calls per step measurement (default ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--certify-repetitions", defaultValue = "3", description = "Timed certified trainings (default ${DEFAULT-VALUE}); 0 skips part (iii).")
  int certifyRepetitions;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the start in part (iii) (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--init-scale", defaultValue = "0.1", description = "Initial scale in part (iii) (default ${DEFAULT-VALUE}).")
  double initScale;

  @Option(names = "--epochs", defaultValue = "10", description = "Timed practical epochs in part (iv) (default ${DEFAULT-VALUE}); 0 skips it.")
  int epochs;

  @Option(names = "--threads", description = "BLAS/ND4J threads (default: half the cores, at least 1)."
      + " On a loaded machine 1 is far more stable: spinning BLAS threads compete with other processes.")
  Integer threads;

  @Option(names = "--scale", description = "Instead of (i)-(iii): the scale targets of issue 16"
      + " (certified global optima at depth, verify at realistic sizes), each with today's figure.")
  boolean scale;

  @Option(names = "--baseline", description = "With --scale: also run the previous method (L-BFGS on"
      + " the full problem) side by side in this run and print the ratio (slow: minutes).")
  boolean baseline;

  @Override
  public Integer call() {
    int threadCount = NativeSetup.threads(threads);
    Optional<TorchWorker> torch = TorchWorker.available().map(TorchWorker::new);
    if (scale) {
      new ScaleBench(spec.commandLine().getOut(), baseline, torch, threadCount)
          .run(new Progress.Parts(spec.commandLine().getErr(), "bench --scale", torch.isPresent() ? 6 : 5));
      return 0;
    }
    if (warmup < 0 || repetitions < 1 || certifyRepetitions < 0 || epochs < 0) {
      throw new InvalidInput("--warmup", "must be >= 0, --repetitions >= 1, --certify-repetitions >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Progress.Parts parts = new Progress.Parts(spec.commandLine().getErr(), "bench",
        2 + (certifyRepetitions > 0 ? 1 : 0) + (epochs > 0 ? 1 : 0));
    out.println("BLAS threads: " + Nd4j.factory().blas().getMaxThreads() + ", cores: "
        + Runtime.getRuntime().availableProcessors() + "; " + torchNote(torch, threadCount));
    Setting step = Setting.parse(STEP_SETTING);
    out.println("(i)/(ii) one objective+gradient step vs its three gemm products; " + STEP_SETTING);
    out.println("         median [p10, p90] over " + repetitions + " calls after " + warmup + " warm-up calls");
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      parts.next("(i)/(ii) objective step and its gemms, " + type
          + (torch.isPresent() ? ", and PyTorch's step" : ""));
      double[] stepTimes = timeStep(step, type);
      double[] gemmTimes = timeProducts(step, type);
      double ratio = median(stepTimes) / median(gemmTimes);
      out.printf(Locale.ROOT, "  %-6s step %s   3 gemms %s   ratio %.2f%n", type,
          summary(stepTimes), summary(gemmTimes), ratio);
      torch.ifPresent(w -> out.println("         " + torchStep(w, step, type, randomPoint(
          new Objective(step, type).dimension(), 7), threadCount, warmup, repetitions)));
      out.flush();
    }
    if (certifyRepetitions > 0) {
      Setting s = Setting.parse(CERTIFY_SETTING);
      parts.next("(iii) L-BFGS to a certified optimum, " + certifyRepetitions + " runs");
      out.println("(iii) L-BFGS to residual <= " + Certificate.CERTIFIED + ": " + CERTIFY_SETTING);
      out.println("      seed " + seed + ", init scale " + initScale + ", " + certifyRepetitions + " runs");
      double[] seconds = new double[certifyRepetitions];
      Run last = null;
      for (int r = 0; r < certifyRepetitions; r++) {
        last = new Lbfgs().minimize(new Objective(s), seed, initScale);
        seconds[r] = last.seconds();
        out.printf(Locale.ROOT, "      run %d: %.3f s, %d iterations, f=%.15g, residual %.2e, %s%n", r + 1,
            last.seconds(), last.iterations(), last.objective(), last.residual(), last.termination());
        out.flush();
      }
      out.printf(Locale.ROOT, "      median %.3f s (%.2f ms per iteration); f(0) = %.3f for comparison%n",
          median(seconds), 1e3 * median(seconds) / Math.max(1, last.iterations()),
          new Objective(s).value(new double[new Objective(s).dimension()]));
    }
    if (epochs > 0) {
      parts.next("(iv) practical epochs: engine, its gemm floor, NumPy"
          + (torch.isPresent() ? ", PyTorch" : ""));
      out.printf(Locale.ROOT, "(iv) one practical epoch: %d -> %d x %d ReLU -> %d, batch %d, N = %d, "
          + "float32, Adam; %d rounds of %d epochs (engine, its gemm floor, NumPy, NumPy's floor "
          + "in turn), the first after %d warm-up epochs; CPU ms per epoch%n", EpochBench.PIXELS,
          EpochBench.LAYERS, EpochBench.WIDTH, EpochBench.K, EpochBench.BATCH, EpochBench.N,
          EPOCH_ROUNDS, epochs, EPOCH_WARMUP);
      out.flush();
      EpochBench.Result r = EpochBench.run(EPOCH_WARMUP, epochs, EPOCH_ROUNDS);
      int n = 0;
      for (EpochBench.Round x : r.rounds()) {
        out.printf(Locale.ROOT, "      round %d: engine %s (process %s), its gemm floor %s; NumPy %s, "
            + "its gemm floor %s; engine / NumPy %s, engine / its floor %s, floor / NumPy's floor "
            + "%s%n", ++n, ms(x.engine()), ms(x.engineProcess()), ms(x.floor()), ms(x.numpy()),
            ms(x.numpyFloor()), ratio(x.engine(), x.numpy()), ratio(x.engine(), x.floor()),
            ratio(x.floor(), x.numpyFloor()));
      }
      out.println("      engine / NumPy in each round: " + r.rounds().stream()
          .map(x -> ratio(x.engine(), x.numpy())).reduce((x, y) -> x + ", " + y).orElse(""));
      out.println("      engine BLAS: " + r.blas());
      out.println("      " + r.numpyNote());
      EpochBench.Round last = r.rounds().get(r.rounds().size() - 1);
      if (torch.isPresent()) {
        TorchBench.Timing t = TorchBench.epoch(torch.get(), threadCount, EPOCH_WARMUP, epochs);
        out.printf(Locale.ROOT, "      PyTorch epoch %s CPU: engine (last round) / PyTorch %s "
            + "(the torch engine's own training step, %d thread%s)%n", ms(t.cpu()),
            ratio(last.engine(), t.cpu()), threadCount, threadCount == 1 ? "" : "s");
      }
    }
    out.flush();
    return 0;
  }

  /** Which PyTorch bench compares with, or why none. */
  static String torchNote(Optional<TorchWorker> torch, int threads) {
    return torch.map(w -> "PyTorch " + w.runtime().torchVersion() + " on CPU under "
        + w.runtime().python() + ", " + threads + " thread" + (threads == 1 ? "" : "s")
        + " (as ND4J)").orElse("PyTorch: not found (no Python with torch and numpy among "
        + TorchWorker.DEFAULT_PYTHONS + "); no PyTorch ratios");
  }

  /**
   * The same objective + gradient step in PyTorch (autograd, CPU) at the same point: its value's
   * relative difference from this engine's (both compute the same f), and this engine's time over
   * PyTorch's, medians per call of wall time and of CPU time (this thread's; the worker process's),
   * both timed here one after the other.
   */
  static String torchStep(TorchWorker torch, Setting s, DataType type, double[] x, int threads,
      int warmup, int repetitions) {
    Objective f = new Objective(s, type);
    double[] g = new double[x.length];
    double value = f.valueAndGradient(x, g);
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmup; i++) {
      f.valueAndGradient(x, g);
    }
    double[] wall = new double[repetitions];
    double[] cpuTime = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long w0 = System.nanoTime();
      long c0 = cpu.getCurrentThreadCpuTime();
      f.valueAndGradient(x, g);
      wall[i] = (System.nanoTime() - w0) * 1e-9;
      cpuTime[i] = (cpu.getCurrentThreadCpuTime() - c0) * 1e-9;
    }
    TorchBench.Timing t = TorchBench.ufmStep(torch, s, x, type == DataType.FLOAT, threads, warmup,
        repetitions);
    return String.format(Locale.ROOT, "this %.1f µs wall, %.1f µs CPU; PyTorch %s %.1f µs wall, "
        + "%.1f µs CPU; this / PyTorch %.2f wall, %.2f CPU; same f to %.1e relative",
        1e6 * median(wall), 1e6 * median(cpuTime), type == DataType.FLOAT ? "float32" : "float64",
        1e6 * t.wall(), 1e6 * t.cpu(), median(wall) / t.wall(), median(cpuTime) / t.cpu(),
        Math.abs(t.value() - value) / Math.abs(value));
  }

  private static String ms(double seconds) {
    return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", 1e3 * seconds);
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a / b) ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private double[] timeStep(Setting setting, DataType type) {
    Objective f = new Objective(setting, type);
    double[] x = randomPoint(f.dimension(), 7);
    double[] g = new double[x.length];
    for (int i = 0; i < warmup; i++) {
      f.valueAndGradient(x, g);
    }
    double[] t = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      f.valueAndGradient(x, g);
      t[i] = (System.nanoTime() - start) * 1e-9;
    }
    return t;
  }

  private double[] timeProducts(Setting setting, DataType type) {
    int k = setting.K(), d = setting.d(), n = setting.N();
    INDArray w = Nd4j.rand(type, 'f', k, d);
    INDArray h = Nd4j.rand(type, 'f', d, n);
    INDArray g = Nd4j.rand(type, 'f', k, n);
    INDArray z = Nd4j.create(type, new long[] {k, n}, 'f');
    INDArray dw = Nd4j.create(type, new long[] {k, d}, 'f');
    INDArray dh = Nd4j.create(type, new long[] {d, n}, 'f');
    for (int i = 0; i < warmup; i++) {
      products(w, h, g, z, dw, dh);
    }
    double[] t = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      products(w, h, g, z, dw, dh);
      t[i] = (System.nanoTime() - start) * 1e-9;
    }
    return t;
  }

  private static void products(INDArray w, INDArray h, INDArray g, INDArray z, INDArray dw, INDArray dh) {
    Nd4j.gemm(w, h, z, false, false, 1.0, 0.0);
    Nd4j.gemm(g, h, dw, false, true, 1.0, 0.0);
    Nd4j.gemm(w, g, dh, true, false, 1.0, 0.0);
  }

  static double[] randomPoint(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.1 * r.nextGaussian();
    }
    return x;
  }

  static double median(double[] v) {
    return quantile(v, 0.5);
  }

  static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(s.length - 1, i + 1);
    return s[i] + (pos - i) * (s[j] - s[i]);
  }

  private static String summary(double[] seconds) {
    return String.format(Locale.ROOT, "%.1f µs [%.1f, %.1f]", 1e6 * median(seconds),
        1e6 * quantile(seconds, 0.1), 1e6 * quantile(seconds, 0.9));
  }
}

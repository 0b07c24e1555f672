package ncverify.cli;

import ncverify.core.Progress;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;
import ncverify.practical.TorchWorker;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.Locale;
import java.util.function.Supplier;
import ncverify.claim.Claim;
import ncverify.claim.SettingOutcome;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
import ncverify.train.CertifiedSearch;
import ncverify.train.Initializer;
import ncverify.train.Lbfgs;
import ncverify.train.MultiStart;
import ncverify.train.Run;
import ncverify.verify.Effort;
import ncverify.verify.Verifier;

/**
 * {@code bench --scale}: the targets of issue 16, each timed in this JVM (wall clock and the
 * thread's CPU time, which a loaded machine inflates less), printed next to the figure measured
 * before the class-mean search existed and, with --baseline, next to the previous method run here;
 * when PyTorch is found, one objective + gradient step of the full problem at each shape against
 * the same step in PyTorch on the CPU ({@link BenchCommand#torchStep}).
 */
final class ScaleBench {
  static final String DEEP6 = "loss=mse bias=none features=free n=500,500,500,500,500,50,50,50,50,50"
      + " d=64 M=6 lambdaW=5e-4 lambdaH=5e-4";
  static final String DEEP9 = "loss=mse bias=none features=free"
      + " n=200,200,200,200,200,200,200,200,200,200 d=64 M=9 lambdaW=5e-4 lambdaH=5e-4";
  static final String VERIFY_MSE = "loss=mse bias=none features=free"
      + " n=350,350,350,350,350,50,50,50,50,50 d=64 M=3 lambdaW=5e-4 lambdaH=5e-4";

  private final PrintWriter out;
  private final boolean baseline;
  private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

  private final Optional<TorchWorker> torch;
  private final int threads;

  ScaleBench(PrintWriter out, boolean baseline, Optional<TorchWorker> torch, int threads) {
    this.out = out;
    this.baseline = baseline;
    this.torch = torch;
    this.threads = threads;
  }

  /** K = 100 classes, N = 2000 (50 classes of 30, 50 of 10), d = 128, ReLU features, M = 1. */
  static String p2Setting() {
    StringBuilder n = new StringBuilder();
    for (int k = 0; k < 100; k++) {
      n.append(k == 0 ? "" : ",").append(k < 50 ? 30 : 10);
    }
    return "loss=ce bias=none features=nonneg n=" + n + " d=128 M=1 lambdaW=5e-4 lambdaH=5e-4";
  }

  /** Runs the targets, telling {@code parts} which one is running (5, and PyTorch's steps). */
  void run(Progress.Parts parts) {
    out.println("scale targets (issue 16); wall and CPU seconds of this thread; 'before' = figure"
        + " measured with L-BFGS on the full problem before the class-mean search");
    parts.next("M=6 certified optimum");
    optimum("certified global optimum, M=6 step-imbalanced", DEEP6, "134 s, 14 515 it, f=0.05459"
        + " (not global; f*=0.03643)", 3);
    parts.next("M=9 certified optimum");
    optimum("certified global optimum, n=200x10 M=9", DEEP9, "did not finish in 100 s", 5);
    parts.next("verify p1-mse-imbalanced-deep K=10");
    verify("verify p1-mse-imbalanced-deep K=10 N=2000 d=64 M=3", "p1-mse-imbalanced-deep",
        VERIFY_MSE, "54 s", 10);
    parts.next("verify p2-ce-relu-imbalanced K=100");
    verify("verify p2-ce-relu-imbalanced K=100 N=2000 d=128", "p2-ce-relu-imbalanced",
        p2Setting(), "54-115 s (issue); 29.0 s CPU, 104 of 124 runs at f* (before the"
        + " non-negative rays and the branch-free L-BFGS loops)", 30);
    parts.next("the default verify");
    defaultVerify();
    out.println(BenchCommand.torchNote(torch, threads) + "; PyTorch has no certified search, so"
        + " the comparison is one objective + gradient step of the full problem (float64)");
    torch.ifPresent(w -> {
      parts.next("PyTorch steps at the four shapes");
      for (String text : List.of(DEEP6, DEEP9, VERIFY_MSE, p2Setting())) {
        Setting s = Setting.parse(text);
        double[] x = BenchCommand.randomPoint(new Objective(s).dimension(), 7);
        out.printf(Locale.ROOT, "  K=%d N=%d d=%d M=%d %s: %s%n", s.K(), s.N(), s.d(), s.depth(),
            s.loss(), BenchCommand.torchStep(w, s, DataType.DOUBLE, x, threads, STEP_WARMUP,
                STEP_REPETITIONS));
        out.flush();
      }
    });
    out.flush();
  }

  /** Calls per step timing at the scale shapes (each a few ms at most). */
  private static final int STEP_WARMUP = 20, STEP_REPETITIONS = 100;


  private void optimum(String title, String text, String before, double target) {
    Setting s = Setting.parse(text);
    Timed<Run> now = time(() -> globalSearch(s, 1));
    out.printf(Locale.ROOT, "%s%n  %s%n  now:    %s  f=%.10g residual %.2e%n  before: %s; target <= %.0f s%n",
        title, text, now, now.value().objective(), now.value().residual(), before, target);
    if (baseline) {
      Timed<Run> old = time(() -> new Lbfgs().minimize(new Objective(s), 1, TrainCommand.DEFAULT_INIT_SCALE));
      out.printf(Locale.ROOT, "  L-BFGS full problem, this run: %s  f=%.10g %s, %d iterations; ratio"
          + " (CPU) %.1fx%n", old, old.value().objective(), old.value().termination(),
          old.value().iterations(), old.cpu() / now.cpu());
    }
    out.flush();
  }

  private void verify(String title, String claimId, String text, String before, double target) {
    Claim claim = Catalogue.byId(claimId).orElseThrow();
    Setting s = Setting.parse(text);
    Timed<SettingOutcome> now = time(() ->
        new Verifier(Effort.standard().withClassMeanSearch(true)).judge(claim, s, 1));
    out.printf(Locale.ROOT, "%s%n  now:    %s  %s (%s)%n  before: %s; target <= %.0f s%n", title, now,
        now.value().verdict(), now.value().reason(), before, target);
    if (baseline) {
      Timed<SettingOutcome> old = time(() -> new Verifier().judge(claim, s, 1));
      out.printf(Locale.ROOT, "  full-problem verifier, this run: %s  %s; ratio (CPU) %.1fx%n", old,
          old.value().verdict(), old.cpu() / now.cpu());
    }
    out.flush();
  }

  /**
   * The default {@code verify} as a user runs it (every catalogue claim, 8 settings, seed 1, a
   * report, {@code --jobs} {@link #DEFAULT_VERIFY_JOBS}), in a process of its own, so its worker and
   * proof processes start as they do for a user; CPU is that of every process it started
   * (Linux: the children's times this JVM collects on reaping them, /proc/self/stat).
   */
  private void defaultVerify() {
    java.nio.file.Path dir = null;
    try {
      dir = java.nio.file.Files.createTempDirectory("ncverify-bench-verify");
      ProcessBuilder pb = new ProcessBuilder(Workers.command(List.of("verify", "--jobs", ""
          + DEFAULT_VERIFY_JOBS, "--report-dir", dir.resolve("report").toString())))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      double cpu0 = childrenCpuSeconds();
      long w = System.nanoTime();
      int code = pb.start().waitFor();
      double wall = (System.nanoTime() - w) * 1e-9;
      double cpu = childrenCpuSeconds() - cpu0;
      out.printf(Locale.ROOT, "default verify (every claim x 8 settings, seed 1, report, --jobs %d)%n"
          + "  now:    %.2f s wall, %s (exit %d)%n  before: %s; target <= %s%n", DEFAULT_VERIFY_JOBS,
          wall, Double.isNaN(cpu) ? "CPU unknown (no /proc)" : String.format(Locale.ROOT,
              "%.2f s CPU (all processes)", cpu), code, DEFAULT_VERIFY_BEFORE, DEFAULT_VERIFY_TARGET);
    } catch (java.io.IOException e) {
      out.println("default verify: could not run (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("default verify: interrupted");
    } finally {
      TorchWorker.delete(dir);
    }
    out.flush();
  }

  /** The jobs of the default verify on the 2-core machine the figures were measured on. */
  static final int DEFAULT_VERIFY_JOBS = 2;
  /** Measured on an idle 2-core machine (issue 16, stop 20 and this branch). */
  static final String DEFAULT_VERIFY_BEFORE = "32 s wall when issue 16 was filed; 41.4 s wall, 79.9 s"
      + " CPU at 9a5fded (its proof process failed at once and the parent re-checked every proof)";
  static final String DEFAULT_VERIFY_TARGET = "32 s wall on an idle 2-core machine (<= 50 s CPU)";

  /**
   * CPU seconds (user + system) of this JVM's children that have ended and been reaped, with
   * theirs: fields cutime and cstime of /proc/self/stat; NaN where there is no /proc.
   */
  static double childrenCpuSeconds() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) CLOCK_TICKS;
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** USER_HZ: the kernel reports times in /proc in 1/100 s on every Linux architecture Java runs on. */
  private static final int CLOCK_TICKS = 100;

  /** The search of {@code train --optimizer newton --global}: seeded start plus structured rays. */
  static Run globalSearch(Setting s, long seed) {
    CertifiedSearch search = new CertifiedSearch(s);
    List<MultiStart.Candidate> all = TrainCommand.withStructuredStarts(search,
        new MultiStart.Candidate("seed", search.fromReduced(Initializer.start(
            search.reducedObjective(), seed, TrainCommand.DEFAULT_INIT_SCALE), seed)), seed);
    return MultiStart.lowestCertified(all, Certificate.CERTIFIED).orElse(all.get(0)).run();
  }

  record Timed<T>(T value, double wall, double cpu) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU", wall, cpu);
    }
  }

  private <T> Timed<T> time(Supplier<T> work) {
    long w = System.nanoTime();
    long c = cpu.getCurrentThreadCpuTime();
    T v = work.get();
    return new Timed<>(v, (System.nanoTime() - w) * 1e-9, (cpu.getCurrentThreadCpuTime() - c) * 1e-9);
  }

}

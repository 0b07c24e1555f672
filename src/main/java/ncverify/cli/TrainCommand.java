package ncverify.cli;

import ncverify.core.CpuTime;
import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Progress;
import ncverify.core.Numbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.measure.NcMetrics;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import java.util.ArrayList;
import java.util.List;
import ncverify.theory.StructuredStarts;
import ncverify.train.Certificate;
import ncverify.train.CertifiedSearch;
import ncverify.train.Initializer;
import ncverify.train.MultiStart;
import ncverify.train.GradientDescent;
import ncverify.train.Lbfgs;
import ncverify.train.Optimizer;
import ncverify.train.Run;
import ncverify.train.Termination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code train '<setting>' --seed S}: trains one setting from a random start and prints the final
 * objective, certification residual, iterations, time and status (or one JSON object with --json).
 * Exit code 0 whenever the run completed, whatever its status (the status is the result).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one setting from a seeded random start and report the certified result.")
public final class TrainCommand implements Callable<Integer> {

  /** Updater choice on the command line. */
  enum OptimizerName { lbfgs, gd, newton }

  /**
   * Default initial scale: N(0, 0.5²) entries are large enough that deep (M ≥ 2) problems do not
   * start in the basin of the origin (THEORY.md §7) on the papers' settings.
   */
  static final double DEFAULT_INIT_SCALE = 0.5;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SETTING", description = "One-line setting, e.g. '"
      + Setting.EXAMPLE + "'")
  String settingText;

  @Option(names = "--seed", required = true, description = "Seed of the random start.")
  long seed;

  @Option(names = "--optimizer", defaultValue = "lbfgs",
      description = "lbfgs (certifying, default), newton (certifying: trust-region Newton-CG on the"
          + " class-mean problem, lifted and certified on the full one) or gd (momentum SGD, the"
          + " papers' recipe).")
  OptimizerName optimizer;

  @Option(names = "--init-scale", defaultValue = "" + DEFAULT_INIT_SCALE,
      description = "Standard deviation of the initial entries (default ${DEFAULT-VALUE}).")
  double initScale;

  @Option(names = "--max-iterations", description = "Iteration budget (default: 100000 for lbfgs,"
      + " 30000 for gd).")
  Integer maxIterations;

  /**
   * The smallest certification residual a run may be asked for: the certificate is a relative
   * gradient norm whose round-off floor is ~1e-15 (8e-16 measured at a certified point of
   * n=5,5,5 M=3); with --tolerance 0 L-BFGS ran 4 million evaluations in 10 minutes at that floor.
   */
  static final double MIN_TOLERANCE = 1e-14;

  @Option(names = "--tolerance", defaultValue = "" + Certificate.CERTIFIED,
      description = "Certification residual to stop at, 1e-14 to 1 (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate for gd (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum for gd (default ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--global", description = "With --optimizer newton: also search from the"
      + " structured starts of the theory (each live set of largest classes as an orthogonal frame and"
      + " as a simplex ETF) and report the lowest certified point.")
  boolean global;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Setting setting = Setting.parse(settingText);
    Optimizer opt = optimizer();
    if (!(initScale >= 0) || Double.isInfinite(initScale)) {
      throw new InvalidInput("--init-scale", "must be a finite number >= 0, got " + initScale);
    }
    int budget = maxIterations != null ? maxIterations
        : optimizer == OptimizerName.gd ? GradientDescent.Options.papers().maxIterations()
        : optimizer == OptimizerName.newton ? CertifiedSearch.Options.defaults().maxIterations()
        : Lbfgs.Options.defaults().maxIterations();
    CostEstimate.announce("train", setting, budget, spec.commandLine().getErr());
    // The reported time is CPU time of the optimisation (all threads), never wall time alone: on a
    // shared machine wall time measures the load (README, "train").
    double cpu0 = CpuTime.processSeconds();
    String from = null;
    Run run;
    if (optimizer == OptimizerName.newton) {
      CertifiedSearch search = new CertifiedSearch(setting, new CertifiedSearch.Options(
          maxIterations != null ? maxIterations : CertifiedSearch.Options.defaults().maxIterations(),
          tolerance));
      double[] x0 = Initializer.start(search.reducedObjective(), seed, initScale);
      // progress lines once the run takes > 2 s; the wrapper changes no number
      StartsProgress starts = new StartsProgress(spec.commandLine().getErr());
      search.observe(TrainingProgress.observer(spec.commandLine().getErr(), tolerance));
      run = search.fromReduced(x0, seed).withOrigin(new Run.Origin(seed, initScale));
      if (global) {
        search.observe(java.util.function.UnaryOperator.identity());
        List<MultiStart.Candidate> all = withStructuredStarts(search,
            new MultiStart.Candidate("seed " + seed + " scale " + initScale, run), seed,
            starts);
        MultiStart.Candidate best = MultiStart.lowestCertified(all, tolerance).orElse(all.get(0));
        double seconds = all.stream().mapToDouble(c -> c.run().seconds()).sum();
        Run b = best.run();
        run = new Run(b.x(), b.objective(), b.residual(), b.iterations(), seconds, b.termination(),
            b.detail(), b.optimizer(), b.origin(), b.history());
        from = best.origin() + " (lowest certified of " + all.size() + " starts; time is all starts)";
      }
    } else if (global) {
      throw new InvalidInput("--global", "needs --optimizer newton");
    } else {
      // progress lines once the run takes > 2 s; the wrapper changes no number
      run = opt.minimize(new TrainingProgress(new Objective(setting), spec.commandLine().getErr(),
          tolerance, budget), seed, initScale);
    }
    double cpuSeconds = CpuTime.processSeconds() - cpu0;
    PrintWriter out = spec.commandLine().getOut();
    NcMetrics metrics = NcMetrics.of(setting, run.x());
    // How far from the theory's prediction the run ended, when a theory covers the setting: the
    // relative objective gap (f − f*)/|f*| (scale-free, like the certificate).
    java.util.Optional<ncverify.theory.Prediction> prediction =
        ncverify.theory.Theories.forSetting(setting).map(t -> t.predict(setting));
    final Run finalRun = run;
    if (json) {
      ObjectNode node = toJson(setting, run);
      node.put("cpuSeconds", cpuSeconds);
      node.put("stuckAtCriticalStart", stuckAtOrigin(setting, run));
      if (stuckAtOrigin(setting, run)) { // as the text says: never CONVERGED there
        node.put("status", "CRITICAL_POINT_AT_THE_START");
        node.put("detail", criticalStart(setting));
      }
      prediction.ifPresent(p -> {
        node.put("predictedOptimum", p.optimalValue());
        node.put("relativeGapToPrediction", relativeGap(finalRun.objective(), p.optimalValue()));
      });
      if (from != null) {
        node.put("from", from);
      }
      node.set("metrics", new ObjectMapper().valueToTree(metrics));
      out.println(new ObjectMapper().writeValueAsString(node));
    } else {
      out.println("setting    " + setting);
      out.println("optimizer  " + run.optimizer() + "  seed " + seed + "  init-scale " + initScale);
      if (from != null) {
        out.println("from       " + from);
      }
      out.printf(Locale.ROOT, "objective  %.17g%n", run.objective());
      out.printf(Locale.ROOT, "residual   %.3e%n", run.residual());
      out.println("iterations " + run.iterations());
      out.printf(Locale.ROOT, "time       %.3f s CPU (process, all threads); %.3f s wall in the optimiser%n",
          cpuSeconds, run.seconds());
      if (stuckAtOrigin(setting, run)) {
        out.println("status     " + criticalStart(setting));
      } else {
        out.println("status     " + run.termination() + (run.termination() == Termination.CONVERGED ? "" : " (" + run.detail() + ")"));
      }
      // A candidate family (the ETF for deep CE) is not a proven optimum: never call it f*.
      prediction.ifPresent(p -> out.printf(Locale.ROOT,
          "predicted  %s = %.17g (%s); this run is %.3e above it (relative)%n",
          p.isCandidate() ? "candidate value (not a proven optimum; see predict)" : "f*",
          p.optimalValue(), p.family(), relativeGap(finalRun.objective(), p.optimalValue())));
      out.println("NC1        " + NcMetrics.show(metrics.nc1()) + "  (trace ratio; trace quotient "
          + NcMetrics.show(metrics.nc1TraceQuotient()) + ", CDNV " + NcMetrics.show(metrics.cdnv()) + ")");
      out.println("NC2        W: to ETF " + NcMetrics.show(metrics.nc2EtfW()) + ", to frame "
          + NcMetrics.show(metrics.nc2OrthoW()) + ";  H̄: to ETF " + NcMetrics.show(metrics.nc2EtfH())
          + " (centred), to frame " + NcMetrics.show(metrics.nc2OrthoH()));
      out.println("NC3        nd(W, H̄ᵀ) " + NcMetrics.show(metrics.nc3()) + ", centred "
          + NcMetrics.show(metrics.nc3Centred()));
      out.println("NC4        agreement " + NcMetrics.show(metrics.nc4()));
      out.println("‖h̄_k‖²     " + java.util.Arrays.toString(metrics.classMeanNormsSq()));
      out.println("‖w_k‖²     " + java.util.Arrays.toString(metrics.classifierNormsSq()));
    }
    out.flush();
    return 0;
  }

  /** The status of a run that never left an --init-scale 0 start (instead of CONVERGED), M = 1. */
  static final String CRITICAL_START = "CRITICAL POINT AT THE START: --init-scale 0 starts at the "
      + "origin W = H = 0, where the gradient in W and H vanishes exactly, and the run never left it "
      + "(a saddle unless the collapsed point is the optimum: compare 'predicted'); start with "
      + "--init-scale > 0, or use --optimizer newton, which leaves the origin along negative "
      + "curvature";

  /**
   * The same for M ≥ 2, where the advice differs: the network's output W_M…W_1H is of order
   * M + 1 ≥ 3 in the parameters, so at the origin the Hessian is the regularisers' alone (positive
   * definite) and the origin is a strict local minimum; no second-order method leaves it either
   * (user pass 7: newton stayed there, 0 iterations, while the message recommended it).
   */
  static final String CRITICAL_START_DEEP = "CRITICAL POINT AT THE START: --init-scale 0 starts at "
      + "the origin W = H = 0, where the gradient in W and H vanishes exactly, and the run never left "
      + "it (for M >= 2 the origin is a strict local minimum: the output is of order M + 1 in the "
      + "weights, so the Hessian there is the regularisers' alone and no optimiser leaves it; it is "
      + "global only when the collapsed point is the optimum: compare 'predicted'); start with "
      + "--init-scale > 0";

  static String criticalStart(Setting setting) {
    return setting.depth() == 1 ? CRITICAL_START : CRITICAL_START_DEEP;
  }

  /**
   * Whether the run ended with every entry of W_1 … W_M and H exactly 0 (the bias may have moved):
   * from --init-scale 0 that is the start itself, an exact critical point (every gradient in W
   * and H has a factor W or H), which no first-order optimiser leaves.
   */
  static boolean stuckAtOrigin(Setting setting, Run run) {
    if (run.origin() == null || run.origin().initScale() != 0) {
      return false;
    }
    ncverify.problem.Layout layout = new ncverify.problem.Layout(setting);
    int b = layout.bOffset();
    double[] x = run.x();
    for (int i = 0; i < x.length; i++) {
      boolean bias = b >= 0 && i >= b && i < b + setting.K();
      if (!bias && x[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** (f − f*)/|f*|; f* = 0 gives f itself (absolute). */
  static double relativeGap(double f, double fStar) {
    return fStar == 0 ? f : (f - fStar) / Math.abs(fStar);
  }

  private Optimizer optimizer() {
    if (maxIterations != null) {
      Numbers.requireRange("--max-iterations", maxIterations, 0, Limits.MAX_ITERATIONS);
    }
    if (!(tolerance >= MIN_TOLERANCE && tolerance < 1)) {
      throw new InvalidInput("--tolerance", "must be at least " + MIN_TOLERANCE + " (the "
          + "certificate's round-off floor: a smaller residual is never reached, the run would only "
          + "spend its iteration budget) and below 1, got " + tolerance);
    }
    if (optimizer == OptimizerName.gd) {
      if (!(learningRate > 0)) {
        throw new InvalidInput("--lr", "must be > 0, got " + learningRate);
      }
      if (!(momentum >= 0 && momentum < 1)) {
        throw new InvalidInput("--momentum", "must be in [0, 1), got " + momentum);
      }
      GradientDescent.Options o = new GradientDescent.Options(learningRate, momentum,
          maxIterations != null ? maxIterations : GradientDescent.Options.papers().maxIterations(),
          tolerance);
      return new GradientDescent(o);
    }
    if (optimizer == OptimizerName.newton) {
      return null; // built in call(): it needs the setting
    }
    Lbfgs.Options o = Lbfgs.Options.defaults().withTolerance(tolerance);
    if (maxIterations != null) {
      o = o.withMaxIterations(maxIterations);
    }
    return new Lbfgs(o);
  }

  /** {@code seeded} followed by a search from every structured start of the theory (--global). */
  static List<MultiStart.Candidate> withStructuredStarts(CertifiedSearch search,
      MultiStart.Candidate seeded, long seed) {
    return withStructuredStarts(search, seeded, seed, (done, total) -> { });
  }

  /** The same, telling {@code progress} after each start (done, total; the seeded one counts). */
  static List<MultiStart.Candidate> withStructuredStarts(CertifiedSearch search,
      MultiStart.Candidate seeded, long seed, java.util.function.BiConsumer<Integer, Integer> progress) {
    List<MultiStart.Candidate> all = new ArrayList<>();
    all.add(seeded);
    List<MultiStart.Ray> rays = StructuredStarts.rays(search.reduction().reduced(),
        search.setting().counts());
    MultiStart starts = new MultiStart(search);
    progress.accept(1, 1 + rays.size());
    for (int i = 0; i < rays.size(); i++) {
      // one ray at a time: MultiStart.rays treats each independently, so the result is the same
      all.addAll(starts.rays(List.of(rays.get(i)), seed));
      progress.accept(i + 2, 1 + rays.size());
    }
    return all;
  }

  /**
   * {@code --global}'s progress through core.Progress: one line per finished start, from
   * {@link TrainingProgress#QUIET_SECONDS} on (the clock starts with the seeded run), with the mean
   * time per start times the starts left.
   */
  static final class StartsProgress implements java.util.function.BiConsumer<Integer, Integer> {
    private final PrintWriter err;
    private final double quiet;
    private final long start = System.nanoTime();

    StartsProgress(PrintWriter err) {
      this(err, TrainingProgress.QUIET_SECONDS);
    }

    /** With another delay (tests). */
    StartsProgress(PrintWriter err, double quietSeconds) {
      this.err = err;
      this.quiet = quietSeconds;
    }

    @Override
    public void accept(Integer done, Integer total) {
      long elapsed = System.nanoTime() - start;
      if (elapsed * 1e-9 >= quiet && done < total) {
        double left = elapsed * 1e-9 / done * (total - done);
        err.println(Progress.line("train --global", done, total, "start", elapsed, left));
        err.flush();
      }
    }
  }

  /** The JSON form of a run (without the parameters; history included for plotting). */
  static ObjectNode toJson(Setting setting, Run run) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("setting", setting.toString());
    node.put("optimizer", run.optimizer());
    if (run.origin() != null) {
      node.put("seed", run.origin().seed());
      node.put("initScale", run.origin().initScale());
    }
    node.put("objective", run.objective());
    node.put("residual", run.residual());
    node.put("iterations", run.iterations());
    node.put("seconds", run.seconds());
    node.put("status", run.termination().name());
    node.put("detail", run.detail());
    var history = node.putArray("history");
    for (var p : run.history()) {
      history.addArray().add(p.iteration()).add(p.objective()).add(p.residual());
    }
    return node;
  }
}

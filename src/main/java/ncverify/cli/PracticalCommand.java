package ncverify.cli;

import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.core.ReportFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.data.ClassSubset;
import ncverify.data.FashionMnist;
import ncverify.practical.EffectiveLambdas;
import ncverify.practical.Engine;
import ncverify.practical.Nd4jEngine;
import ncverify.practical.TorchEngine;
import ncverify.practical.TorchWorker;
import ncverify.practical.WorkerExported;
import ncverify.practical.EpochRecord;
import ncverify.practical.PracticalReport;
import ncverify.practical.PracticalResult;
import ncverify.practical.Experiment;
import ncverify.practical.PracticalVerdict;
import ncverify.practical.MlpShape;
import ncverify.practical.Recipe;
import ncverify.practical.Schedule;
import ncverify.practical.TrainingConfig;
import ncverify.problem.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code ncverify practical}: trains an MLP on a Fashion-MNIST class subset, measures Neural
 * Collapse on the training features, compares with the UFM prediction, writes
 * reports/practical-&lt;profile&gt;-&lt;loss&gt;.{md,json}.
 */
@Command(name = "practical", mixinStandardHelpOptions = true,
    description = "Train an MLP on Fashion-MNIST and check Neural Collapse against the UFM.")
public final class PracticalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;


  enum Profile { BALANCED, P2_STEP }

  @Option(names = "--data", paramLabel = "DIR",
      description = "directory with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] "
          + "(default: ${DEFAULT-VALUE}, from 'apt-get install dataset-fashion-mnist')")
  Path data = Path.of(FashionMnist.DEBIAN_DIR);

  @Option(names = "--recipe", paramLabel = "p2-fmnist|p1-balanced|p1-imbalanced",
      description = "a paper's recipe, read from its code (see the report's recipe table); its "
          + "CPU-scaled default unless --full-size; every option below overrides it (default: "
          + "${DEFAULT-VALUE})")
  String recipe = "p2-fmnist";

  @Option(names = "--full-size", description = "the paper's widths, counts, batch, epochs and "
      + "learning rate instead of the CPU-scaled default (hours on a CPU)")
  boolean fullSize;

  @Option(names = "--profile", paramLabel = "balanced|p2-step", converter = ProfileConverter.class,
      description = "class counts: balanced (--per-class each) or P2's step profile "
          + "(100,100,200,…,500,500) (default: the recipe's)")
  Profile profile;

  /** --fail-on fail|inconclusive|never. */
  @picocli.CommandLine.Mixin
  CheckFailOn failOn = new CheckFailOn();

  /** --loss (default: the recipe's), --smoothing, --gamma. */
  @picocli.CommandLine.Mixin
  LossOption loss = new LossOption();

  @Option(names = "--epochs", description = "training epochs (default: the recipe's)")
  Integer epochs;

  @Option(names = "--seed", description = "seed of subset, initialisation and batches (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", paramLabel = "DIR", description = "report directory (default: reports/ "
      + "for a run given only --recipe, --full-size, --profile, --loss, --threads, --no-progress; "
      + "else a folder of its own under reports-local/)")
  String out;

  @Option(names = "--widths", split = ",", paramLabel = "W,W,…",
      description = "widths of the ReLU layers (default: the recipe's)")
  int[] widths;

  @Option(names = "--head-depth", description = "number M of linear head layers (default: ${DEFAULT-VALUE})")
  int headDepth = 1;

  @Option(names = "--head-width", description = "width of the inner head layers when M > 1 (default: the feature width)")
  Integer headWidth;

  @Option(names = "--head-bias", negatable = true,
      description = "give the last head layer an (unregularised) bias (default: the recipe's)")
  Boolean headBias;

  @Option(names = "--lambda-w", description = "the UFM's effective λ_W on every head layer "
      + "(default: the recipe's, derived from the paper's code by EffectiveLambdas)")
  Double lambdaW;

  @Option(names = "--lambda-h", description = "the UFM's effective λ_H (THEORY §2: (λ_H/2)‖H‖² "
      + "over all N samples; the trainer applies (N λ_H/2)·mean over the batch of ‖h_i‖²) "
      + "(default: the recipe's)")
  Double lambdaH;

  @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "(default: adam, as in the papers)")
  String optimizer = "adam";

  @Option(names = "--lr", description = "learning rate (default: the recipe's)")
  Double lr;

  @Option(names = "--schedule", paramLabel = "constant|step:F,F…:FACTOR",
      description = "learning-rate schedule, decay points as fractions of the epochs (default: "
          + "the recipe's, e.g. step:0.5:0.1)")
  String schedule;

  @Option(names = "--batch-order", paramLabel = "fixed|shuffled",
      description = "a fixed batch order or a fresh shuffle every epoch (default: the recipe's)")
  String batchOrder;

  @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE})")
  double momentum = 0.9;

  @Option(names = "--batch", description = "mini-batch size, 0 = full batch (default: the recipe's)")
  Integer batch;

  @Option(names = "--per-class", description = "images per class for --profile balanced (default: 300)")
  int perClass = 300;

  @Option(names = "--scale", description = "multiply the class counts (e.g. 0.1 for a quick run; default: 1)")
  double scale = 1.0;

  @Option(names = "--measure-every", description = "measure every this many epochs (default: epochs/20)")
  Integer measureEvery;

  @Option(names = "--features", paramLabel = "relu|batchnorm|linear",
      description = "the feature layer: the last ReLU output (h >= 0), a BatchNorm of it or a "
          + "linear layer on it (sign-free) (default: the recipe's)")
  String features;

  @Option(names = "--threads", description = "ND4J/BLAS threads, and PyTorch's CPU threads with --engine torch "
      + "(default: half the cores, at least 1)")
  Integer threads;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Option(names = "--engine", paramLabel = "nd4j|torch",
      description = "what trains the network: nd4j (in this JVM, CPU) or torch (a PyTorch worker "
          + "process, CPU or CUDA; same recipe, initialisation, batches, objective and optimiser) "
          + "(default: ${DEFAULT-VALUE})")
  String engine = "nd4j";

  @Option(names = "--python", paramLabel = "PATH",
      description = "with --engine torch: the Python that has PyTorch and NumPy (default: the first "
          + "of python3, /usr/bin/python3 that imports torch)")
  String python;

  @Option(names = "--device", paramLabel = "cpu|cuda|auto",
      description = "with --engine torch: where PyTorch trains; auto = cuda when torch sees a GPU "
          + "(default: ${DEFAULT-VALUE})")
  String device = "auto";

  @Option(names = "--worker-export", paramLabel = "DIR",
      description = "with --engine torch and --device cpu|cuda: write the PyTorch worker's input "
          + "(config.json, input.npz, torch_worker.py) into the new folder DIR and stop, for a "
          + "machine with torch but no Java (README: GPU and the PyTorch engine)")
  Path workerExport;

  @Option(names = "--worker-replay", paramLabel = "DIR",
      description = "with --engine torch: judge a run made elsewhere from an exported DIR that "
          + "now also holds the worker's stdout.txt, runtime.txt and checkpoints; the same command "
          + "line as the export (checked), the same gate and report")
  Path workerReplay;

  @Option(names = "--list-recipes", description = "print the recipe table (paper vs CPU default, "
      + "effective UFM λ's, matching setting) as Markdown and exit")
  boolean listRecipes;

  @Override
  public Integer call() {
    if (listRecipes) {
      spec.commandLine().getOut().print(ncverify.practical.RecipeTable.markdownAll());
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
    Recipe rc = Recipe.named(recipe).orElseThrow(() -> new InvalidInput("--recipe",
        "must be one of " + Arrays.stream(Recipe.ALL).map(Recipe::name).toList() + ", got '"
            + recipe + "'"));
    failOn.validate();
    Loss l = loss.resolve(rc.loss());
    int e = epochs != null ? epochs : fullSize ? rc.paperEpochs() : rc.cpuEpochs();
    int b = batch != null ? batch : fullSize ? rc.paperBatch() : rc.cpuBatch();
    int[] w = widths != null ? widths : fullSize ? filled(rc.paperReluLayers(), rc.paperWidth())
        : rc.cpuWidths();
    boolean bias = headBias != null ? headBias : rc.headBias();
    if (e < 1) {
      throw new InvalidInput("--epochs", "must be at least 1, got " + e);
    }
    if (b < 0) {
      throw new InvalidInput("--batch", "must be >= 0 (0 = full batch), got " + b);
    }
    if (!(scale > 0)) {
      throw new InvalidInput("--scale", "must be > 0, got " + scale);
    }
    if (headDepth < 1) {
      throw new InvalidInput("--head-depth", "must be at least 1, got " + headDepth);
    }
    if (w.length < 1 || Arrays.stream(w).anyMatch(x -> x < 1)) {
      throw new InvalidInput("--widths", "needs at least one positive width, got " + Arrays.toString(w));
    }
    TrainingConfig.UpdateRule opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam" -> TrainingConfig.UpdateRule.ADAM;
      case "sgd" -> TrainingConfig.UpdateRule.SGD;
      default -> throw new InvalidInput("--optimizer", "must be adam or sgd, got '" + optimizer + "'");
    };
    boolean shuffle = batchOrder == null ? rc.shuffle() : switch (batchOrder.toLowerCase(Locale.ROOT)) {
      case "fixed" -> false;
      case "shuffled" -> true;
      default -> throw new InvalidInput("--batch-order", "must be fixed or shuffled, got '"
          + batchOrder + "'");
    };
    Schedule sched = schedule == null ? rc.schedule() : Schedule.parse(schedule);
    double lw = lambdaW != null ? lambdaW : rc.effective().lambdaW();
    double lh = lambdaH != null ? lambdaH : rc.effective().lambdaH();
    double rate = lr != null ? lr : fullSize ? rc.paperLr() : rc.cpuLr();
    if (!(rate > 0)) {
      throw new InvalidInput("--lr", "must be > 0, got " + rate);
    }
    if (!(lw >= 0)) {
      throw new InvalidInput("--lambda-w", "must be a finite number >= 0, got " + lw);
    }
    if (!(lh >= 0)) {
      throw new InvalidInput("--lambda-h", "must be a finite number >= 0, got " + lh);
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--per-class")
        && profile != Profile.BALANCED) {
      // it was silently ignored: the run used other counts than the user asked for
      throw new InvalidInput("--per-class", "only applies with --profile balanced; the counts here "
          + "come from " + (profile == null ? "the recipe " + rc.name() : "--profile p2-step"));
    }
    int every = measureEvery != null ? measureEvery : Math.max(1, e / 20);
    if (every < 1) {
      throw new InvalidInput("--measure-every", "must be at least 1, got " + every);
    }
    validateLimits(e, b, w, bias, rate, every);
    MlpShape.FeatureLayer featureLayer = featureLayer(rc);
    Path reportDir = reportFolder();
    int threadCount = NativeSetup.threads(threads);
    Engine trainer = engine(threadCount);
    int[] headInner = new int[headDepth - 1];
    Arrays.fill(headInner, headWidth != null ? headWidth : w[w.length - 1]);
    String profileName = profile == null ? rc.name() + (fullSize ? "-full" : "")
        : profile == Profile.BALANCED ? "balanced" : "p2-step";
    int[] base = profile == null ? (fullSize ? rc.paperCounts() : rc.cpuCounts())
        : profile == Profile.BALANCED ? ClassSubset.balanced(10, perClass) : ClassSubset.p2Step(10);
    int[] counts = ClassSubset.scaled(base, scale);
    int n = Arrays.stream(counts).sum();

    // the trainer's feature penalty is a mean over the batch: N λ_H,eff (EffectiveLambdas)
    TrainingConfig cfg = new TrainingConfig(l, lw, new EffectiveLambdas(lw, lh)
        .trainerFeaturePenalty(n), opt, rate, momentum, b, e, every, seed, sched, shuffle);
    long start = System.nanoTime();
    PracticalResult r;
    try {
      r = Experiment.run(data, profileName, counts, w, headInner, bias, featureLayer, cfg, trainer,
          noProgress ? null : System.err);
    } catch (WorkerExported x) {
      spec.commandLine().getOut().println("wrote the PyTorch worker's input to " + x.folder()
          + " (config.json, input.npz, torch_worker.py); run it where torch is as: "
          + x.command()
          + "; bring back " + TorchWorker.STDOUT_FILE + ", " + TorchWorker.RUNTIME_FILE
          + " and the checkpoint-*.npz into that folder and repeat this command with "
          + "--worker-replay " + x.folder() + " instead of --worker-export");
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    spec.commandLine().getOut().println("practical " + r.subset().describe() + ", " + r.shape().describe()
        + ", engine " + r.engine());
    spec.commandLine().getOut().println("UFM setting: " + r.setting());
    EpochRecord first = r.history().get(0);
    EpochRecord last = r.history().get(r.history().size() - 1);
    spec.commandLine().getOut().printf(Locale.ROOT, "train error %.4f -> %.4f, NC1 %s -> %s, %.1f s%n",
        first.trainError(), last.trainError(), show(first.nc1()), show(last.nc1()), seconds);
    for (PracticalVerdict v : r.verdicts()) {
      spec.commandLine().getOut().printf(Locale.ROOT, "  %-13s %s: measured %s, predicted %s (%s)%n", v.outcome(),
          v.name(), show(v.measured()), show(v.predicted()), v.note());
    }
    spec.commandLine().getOut().flush();
    // after the verdict lines, so that they are printed whatever happens here
    writeReport(r, reportDir).forEach(f -> spec.commandLine().getOut().println("wrote " + f));
    return failOn.exitCode(r.verdicts());
  }

  private MlpShape.FeatureLayer featureLayer(Recipe rc) {
    if (features == null) {
      return rc.featureLayer();
    }
    return MlpShape.FeatureLayer.named(features.toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new InvalidInput("--features", "must be relu, batchnorm or linear, got '" + features + "'"));
  }

  /**
   * The engine named by --engine; for torch, the Python and device are resolved here, before any
   * data is read (no Python, no torch, or cuda without a GPU: exit 2 naming the flag).
   */
  private Engine engine(int threadCount) {
    String e = engine.toLowerCase(Locale.ROOT);
    var parsed = spec.commandLine().getParseResult();
    if (!e.equals("torch")) {
      for (String flag : List.of("--python", "--device", "--worker-export", "--worker-replay")) {
        if (parsed.hasMatchedOption(flag)) {
          throw new InvalidInput(flag, "only applies to --engine torch");
        }
      }
    }
    return switch (e) {
      case "nd4j" -> new Nd4jEngine();
      case "torch" -> {
        String d = device.toLowerCase(Locale.ROOT);
        if (!List.of("cpu", "cuda", "auto").contains(d)) {
          throw new InvalidInput("--device", "must be cpu, cuda or auto, got '" + device + "'");
        }
        if (workerExport != null) {
          if (workerReplay != null) {
            throw new InvalidInput("--worker-replay", "cannot be combined with --worker-export");
          }
          if (d.equals("auto")) {
            throw new InvalidInput("--device", "must be cpu or cuda with --worker-export (the "
                + "other machine's torch cannot be asked from here)");
          }
          yield new TorchEngine(TorchWorker.exporting(workerExport, "--worker-export"), d,
              threadCount);
        }
        if (workerReplay != null) {
          TorchWorker replayed = TorchWorker.replaying(workerReplay, "--worker-replay");
          yield new TorchEngine(replayed, replayed.runtime().device(d), threadCount);
        }
        TorchWorker.Runtime rt = TorchWorker.find(python);
        yield new TorchEngine(new TorchWorker(rt), rt.device(d), threadCount);
      }
      default -> throw new InvalidInput("--engine", "must be nd4j or torch, got '" + engine + "'");
    };
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  /** Largest --lr accepted: a step of 10 already diverges for every recipe here. */
  static final double MAX_LEARNING_RATE = 10;
  /** Options that a default run may be given and still write into reports/ unasked. */
  static final java.util.Set<String> DEFAULT_RUN_OPTIONS = java.util.Set.of("--recipe",
      "--full-size", "--profile", "--loss", "--threads", "--no-progress");

  /**
   * The documented limits ({@link Limits}), checked before data is read or anything allocated,
   * and the UFM's width rule (d and d_m at least K = 10, K − 1 with a head bias).
   */
  private void validateLimits(int e, int b, int[] w, boolean bias, double rate, int every) {
    Numbers.requireRange("--epochs", e, 1, Limits.MAX_EPOCHS);
    Numbers.requireRange("--batch", b, 0, Limits.MAX_SAMPLES);
    Numbers.requireRange("--per-class", perClass, 1, Limits.MAX_CLASS_COUNT);
    Numbers.requireRange("--head-depth", headDepth, 1, Limits.MAX_DEPTH);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InvalidInput("--momentum", "must be in [0, 1), got " + momentum);
    }
    if (!(rate <= MAX_LEARNING_RATE)) {
      throw new InvalidInput("--lr", "must be > 0 and at most " + MAX_LEARNING_RATE
          + " (a step of 10 already diverges for every recipe), got " + rate);
    }
    if (every > e) {
      throw new InvalidInput("--measure-every", "must be at most the epochs (" + e + "), got "
          + every);
    }
    if (scale * Math.max(perClass, 5000) > Limits.MAX_CLASS_COUNT) {
      throw new InvalidInput("--scale", "gives more than " + Limits.MAX_CLASS_COUNT
          + " images in a class");
    }
    Numbers.requireRange("--widths (number of layers)", w.length, 1, Limits.MAX_DEPTH);
    for (int x : w) {
      Numbers.requireRange("--widths", x, 1, Limits.MAX_WIDTH);
    }
    int minWidth = bias ? FashionMnist.CLASSES - 1 : FashionMnist.CLASSES;
    if (w[w.length - 1] < minWidth) {
      throw new InvalidInput("--widths", "the last width is the feature width d and must be at least "
          + minWidth + " (the UFM's width rule, K=" + FashionMnist.CLASSES + "), got " + w[w.length - 1]);
    }
    if (headWidth != null) {
      if (headDepth == 1) {
        throw new InvalidInput("--head-width", "needs --head-depth 2 or more (inner head layers)");
      }
      Numbers.requireRange("--head-width", headWidth, minWidth, Limits.MAX_WIDTH);
    }
    long params = 784L * w[0] + (long) w[w.length - 1] * FashionMnist.CLASSES;
    for (int l = 1; l < w.length; l++) {
      params += (long) w[l - 1] * w[l];
    }
    long head = headWidth != null ? headWidth : w[w.length - 1];
    params += (headDepth - 1) * head * head;
    if (params > Limits.MAX_PARAMETERS) {
      throw new InvalidInput("--widths", "the network has " + params + " parameters, above the limit "
          + "of " + Limits.MAX_PARAMETERS);
    }
  }

  /**
   * Where the report goes, validated before any work: --out if given; reports/ for a default run
   * (only {@link #DEFAULT_RUN_OPTIONS} given, as in README's commands); otherwise a folder of its
   * own under reports-local/, so that a quick or experimental run never overwrites reports/.
   */
  private Path reportFolder() {
    if (out != null) {
      return ReportFolder.validate("--out", out);
    }
    var parsed = spec.commandLine().getParseResult();
    String dir = defaultOut(parsed.matchedOptions().stream().map(o -> o.longestName()).toList(),
        parsed.originalArgs());
    return ReportFolder.validate("--out (default " + dir + ")", dir);
  }

  /** The report folder of a run not given --out (the same command line, the same folder). */
  static String defaultOut(List<String> givenOptions, List<String> args) {
    return DEFAULT_RUN_OPTIONS.containsAll(givenOptions) ? "reports"
        : VerifyCommand.LOCAL_REPORTS + "practical-"
            + String.format(Locale.ROOT, "%08x", String.join(" ", args).hashCode());
  }

  /** Writes into a staging folder and moves the files into place when all are complete. */
  private static List<Path> writeReport(PracticalResult r, Path dir) {
    Path staging = null;
    try {
      staging = ReportFolder.stage(dir);
      PracticalReport.write(r, staging);
      return ReportFolder.publish(staging, dir, PracticalReport.baseName(r), true).stream()
          .filter(f -> f.getParent().equals(dir) || f.getFileName().toString().equals("index.html"))
          .toList();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw InvalidInput.file(dir, "cannot write the report (" + e.getMessage() + ")");
    } finally {
      ReportFolder.discard(staging);
    }
  }

  private static String show(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
  }

  static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "balanced" -> Profile.BALANCED;
        case "p2-step" -> Profile.P2_STEP;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "expected balanced or p2-step, got '" + value + "'");
      };
    }
  }
}

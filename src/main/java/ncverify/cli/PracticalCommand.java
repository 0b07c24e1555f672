package ncverify.cli;

import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.core.ReportFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.data.ClassSubset;
import ncverify.data.FashionMnist;
import ncverify.practical.EpochRecord;
import ncverify.practical.Outcome;
import ncverify.practical.PracticalReport;
import ncverify.practical.PracticalResult;
import ncverify.practical.Experiment;
import ncverify.practical.PracticalVerdict;
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

  @Option(names = "--profile", paramLabel = "balanced|p2-step", converter = ProfileConverter.class,
      description = "class counts: balanced (--per-class each) or P2's step profile "
          + "(100,100,200,…,500,500) (default: p2-step)")
  Profile profile = Profile.P2_STEP;

  @Option(names = "--loss", paramLabel = "ce|mse", converter = LossConverter.class,
      description = "training loss (default: ce)")
  Loss loss = Loss.CE;

  @Option(names = "--epochs", description = "training epochs (default: ${DEFAULT-VALUE})")
  int epochs = DEFAULT_EPOCHS;

  @Option(names = "--seed", description = "seed of subset, initialisation and batches (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", paramLabel = "DIR", description = "report directory (default: reports/ "
      + "for a run given only --profile and --loss, else a folder of its own under reports-local/)")
  String out;

  @Option(names = "--widths", split = ",", paramLabel = "W,W,…",
      description = "widths of the ReLU layers (default: 6 layers of 128)")
  int[] widths = {128, 128, 128, 128, 128, 128};

  @Option(names = "--head-depth", description = "number M of linear head layers (default: ${DEFAULT-VALUE})")
  int headDepth = 1;

  @Option(names = "--head-width", description = "width of the inner head layers when M > 1 (default: the feature width)")
  Integer headWidth;

  @Option(names = "--head-bias", description = "give the last head layer an (unregularised) bias")
  boolean headBias;

  @Option(names = "--lambda-w", description = "weight decay λ_W on the head (default: 1e-4 for ce, 1e-4 for mse)")
  Double lambdaW;

  @Option(names = "--lambda-h", description = "feature penalty λ_H, mean over samples (default: 1e-5 for ce as in P2, 1e-4 for mse as in P1)")
  Double lambdaH;

  @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "(default: adam)")
  String optimizer = "adam";

  @Option(names = "--lr", description = "learning rate (default: 1e-3 for adam, 0.05 for sgd)")
  Double lr;

  @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE})")
  double momentum = 0.9;

  @Option(names = "--batch", description = "mini-batch size, 0 = full batch (default: ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--per-class", description = "images per class for --profile balanced (default: ${DEFAULT-VALUE}, "
      + "the same N = 3000 as p2-step)")
  int perClass = 300;

  @Option(names = "--scale", description = "multiply the profile's class counts (e.g. 0.1 for a quick run; default: 1)")
  double scale = 1.0;

  @Option(names = "--measure-every", description = "measure every this many epochs (default: epochs/20)")
  Integer measureEvery;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  static final int DEFAULT_EPOCHS = 300;

  @Override
  public Integer call() {
    validateFlags();
    Path reportDir = reportFolder();
    TrainingConfig.UpdateRule opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam" -> TrainingConfig.UpdateRule.ADAM;
      case "sgd" -> TrainingConfig.UpdateRule.SGD;
      default -> throw new InvalidInput("--optimizer", "must be adam or sgd, got '" + optimizer + "'");
    };
    double lw = lambdaW != null ? lambdaW : 1e-4;
    double lh = lambdaH != null ? lambdaH : (loss == Loss.CE ? 1e-5 : 1e-4);
    double rate = lr != null ? lr : (opt == TrainingConfig.UpdateRule.ADAM ? 1e-3 : 0.05);
    Numbers.requireRange("--lr", rate, Double.MIN_NORMAL, MAX_LEARNING_RATE);
    Numbers.requireRange("--lambda-w", lw, 0, Double.MAX_VALUE);
    Numbers.requireRange("--lambda-h", lh, 0, Double.MAX_VALUE);
    int every = measureEvery != null ? measureEvery : Math.max(1, epochs / 20);
    Numbers.requireRange("--measure-every", every, 1, epochs);
    int[] headInner = new int[headDepth - 1];
    Arrays.fill(headInner, headWidth != null ? headWidth : widths[widths.length - 1]);
    String profileName = profile == Profile.BALANCED ? "balanced" : "p2-step";
    int[] counts = ClassSubset.scaled(profile == Profile.BALANCED
        ? ClassSubset.balanced(10, perClass) : ClassSubset.p2Step(10), scale);

    TrainingConfig cfg = new TrainingConfig(loss, lw, lh, opt, rate, momentum, batch, epochs, every,
        seed);
    long start = System.nanoTime();
    PracticalResult r = Experiment.run(data, profileName, counts, widths, headInner, headBias, cfg,
        noProgress ? null : System.err);
    double seconds = (System.nanoTime() - start) / 1e9;

    spec.commandLine().getOut().println("practical " + r.subset().describe() + ", " + r.shape().describe());
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
    boolean failed = r.verdicts().stream().anyMatch(v -> v.outcome() == Outcome.FAIL);
    return failed ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }

  /** Largest --lr accepted: a step of 10 already diverges for every recipe here. */
  static final double MAX_LEARNING_RATE = 10;
  /** Options that a default run may be given and still write into reports/ unasked. */
  static final java.util.Set<String> DEFAULT_RUN_OPTIONS = java.util.Set.of("--profile", "--loss",
      "--no-progress");

  /**
   * Every flag's rule, checked before data is read or anything is allocated: ranges, the UFM's
   * width rule (d and d_m at least K = 10, K − 1 with --head-bias) and the parameter limit.
   */
  private void validateFlags() {
    Numbers.requireRange("--epochs", epochs, 1, Limits.MAX_EPOCHS);
    Numbers.requireRange("--batch", batch, 0, Limits.MAX_SAMPLES);
    Numbers.requireRange("--per-class", perClass, 1, Limits.MAX_CLASS_COUNT);
    Numbers.requireRange("--head-depth", headDepth, 1, Limits.MAX_DEPTH);
    Numbers.requireRange("--momentum", momentum, 0, Math.nextDown(1.0));
    if (!(scale > 0)) {
      throw new InvalidInput("--scale", "must be > 0, got " + scale);
    }
    long largest = Math.round((profile == Profile.BALANCED ? perClass : 500) * scale);
    if (largest > Limits.MAX_CLASS_COUNT) {
      throw new InvalidInput("--scale", "gives " + largest + " images in a class, above the limit of "
          + Limits.MAX_CLASS_COUNT);
    }
    Numbers.requireRange("--widths (number of layers)", widths.length, 1, Limits.MAX_DEPTH);
    for (int w : widths) {
      Numbers.requireRange("--widths", w, 1, Limits.MAX_WIDTH);
    }
    int minWidth = headBias ? FashionMnist.CLASSES - 1 : FashionMnist.CLASSES;
    String rule = " (the UFM's width rule: at least K=" + FashionMnist.CLASSES + (headBias ? ", K-1 with --head-bias" : "")
        + ")";
    if (widths[widths.length - 1] < minWidth) {
      throw new InvalidInput("--widths", "the last width is the feature width d and must be at least "
          + minWidth + rule + ", got " + widths[widths.length - 1]);
    }
    if (headWidth != null) {
      if (headDepth == 1) {
        throw new InvalidInput("--head-width", "needs --head-depth 2 or more (inner head layers)");
      }
      Numbers.requireRange("--head-width", headWidth, minWidth, Limits.MAX_WIDTH);
    }
    long params = 784L * widths[0] + widths[widths.length - 1] * (long) FashionMnist.CLASSES;
    for (int l = 1; l < widths.length; l++) {
      params += (long) widths[l - 1] * widths[l];
    }
    long head = headWidth != null ? headWidth : widths[widths.length - 1];
    params += (headDepth - 1) * head * head;
    if (params > Limits.MAX_PARAMETERS) {
      throw new InvalidInput("--widths", "the network has " + params + " parameters, above the limit "
          + "of " + Limits.MAX_PARAMETERS);
    }
    if (params > Limits.EXPENSIVE_PARAMETERS) {
      spec.commandLine().getErr().printf(Locale.ROOT, "practical: %d parameters; estimated memory %.1f GB for "
          + "weights, gradients and Adam state; time grows in proportion to the parameters "
          + "(the default network has 0.2 million)%n", params, params * 4.0 * 4 / 1e9);
    }
  }

  /**
   * Where the report goes, validated before any work: --out if given; reports/ for a default run
   * (only --profile, --loss, --no-progress given, as in README's commands); otherwise a folder of its
   * own under reports-local/, so that a quick or experimental run never overwrites the committed
   * reports/.
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

  /**
   * The report folder of a run not given --out: reports/ if only {@link #DEFAULT_RUN_OPTIONS} were
   * given, else reports-local/practical-HASH, HASH naming the command line (the same command line
   * writes the same folder).
   */
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
    } catch (IOException | java.io.UncheckedIOException e) {
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

  static final class LossConverter implements picocli.CommandLine.ITypeConverter<Loss> {
    @Override
    public Loss convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "ce" -> Loss.CE;
        case "mse" -> Loss.MSE;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "expected ce or mse, got '" + value + "'");
      };
    }
  }
}

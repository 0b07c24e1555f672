package ncverify.cli;

import ncverify.core.InvalidInput;
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

  @Option(names = "--out", paramLabel = "DIR", description = "report directory (default: ${DEFAULT-VALUE})")
  Path out = Path.of("reports");

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
    if (epochs < 1) {
      throw new InvalidInput("--epochs", "must be at least 1, got " + epochs);
    }
    if (batch < 0) {
      throw new InvalidInput("--batch", "must be >= 0 (0 = full batch), got " + batch);
    }
    if (!(scale > 0)) {
      throw new InvalidInput("--scale", "must be > 0, got " + scale);
    }
    if (headDepth < 1) {
      throw new InvalidInput("--head-depth", "must be at least 1, got " + headDepth);
    }
    if (widths.length < 1 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
      throw new InvalidInput("--widths", "needs at least one positive width, got " + Arrays.toString(widths));
    }
    TrainingConfig.UpdateRule opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam" -> TrainingConfig.UpdateRule.ADAM;
      case "sgd" -> TrainingConfig.UpdateRule.SGD;
      default -> throw new InvalidInput("--optimizer", "must be adam or sgd, got '" + optimizer + "'");
    };
    double lw = lambdaW != null ? lambdaW : 1e-4;
    double lh = lambdaH != null ? lambdaH : (loss == Loss.CE ? 1e-5 : 1e-4);
    double rate = lr != null ? lr : (opt == TrainingConfig.UpdateRule.ADAM ? 1e-3 : 0.05);
    if (!(rate > 0) || lw < 0 || lh < 0) {
      throw new InvalidInput("--lr", "must be > 0 and --lambda-w, --lambda-h >= 0");
    }
    int every = measureEvery != null ? measureEvery : Math.max(1, epochs / 20);
    if (every < 1) {
      throw new InvalidInput("--measure-every", "must be at least 1, got " + every);
    }
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
    List<java.nio.file.Path> files = PracticalReport.write(r, out);

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
    files.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
    boolean failed = r.verdicts().stream().anyMatch(v -> v.outcome() == Outcome.FAIL);
    return failed ? ExitCode.FAILED.code() : ExitCode.OK.code();
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

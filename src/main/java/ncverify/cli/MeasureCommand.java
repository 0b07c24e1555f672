package ncverify.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.core.InvalidInput;
import ncverify.core.ReportFolder;
import ncverify.measure.NcMetrics;
import ncverify.practical.MeasureReport;
import ncverify.practical.MeasureRun;
import ncverify.practical.NetworkState;
import ncverify.practical.PracticalVerdict;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ncverify measure FILE.npz}: Neural Collapse metrics of any trained network's last-layer
 * state, and its comparison with the UFM prediction for the setting the user names
 * ({@link MeasureRun}). Exit 2 for a bad file or flag (naming the array or flag and the rule),
 * 1 when a judged check FAILs (--fail-on, {@link CheckFailOn}), else 0.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
    description = {"Measure Neural Collapse in a trained network's features (NumPy .npz) and "
        + "compare with the UFM prediction.",
        "The .npz (numpy.savez) holds 'features' (N x d float), 'labels' (N ints 0..K-1), "
            + "'W' (K x d float, the end-to-end classifier), optionally 'b' (K) and the head "
            + "layers 'W1'..'WM' (whose product must be W). Little-endian float32/float64 and "
            + "int32/int64, C order.",
        "The lambdas are those of the UFM objective (1/N) sum loss + sum (lambda_W/2)||W_m||^2 + "
            + "(lambda_H/2)||H||^2; training code with a per-batch feature penalty maps onto it as "
            + "documented in 'practical --help'."})
public final class MeasureCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;


  @Parameters(index = "0", paramLabel = "FILE.npz", description = "the network's state")
  Path file;

  /** --fail-on fail|inconclusive|never. */
  @picocli.CommandLine.Mixin
  CheckFailOn failOn = new CheckFailOn();

  /** --loss (default: ce), --smoothing, --gamma. */
  @picocli.CommandLine.Mixin
  LossOption loss = new LossOption();

  @Option(names = "--bias", paramLabel = "none|free|regularized",
      description = "the last layer's bias (default: free if the file has 'b', else none)")
  String bias;

  @Option(names = "--lambda-b", description = "bias regulariser, with --bias regularized")
  Double lambdaB;

  @Option(names = "--features", paramLabel = "free|nonneg",
      description = "feature constraint of the UFM (default: nonneg if every feature is >= 0, "
          + "e.g. ReLU outputs, else free)")
  String features;

  @Option(names = "--lambda-w", split = ",", paramLabel = "L[,L…]",
      description = "UFM lambda_W: one value, or one per head layer")
  double[] lambdaW;

  @Option(names = "--lambda-h", description = "UFM lambda_H")
  Double lambdaH;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "also write measure-<name>.md, .json and a plot page into DIR")
  Path reportDir;

  @Override
  public Integer call() {
    if ((lambdaW == null) != (lambdaH == null)) {
      throw new InvalidInput("--lambda-w/--lambda-h", "give both or neither");
    }
    if (file.toString().isBlank()) { // an empty path is the working folder: not what was meant
      throw new InvalidInput("FILE.npz", "needs a file name, got ''");
    }
    failOn.validate();
    Loss l = loss.resolve(Loss.CE); // flag rules before the file is read
    if (lambdaW != null) { // named by flag here; the setting would name its own key 'lambdaW'
      for (double v : lambdaW) {
        requireRegulariser("--lambda-w", v);
      }
      requireRegulariser("--lambda-h", lambdaH);
    }
    if (lambdaB != null) {
      requireRegulariser("--lambda-b", lambdaB);
    }
    if (reportDir != null) { // before any work; a user's file of the report's names is refused
      String base = MeasureReport.baseName(file);
      ncverify.core.ReportFolder.validate("--report-dir", reportDir.toString(),
          List.of(base + ".md", base + ".json", base + "/" + ncverify.report.ReportWriter.INDEX_HTML));
    }
    NetworkState state = NetworkState.read(file);
    int depth = state.headWeights().length;
    if (lambdaW != null && lambdaW.length != 1 && lambdaW.length != depth) {
      throw new InvalidInput("--lambda-w", "give one value or one per head layer (M = " + depth
          + " from the file), got " + lambdaW.length);
    }
    Bias b = bias == null ? (state.bias() == null ? Bias.NONE : Bias.FREE)
        : switch (bias.toLowerCase(Locale.ROOT)) {
          case "none" -> Bias.NONE;
          case "free" -> Bias.FREE;
          case "regularized" -> Bias.REGULARIZED;
          default -> throw new InvalidInput("--bias", "must be none, free or regularized, got '" + bias
              + "'");
        };
    if ((b == Bias.NONE) != (state.bias() == null)) {
      throw new InvalidInput("--bias", "'" + b.name().toLowerCase(Locale.ROOT) + "' disagrees with the "
          + "file, which " + (state.bias() == null ? "has no array 'b'" : "has an array 'b'"));
    }
    if ((b == Bias.REGULARIZED) != (lambdaB != null)) {
      throw new InvalidInput("--lambda-b", "goes with --bias regularized, and only with it");
    }
    Features f = features == null ? MeasureRun.detectFeatures(state)
        : switch (features.toLowerCase(Locale.ROOT)) {
          case "free" -> Features.FREE;
          case "nonneg" -> Features.NONNEG;
          default -> throw new InvalidInput("--features", "must be free or nonneg, got '" + features
              + "'");
        };
    if (f == Features.NONNEG && MeasureRun.detectFeatures(state) == Features.FREE) {
      throw new InvalidInput("--features", "nonneg, but array 'features' has negative entries");
    }
    MeasureRun.Result r = MeasureRun.run(file, state, new MeasureRun.Request(l, b, f, lambdaW,
        lambdaH, lambdaB == null ? 0.0 : lambdaB));
    List<Path> written;
    try {
      written = reportDir == null ? List.of() : MeasureReport.write(r, reportDir);
    } catch (java.io.UncheckedIOException e) {
      throw InvalidInput.file(reportDir, "cannot write the report (" + e.getCause() + ")");
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(MeasureReport.jsonText(r));
    } else {
      printText(out, r);
      written.forEach(p -> out.println("wrote " + p));
    }
    out.flush();
    return failOn.exitCode(r.verdicts());
  }

  /** A regulariser given by {@code flag}: a finite number ≥ 0 (exit 2 naming the flag otherwise). */
  private static void requireRegulariser(String flag, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new InvalidInput(flag, "must be a finite number >= 0, got " + v);
    }
  }

  private static void printText(java.io.PrintWriter out, MeasureRun.Result r) {
    NetworkState s = r.state();
    NcMetrics n = r.measures().metrics();
    out.printf(Locale.ROOT, "%s: N=%d K=%d d=%d M=%d%s, counts %s%n", r.file(), s.samples(),
        s.classes(), s.width(), s.headWeights().length, s.bias() == null ? "" : " with bias",
        Arrays.toString(s.counts()));
    if (!s.ignored().isEmpty()) {
      out.println("ignored arrays: " + String.join(", ", s.ignored()));
    }
    out.println("UFM setting: " + r.settingNote());
    out.printf(Locale.ROOT, "train error %s, objective %s%s%n", show(r.snapshot().trainError()),
        show(r.snapshot().objective()), r.prediction().map(p -> ", UFM optimum "
            + show(p.prediction().optimalValue()) + " (ratio "
            + show(r.snapshot().objective() / p.prediction().optimalValue()) + ")").orElse(""));
    out.printf(Locale.ROOT, "nc1 %s  nc1TraceQuotient %s  cdnv %s  nc2EtfW %s  nc2EtfH %s  "
        + "nc2OrthoW %s  nc2OrthoH %s  nc3 %s  nc3Centred %s  nc4 %s  maxMeanCosine %s%n",
        NcMetrics.show(n.nc1()), NcMetrics.show(n.nc1TraceQuotient()), NcMetrics.show(n.cdnv()),
        NcMetrics.show(n.nc2EtfW()), NcMetrics.show(n.nc2EtfH()), NcMetrics.show(n.nc2OrthoW()),
        NcMetrics.show(n.nc2OrthoH()), NcMetrics.show(n.nc3()), NcMetrics.show(n.nc3Centred()),
        NcMetrics.show(n.nc4()), NcMetrics.show(n.maxMeanCosine()));
    out.println("prediction: " + r.predictionNote());
    for (PracticalVerdict v : r.verdicts()) {
      out.printf(Locale.ROOT, "  %-14s %s: measured %s, predicted %s (%s)%n", v.outcome(),
          v.name(), show(v.measured()), show(v.predicted()), v.note());
    }
  }

  /** A value that may be absent (no λ's given, no prediction): "n/a"; metrics use NcMetrics.show. */
  private static String show(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
  }
}

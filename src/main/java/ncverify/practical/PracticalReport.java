package ncverify.practical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncverify.measure.NcMetrics;
import ncverify.problem.Setting;

/**
 * Writes a practical run as {@code practical-<profile>-<loss>.md} and {@code .json}. The files hold
 * only what the seed determines (no wall-clock time), so the same seed gives the same bytes.
 */
public final class PracticalReport {
  private PracticalReport() {}

  /** Base name of the report files, e.g. practical-p2-step-ce. */
  public static String baseName(PracticalResult r) {
    return "practical-" + r.subset().name() + "-" + r.config().loss().name().toLowerCase(Locale.ROOT);
  }

  /** Writes the .md and .json files and the plots into {@code dir} (created if needed). */
  public static List<Path> write(PracticalResult r, Path dir) {
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve(baseName(r) + ".md");
      Path json = dir.resolve(baseName(r) + ".json");
      Files.writeString(md, markdown(r));
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(json(r)) + "\n");
      Path plots = PracticalPlots.write(r, dir);
      return List.of(md, json, plots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> json(PracticalResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", r.dataDir());
    m.put("engine", r.engine());
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("name", r.subset().name());
    profile.put("counts", r.subset().counts());
    profile.put("seed", r.subset().seed());
    m.put("profile", profile);
    m.put("architecture", r.shape().describe());
    TrainingConfig c = r.config();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("loss", c.loss().name().toLowerCase(Locale.ROOT));
    cfg.put("lambdaW", c.lambdaW());
    cfg.put("lambdaH", c.lambdaH());
    cfg.put("optimizer", c.updateRule().name().toLowerCase(Locale.ROOT));
    cfg.put("learningRate", c.learningRate());
    cfg.put("learningRateSchedule", c.schedule().describe());
    cfg.put("batchOrder", c.shuffle() ? "shuffled" : "fixed");
    cfg.put("momentum", c.momentum());
    cfg.put("batchSize", c.batchSize());
    cfg.put("epochs", c.epochs());
    cfg.put("measureEvery", c.measureEvery());
    cfg.put("seed", c.seed());
    m.put("training", cfg);
    Map<String, Object> eff = new LinkedHashMap<>();
    eff.put("lambdaW", r.effective().lambdaW());
    eff.put("lambdaH", r.effective().lambdaH());
    eff.put("rule", "lambdaW_eff = lambdaW; lambdaH_eff = lambdaH / N (feature penalty is a mean over samples)");
    m.put("effectiveLambdas", eff);
    m.put("setting", r.setting().toString());
    List<Map<String, Object>> hist = new ArrayList<>();
    for (EpochRecord e : r.history()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", e.epoch());
      row.put("trainError", num(e.trainError()));
      row.put("dataLoss", num(e.dataLoss()));
      row.put("objective", num(e.objective()));
      row.put("nc1", num(e.nc1()));
      row.put("nc2EtfW", num(e.nc2EtfW()));
      row.put("nc2OrthoH", num(e.nc2OrthoH()));
      row.put("nc3", num(e.nc3()));
      row.put("nc3Centred", num(e.nc3Centred()));
      row.put("nc4Agreement", num(e.nc4Agreement()));
      row.put("maxClassMeanCosine", num(e.maxClassMeanCosine()));
      row.put("minClassMeanNorm", num(e.minClassMeanNorm()));
      row.put("maxClassMeanNorm", num(e.maxClassMeanNorm()));
      hist.add(row);
    }
    m.put("conventions", EpochRecord.CONVENTIONS);
    m.put("history", hist);
    NcMeasures f = r.finalMeasures();
    Map<String, Object> fm = new LinkedHashMap<>();
    fm.put("classMeanNorms", nums(f.classMeanNorms()));
    fm.put("margins", nums(f.margins()));
    fm.put("classMeanCosines", Arrays.stream(f.classMeanCosines()).map(PracticalReport::nums).toList());
    m.put("final", fm);
    m.put("predictionSource", r.predictionNote());
    r.prediction().ifPresent(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("family", p.prediction().family());
      pm.put("optimalValue", num(p.prediction().optimalValue()));
      pm.put("collapsed", p.prediction().collapsed());
      pm.put("classMeanNorms", nums(p.classMeanNorms()));
      pm.put("margins", nums(p.margins()));
      m.put("prediction", pm);
    });
    m.put("verdicts", verdictsJson(r.verdicts()));
    return m;
  }

  /** The verdicts as JSON rows (shared with {@link MeasureReport}). */
  static List<Map<String, Object>> verdictsJson(List<PracticalVerdict> list) {
    List<Map<String, Object>> verdicts = new ArrayList<>();
    for (PracticalVerdict v : list) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("check", v.name());
      row.put("outcome", v.outcome().name());
      row.put("threshold", v.threshold() == null ? null : v.threshold().name());
      row.put("thresholdValue", v.threshold() == null ? null : v.threshold().value());
      row.put("thresholdReason", v.threshold() == null ? null : v.threshold().reason());
      row.put("measured", num(v.measured()));
      row.put("predicted", num(v.predicted()));
      row.put("note", v.note());
      verdicts.add(row);
    }
    return verdicts;
  }

  static String markdown(PracticalResult r) {
    StringBuilder sb = new StringBuilder();
    TrainingConfig c = r.config();
    sb.append("# Practical: Neural Collapse in an MLP (").append(r.subset().name()).append(", ")
        .append(c.loss().name().toLowerCase(Locale.ROOT)).append(")\n\n");
    sb.append("Generated by `ncverify practical`; do not edit by hand. Plots (drawn by the report "
        + "package): [").append(baseName(r)).append("/index.html](").append(baseName(r))
        .append("/index.html).\n\n");
    sb.append("| | |\n|---|---|\n");
    sb.append("| data | `").append(r.dataDir()).append("` (training split) |\n");
    sb.append("| profile | ").append(r.subset().describe()).append(" |\n");
    sb.append("| architecture | ").append(r.shape().describe()).append(" |\n");
    sb.append("| engine | ").append(r.engine()).append(" |\n");
    sb.append(String.format(Locale.ROOT,
        "| training | %s, lr %s (schedule %s)%s, batch %s (%s order), %d epochs, seed %d |\n",
        c.updateRule().name().toLowerCase(Locale.ROOT), Setting.formatNumber(c.learningRate()),
        c.schedule().describe(),
        c.updateRule() == TrainingConfig.UpdateRule.SGD ? ", momentum " + c.momentum() : "",
        c.batchSize() == 0 ? "full" : Integer.toString(c.batchSize()),
        c.shuffle() ? "shuffled" : "fixed", c.epochs(), c.seed()));
    sb.append("| regularisation | λ_W = ").append(Setting.formatNumber(c.lambdaW()))
        .append(" on the head weights, feature penalty (λ_H/2)·mean‖h_i‖² with λ_H = ")
        .append(Setting.formatNumber(c.lambdaH())).append("; backbone unregularised |\n");
    sb.append("| effective UFM λ's | λ_W,eff = λ_W = ").append(Setting.formatNumber(r.effective().lambdaW()))
        .append(", λ_H,eff = λ_H/N = ").append(Setting.formatNumber(r.effective().lambdaH()))
        .append(" |\n");
    sb.append("| matching UFM setting | `").append(r.setting()).append("` |\n\n");

    Recipe.named(r.subset().name().replace("-full", "")).ifPresent(rc -> {
      sb.append("## The paper's recipe\n\n");
      sb.append("Read from the paper's code (`ncverify.practical.Recipe`, sources there); effective "
          + "UFM λ's by `EffectiveLambdas.fromPaperCode`: λ_W,eff = wd/c, λ_H,eff = fd·b/(c·N). The "
          + "CPU default keeps the effective λ's and the schedule's shape; the run's own settings "
          + "are in the table above. Deviations: 784 raw pixels (papers: 3x32x32 normalised), no "
          + "BatchNorm inside the backbone (P1-balanced has one after every ReLU layer; its feature "
          + "BatchNorm is kept, measured with the training subset's statistics), this engine's "
          + "initialisation (papers: orthogonal)."
          + "\n\n");
      sb.append(RecipeTable.markdown(rc)).append("\n");
    });
    sb.append("\n## Metrics on the training features\n\n");
    sb.append("Conventions: ").append(EpochRecord.CONVENTIONS)
        .append("; NC2(W) = nd(W W^T, P); NC3c = nd(W, centred means^T).\n\n");
    sb.append("| epoch | train error | loss | objective | NC1 | NC2(H) | NC2(W) | NC3 | NC3c | NC4 | "
        + "max cos | min ‖h̄_k‖ | max ‖h̄_k‖ |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (EpochRecord e : r.history()) {
      sb.append("| ").append(e.epoch());
      for (double v : new double[] {e.trainError(), e.dataLoss(), e.objective(), e.nc1(),
          e.nc2OrthoH(), e.nc2EtfW(), e.nc3(), e.nc3Centred(), e.nc4Agreement(),
          e.maxClassMeanCosine(), e.minClassMeanNorm(), e.maxClassMeanNorm()}) {
        sb.append(" | ").append(Double.isNaN(v) ? NcMetrics.UNDEFINED : Verdicts.fmt(v));
      }
      sb.append(" |\n");
    }
    sb.append("\n## Per class at the last epoch\n\n");
    perClassMarkdown(sb, r.subset().counts(), r.finalMeasures(), r.prediction(), r.predictionNote());
    verdictsMarkdown(sb, r.verdicts());
    return sb.toString();
  }

  /** Measured against predicted ‖h̄_k‖ and margins, one row per class. */
  static void perClassMarkdown(StringBuilder sb, int[] counts, NcMeasures f,
      java.util.Optional<UfmPrediction> prediction, String predictionNote) {
    sb.append("UFM prediction: ").append(predictionNote).append("\n\n");
    sb.append("| class | n_k | ‖h̄_k‖ measured | ‖h̄_k‖ predicted | margin measured | margin predicted |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|\n");
    double[] norms = f.classMeanNorms();
    double[] margins = f.margins();
    double[] pn = prediction.map(UfmPrediction::classMeanNorms).orElse(null);
    double[] pm = prediction.map(UfmPrediction::margins).orElse(null);
    for (int k = 0; k < norms.length; k++) {
      sb.append("| ").append(k).append(" | ").append(counts[k])
          .append(" | ").append(Verdicts.fmt(norms[k]))
          .append(" | ").append(pn == null ? "n/a" : Verdicts.fmt(pn[k]))
          .append(" | ").append(Verdicts.fmt(margins[k]))
          .append(" | ").append(pm == null ? "n/a" : Verdicts.fmt(pm[k])).append(" |\n");
    }
  }

  /** The verdict table and the reasons of every threshold. */
  static void verdictsMarkdown(StringBuilder sb, List<PracticalVerdict> list) {
    sb.append("\n## Verdicts\n\n");
    sb.append("A real network is not a UFM: these are qualitative checks, each against a named "
        + "threshold, INCONCLUSIVE unless the network fitted its training data and its objective is "
        + "within the convergence gate of the UFM optimum; NOT_APPLICABLE where a check has no "
        + "meaning for the input. Only FAIL fails the run.\n\n");
    sb.append("The last numeric column is the value the UFM predicts for the measured quantity "
        + "(for a Kendall tau: the ideal 1; for a distance: 0; for the objective ratio: 1).\n\n");
    sb.append("| check | outcome | threshold | measured | UFM / ideal | note |\n");
    sb.append("|---|---|---|---:|---:|---|\n");
    for (PracticalVerdict v : list) {
      sb.append("| ").append(cell(v.name())).append(" | **").append(v.outcome()).append("** | ")
          .append(v.threshold() == null ? "" : cell(v.threshold().name()) + " = "
              + Verdicts.fmt(v.threshold().value()))
          .append(" | ").append(Double.isNaN(v.measured()) ? "n/a" : Verdicts.fmt(v.measured()))
          .append(" | ").append(Double.isNaN(v.predicted()) ? "n/a" : Verdicts.fmt(v.predicted()))
          .append(" | ").append(cell(v.note())).append(" |\n");
    }
    sb.append("\nThreshold reasons:\n\n");
    for (ncverify.claim.Tolerance t : List.of(Verdicts.TERMINAL_ERROR, Verdicts.CONVERGENCE_GATE,
        Verdicts.BELOW_OPTIMUM, Verdicts.NC1_DROP, Verdicts.MIN_KENDALL_TAU, Verdicts.EQUAL_SPREAD,
        Verdicts.COSINE_DEVIATION, Verdicts.ALIGNMENT_ND, Verdicts.GRAM_ND, Verdicts.NC4_AGREEMENT)) {
      sb.append("- ").append(t.name()).append(" = ").append(Verdicts.fmt(t.value())).append(": ")
          .append(t.reason()).append("\n");
    }
  }

  /** A Markdown table cell: a literal '|' would end the cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /**
   * A number for the JSON reports: finite values as numbers, NaN (an undefined metric) and ±∞ as
   * the strings "NaN", "Infinity", "-Infinity", as Jackson writes them for train and measure.
   */
  static Object num(double v) {
    return Double.isFinite(v) ? (Object) v : Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  }

  static List<Object> nums(double[] v) {
    return Arrays.stream(v).mapToObj(PracticalReport::num).toList();
  }
}

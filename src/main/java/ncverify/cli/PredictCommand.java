package ncverify.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.NumericalTheory;
import ncverify.theory.Prediction;
import ncverify.theory.ReluLowRankCandidate;
import ncverify.theory.StructuredStarts;
import ncverify.verify.DeepCeBestKnown;
import ncverify.theory.Theories;
import ncverify.theory.Theory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ncverify predict '<setting>' [--json]}: the predicted global minimiser of a setting.
 * Where no closed form covers the setting, the numerical best point (labelled NUMERICAL); exit 3
 * (with the reason) only where no minimiser is attained (a zero regulariser).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Print the theory's prediction (optimal value, collapsed classes, norms, margins) for a setting.")
public final class PredictCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SETTING",
      description = "One-line setting, e.g. '" + Setting.EXAMPLE + "'")
  String settingText;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    Setting s = Setting.parse(settingText);
    CostEstimate.announce("predict (builds the predicted minimiser)", s, 1, spec.commandLine().getErr());
    java.util.Optional<Theory> covering = Theories.forSettingOrNumerical(s);
    if (covering.isEmpty()) {
      spec.commandLine().getErr().println("error: " + Theories.whyNotCovered(s));
      return ExitCode.NOT_COVERED.code();
    }
    Theory theory = covering.get();
    Prediction p = theory.predict(s);
    DeepCeBestKnown deep = DeepCeBestKnown.applies(s) ? DeepCeBestKnown.of(p) : null;
    StructuredStarts.Point lowRank = ReluLowRankCandidate.covers(s) ? ReluLowRankCandidate.point(s) : null;
    double lowRankValue = lowRank == null ? Double.NaN : new Objective(s).value(lowRank.point());
    boolean dncBeaten = lowRank != null && lowRankValue < p.optimalValue()
        * (1 - ncverify.claim.Tolerances.LOWER_OBJECTIVE.value());
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = toJson(p);
      if (deep != null) {
        m.remove("optimal_value");
        m.put("etf_value", p.optimalValue());
        m.put("deep_ce", deepJson(deep));
      }
      if (lowRank != null) {
        Map<String, Object> lr = new LinkedHashMap<>();
        lr.put("value", lowRankValue);
        lr.put("origin", lowRank.origin());
        lr.put("dnc_beaten", dncBeaten);
        m.put("relu_low_rank", lr);
      }
      try {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(m));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      String text = toText(p);
      if (deep != null) {
        text = text.replaceFirst("(?m)^optimal value: ", "ETF value:     ") + "\n" + deepText(deep);
      }
      if (lowRank != null) {
        text = (dncBeaten ? text.replaceFirst("(?m)^optimal value: ", "DNC value:     ") : text) + "\n"
            + lowRankText(lowRank, lowRankValue, p.optimalValue(), dncBeaten);
      }
      out.println(text);
    }
    out.flush();
    return 0;
  }

  /** The JSON object (snake_case keys; margins only for CE). */
  public static Map<String, Object> toJson(Prediction p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", p.family());
    m.put("setting", p.setting().toString());
    m.put("candidate", p.isCandidate());
    m.put("numerical", NumericalTheory.isNumerical(p));
    m.put("optimal_value", p.optimalValue());
    m.put("value_error_bound", p.valueErrorBound());
    m.put("at_threshold", p.atThreshold());
    m.put("tied_collapsed", p.tied().stream().map(Prediction::collapsed).toList());
    m.put("collapsed", p.collapsed());
    m.put("w_norm_sq", p.wNormSq());
    m.put("h_norm_sq", p.hNormSq());
    if (p.setting().loss().shiftInvariant()) {
      m.put("margins", p.margins());
    }
    if (p.bias() != null) {
      m.put("bias", p.bias());
    }
    m.put("w_gram", p.wGram());
    m.put("h_gram", p.hGram());
    if (p.alignment() != null) {
      m.put("alignment", p.alignment());
    }
    m.put("logits", p.logits());
    m.put("layer_singular_values", p.layerSingularValues());
    return m;
  }

  /**
   * Deep CE (M ≥ 2, K ≥ 3): the best known point, labelled as an upper bound (the ETF's value is
   * not printed as "the optimum"), and the switching boundaries in λ.
   */
  static Map<String, Object> deepJson(DeepCeBestKnown d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("best_known_value", d.bestValue());
    m.put("best_known_is_upper_bound", true);
    m.put("best_known_origin", d.bestOrigin());
    m.put("best_known_residual", d.bestRun().residual());
    m.put("etf_beaten", d.etfBeaten());
    java.util.List<Map<String, Object>> bs = new java.util.ArrayList<>();
    for (ncverify.theory.DeepCeLandscape.Boundary b : d.boundaries()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("lambda_scale", b.scale());
      e.put("lambdaW", b.setting().lambdaW());
      e.put("lambdaH", b.setting().lambdaH());
      e.put("lower_below", b.below().name());
      e.put("lower_above", b.above().name());
      bs.add(e);
    }
    m.put("switching_boundaries", bs);
    return m;
  }

  /**
   * ReLU heads with K = C(r,2) classes: the triangular-graph low-rank point (evaluated, an upper
   * bound on f*), and whether it beats DNC (then the DNC value is not printed as "the optimum").
   */
  static String lowRankText(StructuredStarts.Point point, double value, double dnc, boolean beaten) {
    return "low-rank:      " + value + "  (" + point.origin() + ", evaluated: an UPPER BOUND on f*, not a "
        + "certified critical point)\nDNC:           " + (beaten
        ? String.format(Locale.ROOT, "BEATEN: %.4g%% above the low-rank point (cf. Sukenik, Lampert & Mondelli, "
            + "arXiv 2405.14468); the lines above describe the DNC point", 100 * (dnc / value - 1))
        : "the low-rank point is not lower here");
  }

  static String deepText(DeepCeBestKnown d) {
    StringBuilder sb = new StringBuilder();
    sb.append("best known:    ").append(d.bestValue()).append("  (UPPER BOUND on f*, not a proven optimum: ")
        .append(d.bestOrigin()).append(", residual ").append(String.format(Locale.ROOT, "%.1e", d.bestRun().residual()))
        .append(")\n");
    sb.append("ETF:           ").append(d.etfBeaten()
        ? String.format(Locale.ROOT, "BEATEN: %.4g%% above the best known point (low-rank constructions, cf. Garrod & Keating, arXiv 2410.23169)",
            100 * (d.etfValue() / d.bestValue() - 1))
        : "no known construction is lower here (its global optimality for M >= 2 is not proven)")
        .append("; the lines above describe the ETF point\n");
    if (d.boundaries().isEmpty()) {
      sb.append("switching:     none within 10 decades of these lambdas");
    }
    for (ncverify.theory.DeepCeLandscape.Boundary b : d.boundaries()) {
      sb.append("switching:     at lambdas x ").append(String.format(Locale.ROOT, "%.6g", b.scale()))
          .append(" (lambdaW=").append(Arrays.toString(b.setting().lambdaW())).append(" lambdaH=")
          .append(b.setting().lambdaH()).append("): lower below = ").append(b.below())
          .append(", above = ").append(b.above()).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  static String toText(Prediction p) {
    StringBuilder sb = new StringBuilder();
    sb.append("setting:       ").append(p.setting()).append('\n');
    boolean numerical = NumericalTheory.isNumerical(p);
    sb.append("family:        ").append(p.family()).append(numerical
        ? " (NUMERICAL: no closed form covers this setting; the lowest certified critical point of "
            + NumericalTheory.searchDescription() + ", an upper bound on f*, not a proven optimum)"
        : p.isCandidate() ? " (candidate: global optimality is conjectured)" : "").append('\n');
    sb.append(numerical ? "best value:    " : "optimal value: ").append(p.optimalValue());
    if (p.valueErrorBound() > 0) {
      sb.append("  (certified to within ").append(p.valueErrorBound()).append(')');
    }
    sb.append('\n');
    sb.append("collapsed:     ").append(Arrays.toString(p.collapsed()))
        .append(p.atThreshold() ? "  (AT THRESHOLD: a non-collapsed point has the same value; collapsed chosen)" : "")
        .append('\n');
    if (!p.tied().isEmpty()) {
      sb.append("tied:          ").append(p.tied().stream().map(q -> "collapsed "
          + Arrays.toString(q.collapsed())).collect(java.util.stream.Collectors.joining("; ")))
          .append("  (other global minimisers at this tie)\n");
    }
    if (p.tieSet() != null) {
      sb.append("tied set:      ").append(p.tieSet().description())
          .append("  (every global minimiser at this tie)\n");
    }
    sb.append("|w_k|^2:       ").append(Arrays.toString(p.wNormSq())).append('\n');
    sb.append("|hbar_k|^2:    ").append(Arrays.toString(p.hNormSq())).append('\n');
    if (p.setting().loss().shiftInvariant()) {
      sb.append("margins:       ").append(Arrays.toString(p.margins())).append('\n');
    }
    if (p.bias() != null) {
      sb.append("bias:          ").append(Arrays.toString(p.bias())).append('\n');
    }
    for (int m = 0; m < p.layerSingularValues().length; m++) {
      sb.append("sv(W_").append(m + 1).append("):       ").append(Arrays.toString(p.layerSingularValues()[m])).append('\n');
    }
    return sb.toString().stripTrailing();
  }
}

package ncverify.agreement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncverify.agreement.Agreement.FamilyResult;
import ncverify.agreement.Agreement.Row;

/** The agreement run as Markdown (the closing note's table) and as a JSON-ready map. */
public final class AgreementTable {
  private AgreementTable() {}

  /** The Markdown report: the summary table, then per family its derivation and worst setting. */
  public static String markdown(List<FamilyResult> results, Agreement.Options o) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Agreement between prediction and certified training\n\n");
    sb.append(String.format(Locale.ROOT, "Settings per family: %d (seed %d); independent certified "
        + "runs per setting: %d random starts at each scale %s (3x for a ReLU head), searched "
        + "by the class-mean Newton search%s%s. Relative "
        + "error |f_best − f*|/|f*| with f_best the lowest certified value (residual ≤ %.0e). "
        + "\"live\": settings whose prediction keeps a class live (the collapsed origin is a trivial "
        + "agreement). \"lower\": a certified point below f* by more than 1e-9·|f*| + the prediction's own "
        + "error bound. Structure: at the best certified point, where it reached f*. Control: the "
        + "same runs judged against f*·(1 + %.0e) (must not agree). CPU: process CPU seconds "
        + "(all threads), not wall time.\n\n", o.settings(), o.seed(), o.perScale(), o.scales(),
        o.fullLbfgs() ? " and, from the same seeds, by L-BFGS on the full problem" : "",
        o.structured() ? ", plus the theory's structured starts (rays and block-simplex points "
            + "built from the setting, never from the predicted point; \"random reached\" counts "
            + "the settings a random start alone reached)" : "",
        ncverify.claim.Tolerances.CERTIFIED.value(), Agreement.CONTROL_PERTURBATION));
    sb.append("| family | kind | settings (live) | certified runs | worst rel. error | median rel. error "
        + "| reached f* | random reached | lower found | worst structure | control | verdict | CPU s |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (FamilyResult r : results) {
      int n = r.rows().size();
      sb.append(String.format(Locale.ROOT, "| `%s` | %s | %d (%d) | %d/%d | %s | %s | %d/%d | %d/%d "
          + "| %d | %s (%s) | %s | %s | %.1f |\n", r.family().id(), r.family().kind().label(), n,
          r.liveCount(),
          r.certifiedRuns(), r.runs(), sci(r.worstRelativeError()), sci(r.medianRelativeError()),
          r.reachedCount(), n, r.randomReachedCount(), n, r.lowerCount(), sci(r.worstStructure()),
          r.family().structure().label(), r.controlVerdict(), r.verdict(), r.cpuSeconds()));
    }
    sb.append("\n## Per family\n");
    for (FamilyResult r : results) {
      AgreementFamily f = r.family();
      sb.append("\n### `").append(f.id()).append("` (").append(f.kind().label()).append(")\n\n");
      sb.append("- derivation: ").append(f.derivation()).append('\n');
      sb.append("- source: ").append(f.source()).append('\n');
      sb.append("- domain: ").append(f.domain().description()).append('\n');
      Row w = r.worstRow();
      if (w != null) {
        sb.append(String.format(Locale.ROOT, "- worst setting: `%s`: f* = %.15g, f_best = %.15g "
            + "(rel. error %s, from %s)%n", w.setting(), w.fStar(), w.fBest(), sci(w.relativeError()),
            w.bestOrigin()));
      }
      if (!Double.isNaN(r.worstReachedRelativeError()) && r.reachedCount() < r.rows().size()) {
        sb.append("- worst rel. error where training reached f*: ")
            .append(sci(r.worstReachedRelativeError())).append('\n');
      }
      for (Row row : r.rows()) {
        if (row.lower()) {
          sb.append(String.format(Locale.ROOT, "- LOWER: `%s`: f_best = %.15g < f* = %.15g (%s)%n",
              row.setting(), row.fBest(), row.fStar(), row.bestOrigin()));
        } else if (!row.reached()) {
          sb.append(String.format(Locale.ROOT, "- not reached: `%s`: f_best = %.15g > f* = %.15g%n",
              row.setting(), row.fBest(), row.fStar()));
        }
      }
    }
    return sb.toString();
  }

  /** The run as nested maps and lists (for Jackson). */
  public static Map<String, Object> json(List<FamilyResult> results, Agreement.Options o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("settings_per_family", o.settings());
    m.put("seed", o.seed());
    m.put("random_starts_per_scale", o.perScale());
    m.put("scales", o.scales());
    m.put("structured_starts", o.structured());
    m.put("full_lbfgs", o.fullLbfgs());
    m.put("control_perturbation", Agreement.CONTROL_PERTURBATION);
    m.put("families", results.stream().map(AgreementTable::family).toList());
    return m;
  }

  private static Map<String, Object> family(FamilyResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", r.family().id());
    m.put("kind", r.family().kind().name().toLowerCase(Locale.ROOT));
    m.put("derivation", r.family().derivation());
    m.put("source", r.family().source());
    m.put("settings", r.rows().size());
    m.put("live_settings", r.liveCount());
    m.put("runs", r.runs());
    m.put("certified_runs", r.certifiedRuns());
    m.put("worst_relative_error", num(r.worstRelativeError()));
    m.put("median_relative_error", num(r.medianRelativeError()));
    m.put("reached", r.reachedCount());
    m.put("random_reached", r.randomReachedCount());
    m.put("lower_found", r.lowerCount());
    m.put("structure", r.family().structure().name().toLowerCase(Locale.ROOT));
    m.put("worst_structure", num(r.worstStructure()));
    m.put("verdict", r.verdict().name());
    m.put("control_verdict", r.controlVerdict().name());
    m.put("cpu_seconds", r.cpuSeconds());
    m.put("rows", r.rows().stream().map(row -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("setting", row.setting());
      x.put("live_classes", row.live());
      x.put("f_star", num(row.fStar()));
      x.put("error_bound", row.errorBound());
      x.put("f_best", num(row.fBest()));
      x.put("relative_error", num(row.relativeError()));
      x.put("best_origin", row.bestOrigin());
      x.put("runs", row.runs());
      x.put("certified", row.certified());
      x.put("random_at_best", row.randomAtBest());
      x.put("lower", row.lower());
      x.put("reached", row.reached());
      x.put("structure", num(row.structure()));
      x.put("cpu_seconds", row.cpuSeconds());
      return x;
    }).toList());
    return m;
  }

  /** NaN and infinities as strings ("NaN"), as the practical JSON does. */
  private static Object num(double v) {
    return Double.isFinite(v) ? (Object) v : String.valueOf(v);
  }

  private static String sci(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1e", v);
  }
}

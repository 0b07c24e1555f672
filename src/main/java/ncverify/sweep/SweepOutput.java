package ncverify.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ncverify.problem.Setting;
import ncverify.report.PhaseDiagram;

/**
 * A sweep's result as JSON, as a text table and as a {@link PhaseDiagram}. Only the arguments and
 * the points enter them (no times, no counts of reused points), so a resumed run and a fresh one
 * give the same bytes.
 */
public final class SweepOutput {
  private SweepOutput() {}

  /**
   * One JSON object: the arguments, {@code points} (every judged point in value order: each
   * varied value by its parameter's name, setting, verdict or structure, optimal_value, grid,
   * reason) and {@code boundaries} (parameter, value = the bracket's midpoint, bracket [lo, hi],
   * below and above = the labels on either side, and for two parameters {@code at}, the other's
   * value).
   */
  public static String json(Sweep.Result r) {
    SweepSpec spec = r.spec();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", spec.claimId() == null ? "predict" : "claim");
    m.put("claim", spec.claimId());
    m.put("setting", spec.setting());
    List<Map<String, Object>> vary = new ArrayList<>();
    for (Axis a : spec.axes()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("parameter", a.parameter().key());
      v.put("lo", a.lo());
      v.put("hi", a.hi());
      v.put("points", a.points());
      v.put("scale", a.parameter().log() ? "log" : "linear");
      vary.add(v);
    }
    m.put("vary", vary);
    if (spec.claimId() != null) {
      m.put("seed", spec.seed());
      m.put("tries", spec.tries());
    }
    m.put("precision", spec.precision());
    List<Map<String, Object>> points = new ArrayList<>();
    for (Sweep.Point p : r.points()) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int a = 0; a < spec.axes().size(); a++) {
        o.put(spec.axes().get(a).parameter().key(), p.values()[a]);
      }
      o.put("setting", p.setting());
      o.put(r.labelKey(), p.judgement().label());
      o.put("optimal_value", finite(p.judgement().optimalValue()));
      o.put("grid", p.grid());
      o.put("reason", p.judgement().reason());
      points.add(o);
    }
    m.put("points", points);
    List<Map<String, Object>> boundaries = new ArrayList<>();
    for (Sweep.Boundary b : r.boundaries()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("parameter", spec.axes().get(b.axis()).parameter().key());
      o.put("value", b.value());
      o.put("bracket", new double[] {b.lo(), b.hi()});
      o.put("below", b.below());
      o.put("above", b.above());
      if (spec.axes().size() == 2) {
        Axis other = spec.axes().get(1 - b.axis());
        o.put("at", Map.of(other.parameter().key(), b.at()[1 - b.axis()]));
      }
      boundaries.add(o);
    }
    m.put("boundaries", boundaries);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The grid points as a table, then each boundary on one line. */
  public static String text(Sweep.Result r) {
    SweepSpec spec = r.spec();
    StringBuilder sb = new StringBuilder();
    sb.append(spec.claimId() == null ? "predicted structure" : "claim " + spec.claimId()
        + " (seed " + spec.seed() + (spec.tries() > 1 ? ", " + spec.tries() + " seeds" : "") + ")");
    for (Axis a : spec.axes()) {
      sb.append(", ").append(a.parameter().key()).append(" = ").append(Setting.formatNumber(a.lo()))
          .append(" .. ").append(Setting.formatNumber(a.hi())).append(" (")
          .append(a.parameter().log() ? "log" : "linear").append(')');
    }
    sb.append('\n');
    for (Axis a : spec.axes()) {
      sb.append(String.format(Locale.ROOT, "%-14s", a.parameter().key()));
    }
    sb.append(String.format(Locale.ROOT, "%-24s %s%n", r.labelKey(), "optimal value"));
    int bisection = 0;
    for (Sweep.Point p : r.points()) {
      if (!p.grid()) {
        bisection++;
        continue;
      }
      for (int a = 0; a < p.values().length; a++) {
        sb.append(String.format(Locale.ROOT, "%-14s", show(spec.axes().get(a), p.values()[a])));
      }
      sb.append(String.format(Locale.ROOT, "%-24s %.10g%n", p.judgement().label(),
          p.judgement().optimalValue()));
    }
    sb.append(bisection).append(" bisection point(s) besides the grid\n");
    if (r.boundaries().isEmpty()) {
      sb.append("no boundary: every point has the same ").append(r.labelKey()).append('\n');
    }
    for (Sweep.Boundary b : r.boundaries()) {
      Axis a = spec.axes().get(b.axis());
      sb.append(a.parameter().log()
          ? String.format(Locale.ROOT, "boundary %s = %.9g in [%.9g, %.9g]", a.parameter().key(),
              b.value(), b.lo(), b.hi())
          : "boundary " + a.parameter().key() + " between " + show(a, b.lo()) + " and " + show(a, b.hi()));
      if (spec.axes().size() == 2) {
        Axis other = spec.axes().get(1 - b.axis());
        sb.append(" at ").append(other.parameter().key()).append(" = ")
            .append(show(other, b.at()[1 - b.axis()]));
      }
      sb.append(": ").append(b.below()).append(" below, ").append(b.above()).append(" above\n");
    }
    return sb.toString().stripTrailing();
  }

  /** A varied value for the table: 6 significant digits, or the whole number. */
  private static String show(Axis a, double v) {
    return a.parameter().log() ? String.format(Locale.ROOT, "%.6g", v) : Setting.formatNumber(v);
  }

  /** The phase diagram for the SVG plot. */
  public static PhaseDiagram diagram(Sweep.Result r) {
    SweepSpec spec = r.spec();
    boolean two = spec.axes().size() == 2;
    Set<String> labels = new LinkedHashSet<>();
    r.points().stream().map(p -> p.judgement().label()).sorted().forEach(labels::add);
    List<PhaseDiagram.Cell> cells = new ArrayList<>();
    for (Sweep.Point p : r.points()) {
      if (two && !p.grid()) {
        continue; // bisection points crowd along the boundary; the boundary marks show them
      }
      cells.add(new PhaseDiagram.Cell(p.values()[0], two ? p.values()[1] : p.judgement().optimalValue(),
          p.judgement().label()));
    }
    List<PhaseDiagram.Mark> marks = new ArrayList<>();
    for (Sweep.Boundary b : r.boundaries()) {
      marks.add(new PhaseDiagram.Mark(b.at()[0], two ? b.at()[1] : Double.NaN, b.below(), b.above()));
    }
    String what = spec.claimId() == null ? "Predicted structure" : "Verdict of " + spec.claimId();
    Axis x = spec.axes().get(0);
    String title = what + " over " + x.parameter().key() + (two ? " and "
        + spec.axes().get(1).parameter().key() : "");
    return new PhaseDiagram(title, x.parameter().key(), x.parameter().log(),
        two ? spec.axes().get(1).parameter().key() : "optimal value (predicted)",
        two && spec.axes().get(1).parameter().log(), two, List.copyOf(labels), cells, marks);
  }
}

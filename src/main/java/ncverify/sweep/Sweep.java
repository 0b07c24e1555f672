package ncverify.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import ncverify.problem.Setting;

/**
 * A phase diagram: a {@link Judge} evaluated on a grid of one or two parameters, with every
 * boundary between neighbouring grid points of different labels located by bisection.
 *
 * <p>Algorithm. The grid is the product of the axes' grids ({@link Axis#grid()}). An <i>edge</i> is
 * a pair of grid points that are neighbours along one axis (the other coordinate equal); edges are
 * numbered in a fixed order (axis 0 first, then by the other axis's grid index, then along the
 * axis). For every edge whose ends have different labels A (lower value) and B (higher), the
 * bracket is halved ({@link Axis#mid}) until {@link Axis#resolved}: a midpoint labelled A or B
 * replaces that end; a third label C splits the bracket into A|C and C|B, each bisected (so an
 * INCONCLUSIVE band between VERIFIED and REFUTED gives two boundaries). Each located boundary is a
 * bracket [lo, hi] whose ends were judged, its midpoint, and the labels below and above.
 *
 * <p>Reproducible and independent of order: a point's judgement depends only on its setting
 * (the judge is deterministic, e.g. one seed for every point), so a point judged once is never
 * judged again: points read from the {@link SweepResults} and points whose setting was already
 * judged (e.g. two imbalance ratios rounding to the same counts) are reused.
 *
 * <p>Splitting (the seam for sharded runs): {@link #run(IntPredicate)} judges only the edges it is
 * given (both ends of each, and the bisection inside it). Since an edge's bisection depends only
 * on its two ends, shards that own disjoint sets of edges covering all of them judge exactly the
 * points one run judges, and the union of their results files, run through a sweep that owns every
 * edge, gives the same result without a judgement.
 */
public final class Sweep {
  /** One judged point: its values (one per axis), setting text and judgement. */
  public record Point(double[] values, String setting, Judge.Judgement judgement, boolean grid) {}

  /**
   * One located boundary along {@code axis}: between {@code lo} (labelled {@code below}) and
   * {@code hi} (labelled {@code above}), at {@code value} (the bracket's midpoint, geometric for a
   * log axis); {@code at} holds every point's coordinates with the swept one set to the midpoint.
   */
  public record Boundary(int axis, double value, double lo, double hi, String below, String above,
      double[] at) {}

  /** The sweep's outcome: points sorted by their values, boundaries by axis, position and value. */
  public record Result(SweepSpec spec, String labelKey, List<Point> points, List<Boundary> boundaries,
      int judged, int reused) {}

  /** Told after each point: done of about expected points, and the estimated seconds left. */
  public interface Progress {
    void point(int done, int expected, Point point, boolean reused, double secondsLeft);
  }

  private static final Comparator<double[]> BY_VALUES = (a, b) -> Arrays.compare(a, b);

  private final SweepSpec spec;
  private final SettingTemplate template;
  private final Judge judge;
  private final SweepResults results;
  private final Progress progress;
  private final Map<String, Judge.Judgement> bySetting = new HashMap<>();
  private final Map<double[], Point> visited = new TreeMap<>(BY_VALUES);
  private final Map<double[], Boolean> recorded = new TreeMap<>(BY_VALUES);
  private int judged;
  private int reused;
  private int done;
  private int expected;
  private double judgingSeconds;

  /**
   * @param results where judged points are appended and earlier ones read from; null for none
   */
  public Sweep(SweepSpec spec, SettingTemplate template, Judge judge, SweepResults results,
      Progress progress) {
    this.spec = spec;
    this.template = template;
    this.judge = judge;
    this.results = results;
    this.progress = progress;
    if (results != null) {
      for (SweepResults.Entry e : results.entries()) {
        bySetting.put(e.setting(), e.judgement());
        recorded.put(e.values(), true);
      }
    }
  }

  /** Checks every grid point against the judge's domain before any work (bad input otherwise). */
  public void checkGrid() {
    for (double[] v : gridPoints()) {
      judge.check("--vary", template.at(v));
    }
  }

  /** The number of edges (grid intervals), numbered 0 … n − 1 as {@link #run(IntPredicate)} sees them. */
  public int edgeCount() {
    return edges().size();
  }

  /** The whole sweep: every edge. */
  public Result run() {
    return run(e -> true);
  }

  /** The edges {@code owns} accepts (see the class comment), with their bisections. */
  public Result run(IntPredicate owns) {
    List<Edge> edges = edges();
    List<double[]> ends = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      if (owns.test(e)) {
        ends.add(edges.get(e).from);
        ends.add(edges.get(e).to);
      }
    }
    Map<double[], Boolean> grid = new TreeMap<>(BY_VALUES);
    ends.forEach(v -> grid.put(v, true));
    expected = grid.size();
    for (double[] v : grid.keySet()) {
      visit(v, true);
    }
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      if (owns.test(e) && differ(edge)) {
        expected += axis(edge).steps(edge.from[edge.axis], edge.to[edge.axis], spec.precision());
      }
    }
    List<Boundary> boundaries = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      if (owns.test(e) && differ(edge)) {
        bisect(edge.axis, edge.from, visited.get(edge.from).judgement(), edge.to,
            visited.get(edge.to).judgement(), boundaries);
      }
    }
    boundaries.sort(Comparator.comparingInt(Boundary::axis)
        .thenComparing(Boundary::at, BY_VALUES));
    return new Result(spec, judge.labelKey(), List.copyOf(visited.values()), List.copyOf(boundaries),
        judged, reused);
  }

  private record Edge(int axis, double[] from, double[] to) {}

  private Axis axis(Edge e) {
    return spec.axes().get(e.axis);
  }

  private boolean differ(Edge e) {
    return !visited.get(e.from).judgement().label().equals(visited.get(e.to).judgement().label());
  }

  /** Every grid point, in value order. */
  private List<double[]> gridPoints() {
    double[] g0 = spec.axes().get(0).grid();
    if (spec.axes().size() == 1) {
      return Arrays.stream(g0).mapToObj(v -> new double[] {v}).toList();
    }
    double[] g1 = spec.axes().get(1).grid();
    List<double[]> out = new ArrayList<>();
    for (double a : g0) {
      for (double b : g1) {
        out.add(new double[] {a, b});
      }
    }
    return out;
  }

  /** The edges in their fixed order (see the class comment). */
  private List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    int dims = spec.axes().size();
    for (int a = 0; a < dims; a++) {
      double[] along = spec.axes().get(a).grid();
      double[] other = dims == 1 ? new double[] {Double.NaN} : spec.axes().get(1 - a).grid();
      for (double o : other) {
        for (int i = 0; i + 1 < along.length; i++) {
          out.add(new Edge(a, coordinates(a, along[i], o), coordinates(a, along[i + 1], o)));
        }
      }
    }
    return out;
  }

  private double[] coordinates(int axis, double value, double other) {
    if (spec.axes().size() == 1) {
      return new double[] {value};
    }
    return axis == 0 ? new double[] {value, other} : new double[] {other, value};
  }

  private void bisect(int axis, double[] lo, Judge.Judgement a, double[] hi, Judge.Judgement b,
      List<Boundary> out) {
    Axis ax = spec.axes().get(axis);
    double l = lo[axis];
    double h = hi[axis];
    while (!ax.resolved(l, h, spec.precision())) {
      double m = ax.mid(l, h);
      if (!(m > l && m < h)) { // no representable value strictly inside: as located as it gets
        break;
      }
      double[] mid = lo.clone();
      mid[axis] = m;
      Judge.Judgement c = visit(mid, false).judgement();
      if (c.label().equals(a.label())) {
        l = m;
      } else if (c.label().equals(b.label())) {
        h = m;
      } else { // a third label inside: two boundaries, A|C and C|B
        double[] from = lo.clone();
        from[axis] = l;
        double[] to = lo.clone();
        to[axis] = h;
        bisect(axis, from, a, mid, c, out);
        bisect(axis, mid, c, to, b, out);
        return;
      }
    }
    double[] at = lo.clone();
    at[axis] = ax.parameter().log() ? Math.exp(0.5 * (Math.log(l) + Math.log(h))) : 0.5 * (l + h);
    out.add(new Boundary(axis, at[axis], l, h, a.label(), b.label(), at));
  }

  /** Judges the point (or reuses its judgement) and records it. */
  private Point visit(double[] values, boolean grid) {
    Point seen = visited.get(values);
    if (seen != null) {
      return seen;
    }
    Setting s = template.at(values);
    String key = s.toString();
    Judge.Judgement j = bySetting.get(key);
    boolean reuse = j != null;
    if (!reuse) {
      judge.check("--vary", s);
      long t0 = System.nanoTime();
      j = judge.judge(s);
      judgingSeconds += (System.nanoTime() - t0) * 1e-9;
      judged++;
      bySetting.put(key, j);
    } else {
      reused++;
    }
    Point p = new Point(values.clone(), key, j, grid);
    visited.put(p.values(), p);
    if (results != null && !recorded.containsKey(p.values())) {
      results.append(new SweepResults.Entry(p.values(), key, j));
      recorded.put(p.values(), true);
    }
    done++;
    expected = Math.max(expected, done);
    double perPoint = judged == 0 ? 0 : judgingSeconds / judged;
    progress.point(done, expected, p, reuse, perPoint * (expected - done));
    return p;
  }
}

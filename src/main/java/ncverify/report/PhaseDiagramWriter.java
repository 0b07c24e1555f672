package ncverify.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Map;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import ncverify.core.ReportFolder;

/**
 * Writes a sweep's report folder: {@code sweep.json} (as given) and {@code sweep.svg}, the phase
 * diagram drawn with the report's chart code ({@link Charts}: JFreeChart into SVG, fixed fonts and
 * ids, so the same diagram gives the same bytes). Files are staged and published through
 * {@link ReportFolder}: other files in the folder are never touched.
 */
public final class PhaseDiagramWriter {
  /** Colours of the verdicts (Okabe–Ito): verified green, refuted vermillion, inconclusive grey. */
  private static final Map<String, Color> VERDICT_COLOURS = Map.of(
      "VERIFIED", new Color(0x00, 0x9E, 0x73), "REFUTED", new Color(0xD5, 0x5E, 0x00),
      "INCONCLUSIVE", new Color(0x99, 0x99, 0x99));
  /** Alpha of a region's background band: light enough for the markers and grid to show. */
  private static final int BAND_ALPHA = 60;
  /** The plot area inside the chart (axes, title and legend take the rest), in pixels. */
  private static final double PLOT_WIDTH = Charts.WIDTH - 90;
  private static final double PLOT_HEIGHT = Charts.HEIGHT - 140;
  /** Share of its slot a 2-D cell fills: a thin gap shows where cells meet. */
  private static final double CELL_FILL = 0.92;

  private PhaseDiagramWriter() {}

  /** The files a sweep's report folder holds (checked before a sweep starts). */
  public static final List<String> FILES = List.of("sweep.json", "sweep.svg");

  /** Writes sweep.json and sweep.svg into {@code dir}; returns the files written. */
  public static List<Path> write(Path dir, String json, PhaseDiagram diagram) throws IOException {
    Path staging = ReportFolder.stage(dir);
    try {
      Files.writeString(staging.resolve("sweep.json"), json, StandardCharsets.UTF_8);
      Files.writeString(staging.resolve("sweep.svg"), svg(diagram) + "\n", StandardCharsets.UTF_8);
      return ReportFolder.publish(staging, dir, "sweep", true);
    } finally {
      ReportFolder.discard(staging);
    }
  }

  /** The diagram as a standalone SVG document (an {@code <svg>} element with its namespace). */
  public static String svg(PhaseDiagram d) {
    Map<String, Paint> colours = colours(d.labels());
    XYSeriesCollection data = new XYSeriesCollection();
    Map<String, XYSeries> byLabel = new LinkedHashMap<>();
    for (String label : d.labels()) {
      XYSeries s = new XYSeries(label, false, true);
      byLabel.put(label, s);
      data.addSeries(s);
    }
    for (PhaseDiagram.Cell c : d.cells()) {
      double y = d.twoDimensional() ? c.y() : Double.isFinite(c.y()) ? c.y() : Double.NaN;
      if (Double.isFinite(c.x()) && Double.isFinite(y)) {
        byLabel.get(c.label()).add(c.x(), y);
      }
    }
    XYSeries marks = new XYSeries("boundary", false, true);
    if (d.twoDimensional()) {
      d.boundaries().forEach(m -> marks.add(m.x(), m.y()));
      data.addSeries(marks);
    }
    double[] xs = d.cells().stream().mapToDouble(PhaseDiagram.Cell::x).distinct().sorted().toArray();
    double[] ys = d.cells().stream().mapToDouble(PhaseDiagram.Cell::y).filter(Double::isFinite)
        .distinct().sorted().toArray();
    long nx = xs.length;
    long ny = ys.length;
    ValueAxis x;
    ValueAxis y;
    if (d.twoDimensional()) {
      x = axis(d.xLabel(), d.xLog(), xs);
      y = axis(d.yLabel(), d.yLog(), ys);
    } else {
      // A range narrower than a decade (a zoom onto a boundary) is drawn linear: a log axis has no
      // tick inside it. Ticks carry as many digits as the range needs to tell them apart.
      boolean log = d.xLog() && xs.length > 1 && xs[xs.length - 1] / xs[0] >= 10;
      x = log ? Charts.logAxis(d.xLabel() + " (log scale)") : digits(Charts.numberAxis(d.xLabel()), xs);
      if (xs.length > 1) {
        double lo = xs[0];
        double hi = xs[xs.length - 1];
        x.setRange(log ? lo / Math.pow(hi / lo, 0.03) : lo - 0.03 * (hi - lo),
            log ? hi * Math.pow(hi / lo, 0.03) : hi + 0.03 * (hi - lo));
      }
      y = digits(Charts.numberAxis(d.yLabel()), ys);
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    int i = 0;
    // Two parameters: each grid point a cell about as large as its share of the plot area.
    double w = Math.max(3, CELL_FILL * PLOT_WIDTH / Math.max(1, nx));
    double h = Math.max(3, CELL_FILL * PLOT_HEIGHT / Math.max(1, ny));
    for (String label : d.labels()) {
      r.setSeriesPaint(i, colours.get(label));
      r.setSeriesShape(i, d.twoDimensional() ? new Rectangle2D.Double(-w / 2, -h / 2, w, h)
          : new Ellipse2D.Double(-3.5, -3.5, 7, 7));
      r.setLegendShape(i, new Rectangle2D.Double(-5, -5, 10, 10));
      i++;
    }
    if (d.twoDimensional()) {
      r.setSeriesPaint(i, Color.BLACK);
      r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // boundary marks over the cells
    if (!d.twoDimensional()) {
      bands(d, plot, colours);
    }
    return Charts.render(Charts.chart(d.title(), plot), "phase");
  }

  /** One parameter: a background band per label region and a line at each boundary. */
  private static void bands(PhaseDiagram d, XYPlot plot, Map<String, Paint> colours) {
    List<PhaseDiagram.Cell> cells = new ArrayList<>(d.cells());
    cells.sort(Comparator.comparingDouble(PhaseDiagram.Cell::x));
    if (cells.isEmpty()) {
      return;
    }
    List<PhaseDiagram.Mark> marks = new ArrayList<>(d.boundaries());
    marks.sort(Comparator.comparingDouble(PhaseDiagram.Mark::x));
    double start = cells.get(0).x();
    for (int i = 0; i < cells.size(); i++) {
      PhaseDiagram.Cell c = cells.get(i);
      boolean last = i + 1 == cells.size();
      if (!last && cells.get(i + 1).label().equals(c.label())) {
        continue;
      }
      double end = c.x();
      if (!last) {
        double next = cells.get(i + 1).x();
        end = marks.stream().mapToDouble(PhaseDiagram.Mark::x).filter(v -> v >= c.x() && v <= next)
            .findFirst().orElse(d.xLog() ? Math.sqrt(c.x() * next) : 0.5 * (c.x() + next));
      }
      Color base = (Color) colours.get(c.label());
      IntervalMarker band = new IntervalMarker(start, end,
          new Color(base.getRed(), base.getGreen(), base.getBlue(), BAND_ALPHA));
      plot.addDomainMarker(band, Layer.BACKGROUND);
      start = end;
    }
    for (PhaseDiagram.Mark m : marks) {
      ValueMarker line = new ValueMarker(m.x());
      line.setPaint(new Color(0x33, 0x33, 0x33));
      line.setStroke(new BasicStroke(1.5f));
      // as many digits as the axis needs, and at least 4 significant ones
      NumberFormat f = format(d.cells().stream().mapToDouble(PhaseDiagram.Cell::x).toArray());
      if (m.x() != 0) {
        f.setMaximumFractionDigits(Math.max(f.getMaximumFractionDigits(),
            3 - (int) Math.floor(Math.log10(Math.abs(m.x())))));
      }
      line.setLabel(f.format(m.x()));
      line.setLabelFont(new Font(Charts.FONT, Font.PLAIN, 11));
      // the label on the side with room: right of the line in the left half, else left of it
      ValueAxis axis = plot.getDomainAxis();
      boolean leftHalf = axis.valueToJava2D(m.x(), new Rectangle2D.Double(0, 0, 1, 1),
          org.jfree.chart.ui.RectangleEdge.BOTTOM) < 0.5;
      line.setLabelAnchor(leftHalf ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
      line.setLabelTextAnchor(leftHalf ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
      plot.addDomainMarker(line);
    }
  }

  /**
   * An axis of a varied parameter: log scale for a log parameter, whole-number ticks otherwise
   * (every linear parameter of a sweep is a whole number). With two parameters the range reaches
   * half a grid step (in log for a log axis) beyond the outer values, so the outer cells are whole.
   */
  private static ValueAxis axis(String label, boolean log, double[] values) {
    ValueAxis a;
    if (log) {
      a = Charts.logAxis(label + " (log scale)");
    } else {
      NumberAxis n = Charts.numberAxis(label);
      n.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
      a = n;
    }
    if (values.length > 1) {
      double lo = values[0];
      double hi = values[values.length - 1];
      if (log) {
        double half = Math.pow(hi / lo, 0.5 / (values.length - 1));
        a.setRange(lo / half, hi * half);
      } else {
        double half = 0.5 * (hi - lo) / (values.length - 1);
        a.setRange(lo - half, hi + half);
      }
    }
    return a;
  }

  /** The axis with tick labels of {@link #format} for these values. */
  private static NumberAxis digits(NumberAxis axis, double[] values) {
    axis.setNumberFormatOverride(format(values));
    return axis;
  }

  /**
   * A plain decimal format with enough digits to tell values a tenth of the values' spread apart:
   * significant digits log10(magnitude / spread) + 2, at least 3 and at most 15.
   */
  static NumberFormat format(double[] values) {
    double lo = java.util.Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
    double hi = java.util.Arrays.stream(values).filter(Double::isFinite).max().orElse(0);
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    double spread = hi - lo;
    int significant = spread > 0 && magnitude > 0
        ? (int) Math.min(15, Math.max(3, Math.ceil(Math.log10(magnitude / spread)) + 2)) : 3;
    int decimals = magnitude > 0
        ? Math.max(0, significant - 1 - (int) Math.floor(Math.log10(magnitude))) : 2;
    DecimalFormat f = new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setMaximumFractionDigits(decimals);
    return f;
  }

  private static Map<String, Paint> colours(List<String> labels) {
    Map<String, Paint> out = new LinkedHashMap<>();
    int next = 0;
    for (String label : labels) {
      Color c = VERDICT_COLOURS.get(label);
      if (c == null) {
        c = (Color) Charts.PALETTE[next++ % Charts.PALETTE.length];
      }
      out.put(label, c);
    }
    return out;
  }
}

package ncverify.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders the three report plots with JFreeChart into inline SVG (JFreeSVG).
 *
 * <p>Determinism: every chart gets a fixed, caller-chosen defs-key prefix (JFreeSVG's default is
 * derived from the clock), all fonts use the logical family {@code SansSerif} (mapped to the CSS
 * generic {@code sans-serif}, so the browser does not depend on a named font), and every tick
 * format uses {@link Locale#ROOT}. Text is laid out with the JVM's metrics for the logical font,
 * which come from the machine's installed fonts: bytes are identical run to run on one machine,
 * but a machine with different fonts may place labels a little differently.
 */
final class Charts {
  static final int WIDTH = 720;
  static final int HEIGHT = 420;

  /** Okabe–Ito palette: distinguishable for colour-blind readers and in greyscale print. */
  static final Paint[] PALETTE = {
      new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
      new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
      new Color(0x00, 0x00, 0x00)};
  static final String FONT = Font.SANS_SERIF;

  private Charts() {
  }

  /** A rendered chart plus what the caption must say about data that could not be drawn. */
  record Svg(String svg, String note) {
  }

  /** Plot (a): objective and NC1–NC3 against iteration, value axis logarithmic. */
  static Svg run(TrainingTrace run, String idPrefix) {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (String name : new String[] {"objective", "NC1", "NC2", "NC3"}) {
      series.put(name, new XYSeries(name, false, true));
    }
    int omitted = 0;
    for (IterationPoint p : run.history()) {
      double[] values = {p.objective(), p.nc1(), p.nc2(), p.nc3()};
      int i = 0;
      for (XYSeries s : series.values()) {
        double v = values[i++];
        // A log axis cannot show zero, negative or non-finite values; they are counted instead.
        if (v > 0 && Double.isFinite(v)) {
          s.add(p.iteration(), v);
        } else {
          omitted++;
        }
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    NumberAxis x = numberAxis("iteration");
    // LogarithmicAxis rather than LogAxis: LogAxis labels ticks with AttributedStrings, which
    // JFreeChart draws through TextLayout and JFreeSVG then emits as glyph outlines (paths that
    // depend on the machine's fonts) instead of text. LogarithmicAxis uses plain strings.
    LogarithmicAxis y = logAxis("value (log scale)");
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    XYPlot plot = new XYPlot(data, x, y, r);
    styleSeries(r, data.getSeriesCount(), false);
    JFreeChart chart = chart("Objective and NC metrics during training", plot);
    String note = omitted == 0 ? ""
        : omitted + " value(s) that were zero, negative or not finite are not drawn on the log"
            + " axis.";
    return new Svg(render(chart, idPrefix), note);
  }

  /** Plot (b): measured against predicted per-class values, one series per quantity, with y = x. */
  static Svg lengths(LengthComparison lengths, String idPrefix) {
    Map<String, XYSeries> byQuantity = new LinkedHashMap<>();
    double lo = 0;
    double hi = 0;
    int omitted = 0;
    for (ClassLength c : lengths.points()) {
      if (!Double.isFinite(c.predicted()) || !Double.isFinite(c.measured())) {
        omitted++;
        continue;
      }
      byQuantity.computeIfAbsent(c.quantity(), q -> new XYSeries(q, false, true))
          .add(c.predicted(), c.measured());
      lo = Math.min(lo, Math.min(c.predicted(), c.measured()));
      hi = Math.max(hi, Math.max(c.predicted(), c.measured()));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    byQuantity.values().forEach(data::addSeries);
    XYSeries diagonal = new XYSeries("measured = predicted", false, true);
    diagonal.add(lo, lo);
    diagonal.add(hi == lo ? lo + 1 : hi, hi == lo ? lo + 1 : hi);
    data.addSeries(diagonal);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    XYPlot plot = new XYPlot(data, numberAxis("predicted"), numberAxis("measured"), r);
    styleSeries(r, byQuantity.size(), true);
    int d = byQuantity.size();
    r.setSeriesLinesVisible(d, true);
    r.setSeriesShapesVisible(d, false);
    r.setSeriesPaint(d, Color.GRAY);
    r.setSeriesStroke(d, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    JFreeChart chart = chart("Per-class values: predicted vs measured", plot);
    String note = omitted == 0 ? "" : omitted + " point(s) with a non-finite value are not drawn.";
    return new Svg(render(chart, idPrefix), note);
  }

  /** Plot (c): measured collapse quantity against n_k with the predicted threshold marked. */
  static Svg sweep(CollapseSweep sweep, String idPrefix) {
    XYSeries measured = new XYSeries("measured " + sweep.quantity(), false, true);
    XYSeries predicted = new XYSeries("predicted " + sweep.quantity(), false, true);
    int omitted = 0;
    for (SweepPoint p : sweep.points()) {
      if (Double.isFinite(p.measured())) {
        measured.add(p.n(), p.measured());
      } else {
        omitted++;
      }
      if (p.predicted() != null && Double.isFinite(p.predicted())) {
        predicted.add(p.n(), p.predicted());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(measured);
    if (predicted.getItemCount() > 0) {
      data.addSeries(predicted);
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    NumberAxis x = numberAxis("class size n_k");
    XYPlot plot = new XYPlot(data, x, numberAxis(sweep.quantity()), r);
    styleSeries(r, data.getSeriesCount(), true);
    if (data.getSeriesCount() > 1) {
      r.setSeriesShapesVisible(1, false);
      r.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
          10f, new float[] {6f, 4f}, 0f));
    }
    ValueMarker threshold = new ValueMarker(sweep.predictedThreshold());
    // Dark grey, so the marker is not confused with the (orange) predicted series.
    threshold.setPaint(new Color(0x33, 0x33, 0x33));
    threshold.setStroke(new BasicStroke(1.5f));
    threshold.setLabel("predicted threshold n_k = " + Text.num(sweep.predictedThreshold()));
    threshold.setLabelFont(new Font(FONT, Font.PLAIN, 11));
    threshold.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    threshold.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addDomainMarker(threshold);
    // Keep the marker inside the visible range even when the sweep lies on one side of it.
    double lo = Math.min(sweep.predictedThreshold(), measured.getItemCount() > 0
        ? measured.getMinX() : sweep.predictedThreshold());
    double hi = Math.max(sweep.predictedThreshold(), measured.getItemCount() > 0
        ? measured.getMaxX() : sweep.predictedThreshold());
    double pad = hi > lo ? 0.05 * (hi - lo) : 1;
    x.setRange(lo - pad, hi + pad);
    JFreeChart chart = chart("Minority collapse against class size", plot);
    String note = omitted == 0 ? "" : omitted + " point(s) with a non-finite value are not drawn.";
    return new Svg(render(chart, idPrefix), note);
  }

  /** A log axis whose ticks are plain text in scientific notation (1e-3), Locale.ROOT. */
  static LogarithmicAxis logAxis(String label) {
    LogarithmicAxis a = new LogarithmicAxis(label);
    a.setStrictValuesFlag(false);
    a.setAllowNegativesFlag(false);
    DecimalFormat scientific = rootFormat("0E0");
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
    symbols.setExponentSeparator("e");
    scientific.setDecimalFormatSymbols(symbols);
    a.setNumberFormatOverride(scientific);
    a.setExpTickLabelsFlag(true);
    return a;
  }

  static NumberAxis numberAxis(String label) {
    NumberAxis a = new NumberAxis(label);
    a.setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
    a.setAutoRangeIncludesZero(false);
    return a;
  }

  static DecimalFormat rootFormat(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  private static void styleSeries(XYLineAndShapeRenderer r, int count, boolean shapes) {
    for (int i = 0; i < count; i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(1.5f));
      if (shapes) {
        r.setSeriesShapesVisible(i, true);
      }
    }
  }

  /**
   * Wraps a plot into a chart with fixed fonts. No ChartTheme is applied: themes name "Tahoma"
   * and would also overwrite the series colours and strokes chosen above.
   */
  static JFreeChart chart(String title, XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setNoDataMessage("no data");
    plot.setNoDataMessageFont(new Font(FONT, Font.PLAIN, 12));
    for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(),
        plot.getRangeAxis()}) {
      axis.setLabelFont(new Font(FONT, Font.BOLD, 13));
      axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 11));
    }
    JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 15), plot, true);
    chart.getLegend().setItemFont(new Font(FONT, Font.PLAIN, 12));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static String render(JFreeChart chart, String idPrefix) {
    // JFreeChart draws rotated labels (the y-axis title) through TextLayout by default, which
    // JFreeSVG turns into glyph outlines; drawing them as rotated text keeps them as <text>.
    // This is a JVM-wide JFreeChart switch; it only affects how rotated strings are drawn.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    // The default prefix comes from System.nanoTime(); a fixed, per-chart prefix keeps the bytes
    // stable and the clip-path ids unique when several charts share one HTML page.
    g.setDefsKeyPrefix(idPrefix);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement(idPrefix + "svg", true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
  }
}

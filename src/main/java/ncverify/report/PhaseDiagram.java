package ncverify.report;

import java.util.List;
import java.util.Objects;

/**
 * A phase diagram of a sweep ({@code ncverify sweep}), for its SVG plot.
 *
 * <p>One parameter: {@code cells} are the judged points at (value, optimal value), drawn as
 * markers coloured by label over background bands of each label's region, with a vertical line at
 * each boundary. Two parameters: {@code cells} are the grid points at (value 1, value 2), drawn
 * as coloured squares, and {@code boundaries} the located boundary points.
 *
 * @param title chart title
 * @param xLabel the first parameter's name (and unit)
 * @param xLog whether the x axis is logarithmic
 * @param yLabel the second parameter's name, or for one parameter what y shows
 * @param yLog whether the y axis is logarithmic (two parameters only)
 * @param twoDimensional two varied parameters
 * @param labels every label in legend order
 * @param cells the points
 * @param boundaries the located boundaries (for one parameter, y is ignored)
 */
public record PhaseDiagram(String title, String xLabel, boolean xLog, String yLabel, boolean yLog,
    boolean twoDimensional, List<String> labels, List<Cell> cells, List<Mark> boundaries) {
  public PhaseDiagram {
    Objects.requireNonNull(title, "title");
    labels = List.copyOf(labels);
    cells = List.copyOf(cells);
    boundaries = List.copyOf(boundaries);
  }

  /** A judged point: its coordinates and label (y may be NaN for one parameter: not drawn). */
  public record Cell(double x, double y, String label) {}

  /** A located boundary point and the labels it separates. */
  public record Mark(double x, double y, String below, String above) {}
}

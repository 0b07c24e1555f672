package ncverify.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples a trajectory at log-spaced iterations so that a run of any length yields a plottable
 * history of at most {@code maxPoints + 1} points (the +1 is the final iterate, always kept).
 * Log spacing keeps the early transient and the late tail equally visible on a log-x plot.
 */
public final class History {
  /** Default number of sampled points: enough for a smooth plot, small enough for JSON reports. */
  public static final int DEFAULT_POINTS = 200;

  private final double ratio;
  private final int maxPoints;
  private final List<HistoryPoint> points = new ArrayList<>();
  private int next = 0;
  private HistoryPoint last;

  /** @param maxIterations the run's iteration budget (sets the log spacing) */
  public History(int maxIterations, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be at least 2");
    }
    this.maxPoints = maxPoints;
    // iterations 0 and 1..maxIterations: geometric targets from 1 to maxIterations+1.
    this.ratio = Math.exp(Math.log(Math.max(2, maxIterations + 1.0)) / (maxPoints - 1));
  }

  public History(int maxIterations) {
    this(maxIterations, DEFAULT_POINTS);
  }

  /**
   * Offers the state at {@code iteration} (called every iteration, in increasing order).
   *
   * @return whether this iteration is one of the sampled points
   */
  public boolean offer(int iteration, double objective, double residual) {
    last = new HistoryPoint(iteration, objective, residual);
    if (iteration >= next && points.size() < maxPoints) {
      points.add(last);
      next = Math.max(iteration + 1, (int) Math.min(Integer.MAX_VALUE, Math.ceil((iteration + 1) * ratio) - 1));
      return true;
    }
    return false;
  }

  /** The sampled points, ending with the last offered point. */
  public List<HistoryPoint> points() {
    List<HistoryPoint> out = new ArrayList<>(points);
    if (last != null && (out.isEmpty() || out.get(out.size() - 1).iteration() != last.iteration())) {
      out.add(last);
    }
    return List.copyOf(out);
  }
}

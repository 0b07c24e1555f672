package ncverify.train;

import java.util.List;

/**
 * What one optimisation produced.
 *
 * @param x final parameters (for {@link Termination#DIVERGED}: the blown-up iterate, not a repaired one)
 * @param objective f(x)
 * @param residual {@link Certificate#residual} at x (NaN when x is not finite)
 * @param iterations iterations performed; for DIVERGED the iteration where divergence was detected
 * @param seconds wall-clock time of the optimisation (excluding initialisation)
 * @param termination how it ended
 * @param detail one human-readable sentence on why it ended (e.g. where it diverged)
 * @param optimizer name with its options, e.g. "lbfgs(memory=10)"
 * @param origin the random start (seed, scale), or null when x0 was supplied directly
 * @param history sampled (iteration, objective, residual), at most ~{@link History#DEFAULT_POINTS}+1
 */
public record Run(double[] x, double objective, double residual, int iterations, double seconds,
    Termination termination, String detail, String optimizer, Origin origin, List<HistoryPoint> history) {

  /** Where a random start came from: the seed and the initial scale of {@link Initializer}. */
  public record Origin(long seed, double initScale) {}

  public boolean certified(double tolerance) {
    return termination != Termination.DIVERGED && residual <= tolerance;
  }

  /** This run, labelled with the random start it came from. */
  public Run withOrigin(Origin o) {
    return new Run(x, objective, residual, iterations, seconds, termination, detail, optimizer, o, history);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s: f=%.15g residual=%.3g iterations=%d time=%.3fs (%s)%s", termination, objective, residual,
        iterations, seconds, optimizer, origin == null ? "" : " seed=" + origin.seed() + " init-scale="
            + origin.initScale());
  }
}

package ncverify.train;

/** How an optimisation ended (the termination reason). */
public enum Termination {
  /** The certification residual ({@link Certificate#residual}) reached the requested tolerance. */
  CONVERGED,
  /** The iteration budget ran out before the residual reached the tolerance. */
  MAX_ITERATIONS,
  /**
   * The iterate blew up: the objective or gradient became NaN or infinite, or the objective grew
   * beyond {@link Certificate#BLOW_UP_FACTOR} times its starting scale. {@link Run#iterations()} is
   * the iteration where this was detected; the run's point and objective are the blown-up ones.
   */
  DIVERGED,
  /** The optimiser could make no further progress (line search failed even along −∇f). */
  STALLED
}

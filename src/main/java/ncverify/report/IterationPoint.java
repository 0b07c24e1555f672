package ncverify.report;

/**
 * One recorded iteration of a training run. Metrics follow the conventions named in
 * {@link TrainingTrace#conventions()}.
 */
public record IterationPoint(long iteration, double objective, double nc1, double nc2, double nc3) {
  public IterationPoint {
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
    }
  }
}

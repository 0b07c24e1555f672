package ncverify.train;

/** One sampled point of a run's trajectory: iteration, objective and certification residual. */
public record HistoryPoint(int iteration, double objective, double residual) {}

package ncverify.cli;

import ncverify.core.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.ForwardingFunction;
import ncverify.train.Certificate;

/**
 * {@code train}'s progress: the objective, seen by the optimiser through this wrapper, which
 * passes every call on unchanged (the run computes exactly what it computes without it) and,
 * once the run has taken {@link #QUIET_SECONDS}, prints one line every {@link #PERIOD_SECONDS} on
 * standard error: evaluations so far, f and the certificate's residual at the last evaluated point,
 * and an estimate of the time left.
 *
 * <p>The estimate: certified optimisers converge about linearly in log(residual) once past the
 * first phase, so the time left is the elapsed time × log(residual/tolerance) /
 * log(first residual/residual); it is capped by what the evaluation budget allows (mean time per
 * evaluation × evaluations left, counting one evaluation per iteration) and shown as unknown while
 * the residual has not fallen.
 */
final class TrainingProgress extends ForwardingFunction {
  /** Runs shorter than this print nothing (most runs: a certified small setting takes < 1 s). */
  static final double QUIET_SECONDS = 2;
  /** Seconds between lines. */
  static final double PERIOD_SECONDS = 2;

  private final State state;

  /** What all re-centred forms of one run share. */
  private static final class State {
    final PrintWriter err;
    final double tolerance;
    final long budget;
    final double quiet;
    final double period;
    final long start = System.nanoTime();
    long lastLine = start;
    long evaluations;
    double firstResidual = Double.NaN;
    boolean printed;

    State(PrintWriter err, double tolerance, long budget, double quiet, double period) {
      this.err = err;
      this.tolerance = tolerance;
      this.budget = budget;
      this.quiet = quiet;
      this.period = period;
    }
  }

  /**
   * @param tolerance the run's certificate tolerance
   * @param budget its iteration budget
   */
  TrainingProgress(DifferentiableFunction f, PrintWriter err, double tolerance, long budget) {
    this(f, new State(err, tolerance, budget, QUIET_SECONDS, PERIOD_SECONDS));
  }

  /** With other delays (tests: 0 prints at every evaluation). */
  TrainingProgress(DifferentiableFunction f, PrintWriter err, double tolerance, long budget,
      double quietSeconds, double periodSeconds) {
    this(f, new State(err, tolerance, budget, quietSeconds, periodSeconds));
  }

  /**
   * One progress display for several functions of one run (the class-mean search of
   * {@code --optimizer newton}: the reduced objective, and the full one if the lift needs a
   * polish): each wrapped alike, sharing the clock and the count. The budget there counts
   * iterations while Newton–CG evaluates several times per iteration, so the estimate left uses
   * the residual alone ({@code budget} = {@link Long#MAX_VALUE}).
   */
  static java.util.function.UnaryOperator<DifferentiableFunction> observer(PrintWriter err,
      double tolerance) {
    return observer(err, tolerance, QUIET_SECONDS, PERIOD_SECONDS);
  }

  /** With other delays (tests). */
  static java.util.function.UnaryOperator<DifferentiableFunction> observer(PrintWriter err,
      double tolerance, double quietSeconds, double periodSeconds) {
    State state = new State(err, tolerance, Long.MAX_VALUE, quietSeconds, periodSeconds);
    return f -> new TrainingProgress(f, state);
  }

  private TrainingProgress(DifferentiableFunction f, State state) {
    super(f);
    this.state = state;
  }

  @Override
  protected DifferentiableFunction wrap(DifferentiableFunction other) {
    return new TrainingProgress(other, state);
  }

  /** Whether a line was printed (the run took longer than {@link #QUIET_SECONDS}). */
  boolean printed() {
    return state.printed;
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    double v = f.valueAndGradient(x, gradient);
    State s = state;
    s.evaluations++;
    long now = System.nanoTime();
    if (s.evaluations == 1) {
      s.firstResidual = Certificate.residual(f, x, v, gradient);
    } else if ((now - s.start) * 1e-9 >= s.quiet && (now - s.lastLine) * 1e-9 >= s.period) {
      s.lastLine = now;
      s.printed = true;
      double r = Certificate.residual(f, x, v, gradient);
      double elapsed = (now - s.start) * 1e-9;
      double byBudget = elapsed / s.evaluations * Math.max(0, s.budget - s.evaluations);
      double fallen = Math.log(s.firstResidual / r);
      double left = fallen > 0 && Double.isFinite(fallen)
          ? Math.min(byBudget, elapsed * Math.max(0, Math.log(r / s.tolerance)) / fallen)
          : Double.NaN;
      s.err.println(String.format(Locale.ROOT, "train: %s, f=%.10g, residual %.2e (certified at %.0e)"
          + " (%s elapsed, %s)", Progress.count(s.evaluations, "evaluation"), v, r, s.tolerance,
          Progress.clock(elapsed), Double.isNaN(left) ? "time left unknown: the residual has not"
              + " fallen yet" : "about " + Progress.clock(left) + " left"));
      s.err.flush();
    }
    return v;
  }
}

package ncverify.train;

import ncverify.problem.DifferentiableFunction;

/**
 * Full-batch gradient descent with heavy-ball momentum, the recipe of the papers' synthetic
 * experiments (THEORY.md §9: lr 0.1, momentum 0.9). In PyTorch's SGD convention:
 * <pre>  v ← μ v + ∇f(x),   x ← P(x − lr · v)  </pre>
 * where P clips the non-negative range at 0 (projected gradient descent for H ≥ 0; P is the
 * identity otherwise). The weight decay is part of f, as in the papers' objective.
 *
 * <p>Stops when the certification residual reaches the tolerance, at the iteration budget, or on
 * divergence (non-finite value or gradient, or growth beyond {@link Certificate#BLOW_UP_FACTOR}).
 */
public final class GradientDescent implements Optimizer {

  /**
   * @param learningRate lr > 0
   * @param momentum μ in [0, 1)
   * @param maxIterations number of gradient steps allowed
   * @param tolerance stop when {@link Certificate#residual} ≤ tolerance
   */
  public record Options(double learningRate, double momentum, int maxIterations, double tolerance) {
    public Options {
      if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1) || maxIterations < 0
          || !(tolerance >= 0)) {
        throw new IllegalArgumentException("bad gradient-descent options " + this);
      }
    }

    /** The papers' recipe: lr 0.1, momentum 0.9, 30 000 iterations, tolerance {@link Certificate#CERTIFIED}. */
    public static Options papers() {
      return new Options(0.1, 0.9, 30_000, Certificate.CERTIFIED);
    }

    public Options withMaxIterations(int n) {
      return new Options(learningRate, momentum, n, tolerance);
    }

    public Options withLearningRate(double lr) {
      return new Options(lr, momentum, maxIterations, tolerance);
    }

    public Options withTolerance(double t) {
      return new Options(learningRate, momentum, maxIterations, t);
    }
  }

  private final Options options;

  public GradientDescent(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  @Override
  public String name() {
    return "gd(lr=" + options.learningRate() + ",momentum=" + options.momentum() + ")";
  }

  @Override
  public Run minimize(DifferentiableFunction f, double[] x0) {
    return minimize(f, x0, (iteration, objective, x) -> { });
  }

  /** Sees the iterate at the history's sampled (log-spaced) iterations, e.g. to record NC metrics. */
  @FunctionalInterface
  public interface Observer {
    void sample(int iteration, double objective, double[] x);
  }

  /** As {@link #minimize(DifferentiableFunction, double[])}, showing sampled iterates to {@code observer}. */
  public Run minimize(DifferentiableFunction f, double[] x0, Observer observer) {
    long start = System.nanoTime();
    int n = f.dimension();
    int[] nonneg = f.nonnegativeRange();
    double[] x = x0.clone();
    Certificate.project(nonneg, x);
    double[] g = new double[n];
    double[] v = new double[n];
    History history = new History(options.maxIterations());
    double lr = options.learningRate();
    double mu = options.momentum();
    double blowUp = Double.NaN;
    for (int it = 0; ; it++) {
      double value = f.valueAndGradient(x, g);
      boolean nonFinite = Certificate.nonFinite(value, g);
      double residual = nonFinite ? Double.NaN : Certificate.residual(nonneg, x, value, g);
      if (history.offer(it, value, residual)) {
        observer.sample(it, value, x);
      }
      if (it == 0) {
        blowUp = Certificate.BLOW_UP_FACTOR * Math.max(1.0, Math.abs(value));
      }
      String why = null;
      Termination status = null;
      if (nonFinite) {
        status = Termination.DIVERGED;
        why = "objective or gradient not finite (f=" + value + ") at iteration " + it;
      } else if (Math.abs(value) > blowUp) {
        status = Termination.DIVERGED;
        why = "objective " + value + " exceeded " + Certificate.BLOW_UP_FACTOR
            + " x its starting scale at iteration " + it;
      } else if (residual <= options.tolerance()) {
        status = Termination.CONVERGED;
        why = "residual " + residual + " <= " + options.tolerance();
      } else if (it >= options.maxIterations()) {
        status = Termination.MAX_ITERATIONS;
        why = "iteration budget " + options.maxIterations() + " used; residual " + residual;
      }
      if (status != null) {
        return new Run(x, value, residual, it, (System.nanoTime() - start) * 1e-9, status, why,
            name(), null, history.points());
      }
      for (int i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        x[i] -= lr * v[i];
      }
      Certificate.project(nonneg, x);
    }
  }
}

package ncverify.train;

import ncverify.problem.DifferentiableFunction;

/** A local minimiser of a {@link DifferentiableFunction} (respecting its non-negative range). */
public interface Optimizer {

  /** Name with the options that matter, e.g. "lbfgs(memory=10,tol=1e-9)". */
  String name();

  /** Minimises f from x0 (not modified). The returned run has a null origin. */
  Run minimize(DifferentiableFunction f, double[] x0);

  /** Minimises f from the random start {@link Initializer#start}(f, seed, scale). */
  default Run minimize(DifferentiableFunction f, long seed, double initScale) {
    return minimize(f, Initializer.start(f, seed, initScale))
        .withOrigin(new Run.Origin(seed, initScale));
  }
}

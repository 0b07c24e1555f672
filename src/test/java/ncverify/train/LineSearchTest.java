package ncverify.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link LineSearch} on one-dimensional paths whose Wolfe steps are known in closed form. */
class LineSearchTest {
  /** φ and φ' of a path, remembering the last evaluated step. */
  private static final class Path1d implements LineSearch.Path {
    final DoubleUnaryOperator phi;
    final DoubleUnaryOperator dphi;
    double last = Double.NaN;

    Path1d(DoubleUnaryOperator phi, DoubleUnaryOperator dphi) {
      this.phi = phi;
      this.dphi = dphi;
    }

    @Override
    public double derivative(double step) {
      last = step;
      return dphi.applyAsDouble(step);
    }

    @Override
    public double value() {
      return phi.applyAsDouble(last);
    }
  }

  private static boolean strongWolfe(Path1d p, double step) {
    double phi0 = p.phi.applyAsDouble(0);
    double dphi0 = p.dphi.applyAsDouble(0);
    return p.phi.applyAsDouble(step) <= phi0 + LineSearch.C1 * step * dphi0
        && Math.abs(p.dphi.applyAsDouble(step)) <= LineSearch.C2 * Math.abs(dphi0);
  }

  @Test
  void acceptedStepsSatisfyTheStrongWolfeConditions() {
    // a quadratic with its minimum far beyond the first step (bracketing expands), one close to
    // it, and a quartic whose first step overshoots (zoom with cubic interpolation)
    Path1d far = new Path1d(a -> (a - 30) * (a - 30), a -> 2 * (a - 30));
    Path1d near = new Path1d(a -> (a - 1.2) * (a - 1.2), a -> 2 * (a - 1.2));
    Path1d steep = new Path1d(a -> Math.pow(a - 0.01, 4), a -> 4 * Math.pow(a - 0.01, 3));
    for (Path1d p : new Path1d[] {far, near, steep}) {
      assertTrue(LineSearch.search(p, p.phi.applyAsDouble(0), p.dphi.applyAsDouble(0), 1.0));
      assertTrue(strongWolfe(p, p.last), "step " + p.last);
    }
    // control: the unit step itself is not acceptable on the far quadratic's curvature test or
    // the steep quartic's decrease test, so the checks above can fail
    assertFalse(strongWolfe(far, 1.0));
    assertFalse(strongWolfe(steep, 1.0));
  }

  @Test
  void aPathThatRisesEverywhereIsRefused() {
    // φ'(0) claimed negative but φ rises at every step: no step decreases φ
    Path1d rising = new Path1d(a -> a, a -> 1.0);
    assertFalse(LineSearch.search(rising, 0.0, -1.0, 1.0));
  }

  @Test
  void cubicMinimizerIsExactForACubic() {
    // φ(a) = a³ − 3a: minimiser 1, interpolated from a = 0 and a = 2
    double m = LineSearch.cubicMinimizer(0, 0, -3, 2, 2, 9);
    assertTrue(Math.abs(m - 1) < 1e-15, "" + m);
  }
}

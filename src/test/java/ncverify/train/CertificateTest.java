package ncverify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import org.junit.jupiter.api.Test;

/** The scale-free certificate: its invariances, and issue 11's failing input 1. */
class CertificateTest {
  /** Invariances are exact in exact arithmetic; double evaluation differs by round-off only. */
  static final double ROUND_OFF = 1e-10;

  private static double[] randomPoint(Setting s, long seed) {
    Random r = new Random(seed);
    double[] x = new double[new Layout(s).size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5 * r.nextGaussian();
    }
    return x;
  }

  @Test
  void invariantUnderTheRescalingSymmetryOfEveryLayer() {
    Setting s = Setting.parse("loss=ce bias=free features=free n=5,3,2 d=3 M=2 lambdaW=1e-2,3e-3 "
        + "lambdaH=2e-3");
    double[] x = randomPoint(s, 1);
    double c1 = 3.0, c2 = 0.2;
    // W_m → c_m W_m, H → H/(c1 c2); λ_m → λ_m/c_m², λ_H → λ_H (c1 c2)² (THEORY §1, M ≥ 2 form).
    Setting t = s.withLambdas(new double[] {1e-2 / (c1 * c1), 3e-3 / (c2 * c2)},
        2e-3 * c1 * c1 * c2 * c2);
    Layout l = new Layout(s);
    double[] y = x.clone();
    for (int i = l.wOffset(1); i < l.wOffset(1) + l.wSize(1); i++) y[i] *= c1;
    for (int i = l.wOffset(2); i < l.wOffset(2) + l.wSize(2); i++) y[i] *= c2;
    for (int i = l.hOffset(); i < l.hOffset() + l.hSize(); i++) y[i] /= c1 * c2;
    Objective f = new Objective(s);
    Objective g = new Objective(t);
    assertEquals(f.value(x), g.value(y), ROUND_OFF * f.value(x), "the map is a symmetry");
    double r = Certificate.residual(f, x);
    assertEquals(r, Certificate.residual(g, y), ROUND_OFF * r);
    // Negative control: the old absolute gradient norm is not invariant.
    assertTrue(Math.abs(absolute(f, x) - absolute(g, y)) > 0.01 * absolute(f, x));
  }

  @Test
  void invariantUnderMultiplyingTheObjectiveByAConstant() {
    Setting s = Setting.parse("loss=mse bias=none features=free n=4,2 d=2 M=3 lambdaW=1e-3 "
        + "lambdaH=1e-3");
    Objective f = new Objective(s);
    double[] x = randomPoint(s, 2);
    double r = Certificate.residual(f, x);
    for (double c : new double[] {1e-10, 1e-3, 1e4}) {
      assertEquals(r, Certificate.residual(scaled(f, c), x), ROUND_OFF * r, "c = " + c);
    }
  }

  /**
   * Issue 11, failing input 1: with λ = 1e-12 the old residual ‖∇f‖/max(1, |f|) called points far
   * above f* certified. L-BFGS under the new certificate ends at the predicted optimum.
   */
  @Test
  void vanishingRegularisationIsCertifiedOnlyAtTheOptimum() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=10,10,10 d=3 M=1 lambdaW=1e-12 "
        + "lambdaH=1e-12");
    Objective f = new Objective(s);
    Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
    Run run = new Lbfgs().minimize(f, 1, 0.5);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    assertEquals(p.optimalValue(), run.objective(), 1e-6 * p.optimalValue(), run.toString());
    // Negative control: the predicted point with W shrunk by 10% is well above f*, yet its
    // absolute gradient norm is below the old threshold; the new residual is far above it.
    double[] x = p.minimiser().clone();
    Layout l = new Layout(s);
    for (int i = l.wOffset(1); i < l.wOffset(1) + l.wSize(1); i++) x[i] *= 0.9;
    double fx = f.value(x);
    assertTrue(fx > 1.2 * p.optimalValue(), "f " + fx);
    assertTrue(absolute(f, x) / Math.max(1, fx) < Certificate.CERTIFIED, "old residual");
    assertTrue(Certificate.residual(f, x) > 1e6 * Certificate.CERTIFIED,
        "new residual " + Certificate.residual(f, x));
  }

  /** W = 0 with H ≠ 0 is not critical; the |f|/λ_B weight keeps it uncertified at tiny λ. */
  @Test
  void aZeroBlockIsNotWeightedByZero() {
    Setting s = Setting.parse("loss=mse bias=none features=free n=3,3 d=2 M=1 lambdaW=1e-10 "
        + "lambdaH=1e-10");
    Objective f = new Objective(s);
    double[] x = randomPoint(s, 3);
    Layout l = new Layout(s);
    for (int i = l.wOffset(1); i < l.wOffset(1) + l.wSize(1); i++) x[i] = 0;
    assertTrue(Certificate.residual(f, x) > 1e-3, "residual " + Certificate.residual(f, x));
  }

  private static double absolute(DifferentiableFunction f, double[] x) {
    double[] g = new double[f.dimension()];
    f.valueAndGradient(x, g);
    return Certificate.projectedGradientNorm(null, x, g);
  }

  /** c·f with every regulariser scaled by c (the same problem in other units). */
  private static DifferentiableFunction scaled(Objective f, double c) {
    return new DifferentiableFunction() {
      @Override public int dimension() { return f.dimension(); }
      @Override public double valueAndGradient(double[] x, double[] g) {
        double v = f.valueAndGradient(x, g);
        for (int i = 0; i < g.length; i++) g[i] *= c;
        return c * v;
      }
      @Override public List<Block> blocks() {
        return f.blocks().stream().map(b -> new Block(b.from(), b.to(), c * b.regulariser(),
            b.dimensionless())).toList();
      }
    };
  }
}

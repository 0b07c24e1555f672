package ncverify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.MseBiasFreeTheory;
import ncverify.theory.StructuredStarts;
import org.junit.jupiter.api.Test;

/** Trust-region Newton–CG, negative-curvature escape and the multi-start search. */
class SecondOrderTest {

  @Test
  void newtonFindsTheMinimiserOfAnIllConditionedQuadratic() {
    Random r = new Random(21);
    int n = 30;
    double[][] a = Quadratic.spd(n, 1e4, r);
    double[] xStar = new double[n];
    for (int i = 0; i < n; i++) {
      xStar[i] = r.nextGaussian();
    }
    Quadratic q = new Quadratic(a, Quadratic.times(a, xStar), false);
    Run run = new TrustRegionNewton().minimize(q, new double[n]);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    double fStar = -0.5 * dot(xStar, Quadratic.times(a, xStar));
    assertEquals(fStar, run.objective(), OptimizerTest.VALUE_AGREEMENT * Math.max(1, Math.abs(fStar)));
  }

  /** f(x, y) = x² − y² + y⁴/2: a saddle at the origin, minima at y = ±1 with f = −1/2. */
  static final class Saddle implements DifferentiableFunction {
    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public double valueAndGradient(double[] p, double[] g) {
      double x = p[0], y = p[1];
      g[0] = 2 * x;
      g[1] = -2 * y + 2 * y * y * y;
      return x * x - y * y + 0.5 * y * y * y * y;
    }
  }

  @Test
  void escapeLeavesASaddleButNotAMinimum() {
    Saddle f = new Saddle();
    NegativeCurvature.Direction dir = NegativeCurvature.smallest(f, new double[] {0, 0}, 1);
    assertEquals(-2, dir.curvature(), 1e-6);
    double[] out = NegativeCurvature.escape(f, new double[] {0, 0}, 1);
    assertNotNull(out);
    Run run = new TrustRegionNewton().minimize(f, out);
    assertEquals(-0.5, run.objective(), 1e-12);
    // negative control: at the minimiser there is no negative curvature to follow
    assertNull(NegativeCurvature.escape(f, new double[] {0, 1}, 1));
  }

  @Test
  void multiStartReachesTheGlobalOptimumOfADeepImbalancedSettingWhereRandomStartsStop() {
    // M = 4, strong imbalance: random starts end at partial solutions (classes dead); the
    // structured live-set starts reach the predicted global optimum, certified on the full problem.
    Setting s = Setting.parse("loss=mse bias=none features=free n=60,60,6,6 d=6 M=4 "
        + "lambdaW=5e-3 lambdaH=5e-3");
    double fStar = new MseBiasFreeTheory().predict(s).optimalValue();
    CertifiedSearch search = new CertifiedSearch(s);
    MultiStart ms = new MultiStart(search);
    List<MultiStart.Candidate> rays = ms.rays(StructuredStarts.rays(search.reduction().reduced(),
        s.counts()), 1);
    MultiStart.Candidate best = MultiStart.lowestCertified(rays, Certificate.CERTIFIED).orElseThrow();
    assertEquals(fStar, best.run().objective(), 1e-10 * Math.max(1, fStar), best.toString());
    assertTrue(Certificate.residual(new Objective(s), best.run().x()) <= Certificate.CERTIFIED);
    // negative control: not every structured start is global (the comparison is what selects)
    assertTrue(rays.stream().anyMatch(c -> c.run().certified(Certificate.CERTIFIED)
        && c.run().objective() > fStar + 1e-6));
  }

  private static double dot(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += a[i] * b[i];
    }
    return acc;
  }
}

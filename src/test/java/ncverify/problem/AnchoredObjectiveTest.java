package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import ncverify.theory.Theories;
import ncverify.train.Certificate;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import ncverify.train.Termination;
import org.junit.jupiter.api.Test;

/**
 * The anchored MSE objective is the same function as {@link Objective} (value and gradient at
 * x₀ + δ), re-centring is an exact translation, and at vanishing λ it is what makes certification
 * possible (negative control: the plain objective stalls at its round-off floor ~ε/λ).
 */
class AnchoredObjectiveTest {
  /** Sums of ≤ K·N·d products of O(1) terms, no cancellation at a generic point: 1e-12 relative. */
  static final double AGREEMENT = 1e-12;

  static final String[] SETTINGS = {
      "loss=mse bias=none features=free n=5,3,1 d=4 M=3 lambdaW=0.01 lambdaH=0.02",
      "loss=mse bias=free features=free n=2,6,3,1 d=5 M=2 lambdaW=0.01,0.03 lambdaH=0.02",
      "loss=mse bias=regularized features=free n=4,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.02 lambdaB=0.1",
  };

  @Test
  void sameValueAndGradientAsTheObjective() {
    Random random = new Random(7);
    for (String text : SETTINGS) {
      Setting s = Setting.parse(text);
      Objective f = new Objective(s);
      double[] x0 = gaussian(f.dimension(), random, 0.7);
      double[] delta = gaussian(f.dimension(), random, 0.05);
      AnchoredObjective a = AnchoredObjective.forced(s, x0);
      double[] ga = new double[f.dimension()];
      double[] gf = new double[f.dimension()];
      double va = a.valueAndGradient(delta, ga);
      double vf = f.valueAndGradient(a.point(delta), gf);
      assertEquals(vf, va, AGREEMENT * Math.abs(vf), text);
      double diff = 0, norm = 0;
      for (int i = 0; i < ga.length; i++) {
        diff += (ga[i] - gf[i]) * (ga[i] - gf[i]);
        norm += gf[i] * gf[i];
      }
      assertTrue(Math.sqrt(diff / norm) <= AGREEMENT, text + ": gradient gap " + Math.sqrt(diff / norm));
    }
  }

  @Test
  void recentringIsAnExactTranslation() {
    Setting s = Setting.parse(SETTINGS[0]);
    Random random = new Random(8);
    double[] x0 = gaussian(new Layout(s).size(), random, 1.0);
    double[] delta = gaussian(x0.length, random, 1e-9);
    DifferentiableFunction.Recentred rc = AnchoredObjective.forced(s, x0).recentre(delta);
    double[] x1 = rc.function().point(new double[x0.length]);
    for (int i = 0; i < x0.length; i++) {
      BigDecimal before = new BigDecimal(x0[i]).add(new BigDecimal(delta[i]));
      BigDecimal after = new BigDecimal(x1[i]).add(new BigDecimal(rc.x()[i]));
      assertEquals(0, before.compareTo(after), "coordinate " + i);
    }
  }

  @Test
  void usedOnlyWhereTheResidualCancels() {
    Setting s = Setting.parse(SETTINGS[0]);
    assertNull(new Objective(s).recentre(new double[new Layout(s).size()]), "R = −Y at the origin");
    Setting tiny = Setting.parse(VANISHING);
    double[] xStar = Theories.forSetting(tiny).orElseThrow().predict(tiny).minimiser();
    assertNotNull(new Objective(tiny).recentre(xStar));
    Setting ce = Setting.parse("loss=ce bias=none features=free n=3,2 d=2 M=1 lambdaW=1e-12 lambdaH=1e-12");
    assertNull(AnchoredObjective.at(ce, new double[new Layout(ce).size()]));
  }

  static final String VANISHING =
      "loss=mse bias=none features=free n=3,2 d=2 M=1 lambdaW=1e-12 lambdaH=1e-12";

  /**
   * From the predicted optimum at λ = 1e-12, L-BFGS certifies (residual ≤ 1e-9) on the objective,
   * which re-centres; on the same objective with re-centring hidden it cannot: its residual stays
   * at the round-off floor ~ε/λ.
   */
  @Test
  void certifiesAtVanishingLambdaAndThePlainObjectiveCannot() {
    Setting s = Setting.parse(VANISHING);
    double[] xStar = Theories.forSetting(s).orElseThrow().predict(s).minimiser();
    Lbfgs lbfgs = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(2_000));
    Run anchored = lbfgs.minimize(new Objective(s), xStar);
    assertEquals(Termination.CONVERGED, anchored.termination(), anchored.toString());
    Objective plain = new Objective(s);
    DifferentiableFunction hidden = new DifferentiableFunction() {
      @Override public int dimension() { return plain.dimension(); }
      @Override public double valueAndGradient(double[] x, double[] g) { return plain.valueAndGradient(x, g); }
      @Override public java.util.List<Block> blocks() { return plain.blocks(); }
    };
    Run stuck = lbfgs.minimize(hidden, xStar);
    assertTrue(stuck.residual() > Certificate.CERTIFIED, "plain residual " + stuck.residual());
  }

  private static double[] gaussian(int n, Random random, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale * random.nextGaussian();
    }
    return x;
  }
}

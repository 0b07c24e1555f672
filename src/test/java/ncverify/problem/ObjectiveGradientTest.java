package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analytic gradient of {@link Objective} against central finite differences, on random
 * settings (every loss × bias × features, depth 1..4) at random points.
 */
class ObjectiveGradientTest {

  /** Random settings per property; scaled by -Dncverify.tries (1 by default, 20 with -Pdeep). */
  static final int EXAMPLES = 40 * Integer.getInteger("ncverify.tries", 1);

  /**
   * Central-difference step. The truncation error is ~h²|f'''|/6 ≈ 1e-12·|f'''| and the rounding
   * error ~ε|f|/h ≈ 2e-10·|f| (ε = 2.2e-16); h = 1e-6 balances the two for |f|, |f'''| = O(1…100).
   */
  static final double STEP = 1e-6;

  /**
   * Allowed |finite difference − analytic| relative to max(1, |f|, |∂_i f|): the two error terms
   * above sum to below ~1e-8 for these small problems, so 1e-6 leaves room for worse-conditioned
   * random points while a wrong term (a missing λ‖·‖² derivative is ≥ 1e-3·|x_i|) is orders of
   * magnitude larger.
   */
  static final double TOLERANCE = 1e-6;

  /** Random point: N(0, 0.5²) entries (|·| on a non-negative range, like a feasible iterate). */
  static double[] point(DifferentiableFunction f, long seed) {
    Random r = new Random(seed);
    double[] x = new double[f.dimension()];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5 * r.nextGaussian();
    }
    int[] nn = f.nonnegativeRange();
    if (nn != null) {
      for (int i = nn[0]; i < nn[1]; i++) {
        x[i] = Math.abs(x[i]);
      }
    }
    return x;
  }

  /** max_i |FD_i − g_i| / max(1, |f|, |g_i|) over every coordinate. */
  static double worstError(DifferentiableFunction f, double[] x) {
    double[] g = new double[x.length];
    double value = f.valueAndGradient(x, g);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double keep = x[i];
      x[i] = keep + STEP;
      double up = f.value(x);
      x[i] = keep - STEP;
      double down = f.value(x);
      x[i] = keep;
      double fd = (up - down) / (2 * STEP);
      double scale = Math.max(1.0, Math.max(Math.abs(value), Math.abs(g[i])));
      worst = Math.max(worst, Math.abs(fd - g[i]) / scale);
    }
    return worst;
  }

  @Test
  void analyticGradientMatchesCentralDifferences() {
    qt().withFixedSeed(20261123L).withExamples(EXAMPLES)
        .forAll(SettingGen.settings(), longs().all())
        .checkAssert((setting, seed) -> {
          Objective f = new Objective(setting);
          double worst = worstError(f, point(f, seed));
          assertTrue(worst < TOLERANCE, setting + " seed " + seed + ": worst error " + worst);
        });
  }

  /** A deliberately wrong gradient: the objective with the λ_H‖H‖²/2 term's derivative dropped. */
  static final class DropsFeatureDecay implements DifferentiableFunction {
    final Objective f;
    final Layout layout;

    DropsFeatureDecay(Objective f) {
      this.f = f;
      this.layout = f.layout();
    }

    @Override public int dimension() { return f.dimension(); }

    @Override public int[] nonnegativeRange() { return f.nonnegativeRange(); }

    @Override public double value(double[] x) { return f.value(x); }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
      double v = f.valueAndGradient(x, gradient);
      for (int i = layout.hOffset(); i < layout.hOffset() + layout.hSize(); i++) {
        gradient[i] -= f.setting().lambdaH() * x[i];
      }
      return v;
    }
  }

  @Test
  void negativeControlWrongGradientFailsTheSameCheck() {
    qt().withFixedSeed(20261123L).withExamples(EXAMPLES)
        .forAll(SettingGen.settings(), longs().all())
        .checkAssert((setting, seed) -> {
          DropsFeatureDecay wrong = new DropsFeatureDecay(new Objective(setting));
          double worst = worstError(wrong, point(wrong, seed));
          assertTrue(worst >= TOLERANCE, setting + " seed " + seed
              + ": the wrong gradient passed the check (worst error " + worst + ")");
        });
  }

  /**
   * FLOAT storage (used only for speed measurements) must compute the same function: relative
   * agreement with DOUBLE to 1e-4, a few float epsilons (1.2e-7) times the ~10³ accumulated terms.
   */
  static final double FLOAT_AGREEMENT = 1e-4;

  @Test
  void floatStorageComputesTheSameValueAndGradient() {
    qt().withFixedSeed(5L).withExamples(EXAMPLES / 4)
        .forAll(SettingGen.settings(), longs().all())
        .checkAssert((setting, seed) -> {
          Objective d = new Objective(setting);
          Objective f = new Objective(setting, org.nd4j.linalg.api.buffer.DataType.FLOAT);
          double[] x = point(d, seed);
          double[] gd = new double[x.length];
          double[] gf = new double[x.length];
          double vd = d.valueAndGradient(x, gd);
          double vf = f.valueAndGradient(x, gf);
          assertTrue(Math.abs(vd - vf) <= FLOAT_AGREEMENT * Math.max(1, Math.abs(vd)), setting + ": " + vd + " vs " + vf);
          double scale = 1;
          for (double v : gd) {
            scale = Math.max(scale, Math.abs(v));
          }
          for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(gd[i] - gf[i]) <= FLOAT_AGREEMENT * scale, setting + " coordinate " + i);
          }
        });
  }

  @Test
  void negativeControlFloatComparisonSeesADifferentFunction() {
    Setting s = Setting.parse("loss=ce bias=free features=free n=3,2,2 d=3 M=2 lambdaW=0.01 lambdaH=0.02");
    Objective d = new Objective(s);
    Objective f = new Objective(s.withLambdas(s.lambdaW(), 2 * s.lambdaH()),
        org.nd4j.linalg.api.buffer.DataType.FLOAT);
    double[] x = point(d, 1);
    double vd = d.value(x);
    assertTrue(Math.abs(vd - f.value(x)) > FLOAT_AGREEMENT * Math.max(1, Math.abs(vd)));
  }
}

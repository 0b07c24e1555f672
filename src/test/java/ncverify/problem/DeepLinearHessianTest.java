package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact Hessian–vector products of the deep linear objectives against central differences of
 * the analytic gradient, with controls: the product of a setting with another λ_H, and of the
 * other loss, must disagree with the same differences.
 */
class DeepLinearHessianTest {
  /**
   * Central differences with step {@link #STEP} have truncation ~ε²‖∇³f‖ ≈ 1e-10 and rounding
   * ~1e-16/ε ≈ 1e-11 relative here; 1e-7 leaves room for larger third derivatives.
   */
  static final double DIFFERENCE_AGREEMENT = 1e-7;
  static final double STEP = 1e-5;
  /** Symmetry uᵀHv = vᵀHu holds to rounding of sums of ~dimension products. */
  static final double SYMMETRY = 1e-12;
  /** A control must miss by far more than the agreement tolerance. */
  static final double CONTROL_MISS = 1e-4;

  static final List<String> SETTINGS = List.of(
      "loss=mse bias=none features=free n=3,2,2 d=4 M=1 lambdaW=1e-2 lambdaH=2e-2",
      "loss=mse bias=free features=free n=4,2,1 d=3 M=3 lambdaW=1e-2,2e-2,3e-2 lambdaH=1e-2",
      "loss=ce bias=none features=free n=2,2,3,1 d=5 M=2 lambdaW=5e-3 lambdaH=5e-3",
      "loss=ce bias=regularized features=nonneg n=3,1,2 d=4 M=2 widths=5 lambdaW=1e-2 lambdaH=1e-2 lambdaB=3e-2");

  @Test
  void exactProductsMatchDifferencesOnFullAndClassMeanProblems() {
    Random random = new Random(16);
    for (String text : SETTINGS) {
      Setting s = Setting.parse(text);
      for (Objective f : List.of(new Objective(s), ClassMeans.of(s).objective())) {
        for (int trial = 0; trial < 3; trial++) {
          double[] x = gaussian(random, f.dimension(), 0.7);
          double[] v = gaussian(random, f.dimension(), 1.0);
          double[] u = gaussian(random, f.dimension(), 1.0);
          double[] hv = new double[f.dimension()];
          double[] hu = new double[f.dimension()];
          assertTrue(f.hessianVector(x, v, hv), text);
          assertTrue(f.hessianVector(x, u, hu), text);
          double[] fd = differences(f, x, v);
          assertTrue(distance(hv, fd) <= DIFFERENCE_AGREEMENT * norm(fd),
              text + ": |exact - differences| = " + distance(hv, fd) + " vs |Hv| " + norm(fd));
          double uHv = dot(u, hv), vHu = dot(v, hu);
          assertTrue(Math.abs(uHv - vHu) <= SYMMETRY * (norm(u) * norm(hv) + norm(v) * norm(hu)),
              text + ": uHv " + uHv + " vHu " + vHu);

          // controls: the same check on a wrong product fails
          Setting wrongLambda = Setting.parse(text.replaceFirst("lambdaH=[^ ]*", "lambdaH=0.5"));
          String otherLoss = text.startsWith("loss=mse") ? text.replaceFirst("loss=mse", "loss=ce")
              : text.replaceFirst("loss=ce", "loss=mse");
          for (Setting wrong : List.of(wrongLambda, Setting.parse(otherLoss))) {
            Objective g = sameKind(f, s, wrong);
            double[] bad = new double[f.dimension()];
            assertTrue(g.hessianVector(x, v, bad));
            assertTrue(distance(bad, fd) > CONTROL_MISS * norm(fd), text + " control " + wrong);
          }
        }
      }
    }
  }

  @Test
  void headsWithoutAnExactProductSayNo() {
    for (String text : List.of(
        "loss=ce bias=none features=free n=2,2 d=3 M=2 lambdaW=1e-2 lambdaH=1e-2 activation=relu",
        "loss=ls smoothing=0.1 bias=none features=free n=2,2 d=3 M=1 lambdaW=1e-2 lambdaH=1e-2")) {
      Objective f = new Objective(Setting.parse(text));
      assertFalse(f.hessianVector(new double[f.dimension()], new double[f.dimension()],
          new double[f.dimension()]), text);
    }
  }

  /** The full or class-mean objective of {@code wrong}, as f is of {@code s}. */
  private static Objective sameKind(Objective f, Setting s, Setting wrong) {
    return f.setting().N() == s.N() ? new Objective(wrong) : ClassMeans.of(wrong).objective();
  }

  /** (∇f(x + εv) − ∇f(x − εv)) / 2ε. */
  private static double[] differences(Objective f, double[] x, double[] v) {
    int n = x.length;
    double[] plus = new double[n], minus = new double[n], gp = new double[n], gm = new double[n];
    for (int i = 0; i < n; i++) {
      plus[i] = x[i] + STEP * v[i];
      minus[i] = x[i] - STEP * v[i];
    }
    f.valueAndGradient(plus, gp);
    f.valueAndGradient(minus, gm);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = (gp[i] - gm[i]) / (2 * STEP);
    }
    return out;
  }

  private static double[] gaussian(Random r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += a[i] * b[i];
    }
    return acc;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double distance(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(acc);
  }
}

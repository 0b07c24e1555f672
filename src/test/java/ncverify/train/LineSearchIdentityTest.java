package ncverify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.ForwardingFunction;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/**
 * Extracting the line search from {@link Lbfgs} into {@link LineSearch} changed no bit: on fixed
 * problems (unconstrained deep MSE, CE with non-negative features on the projected path, MSE at
 * vanishing λ with re-centring) the sequence of every point at which L-BFGS evaluated the
 * objective (iterates and line-search trials), with the values there, has the fingerprint it had
 * before the extraction. The fingerprints were recorded by this test's {@link #fingerprint} on the
 * code before the change (commit 632e755, where the search was inside {@code Lbfgs}); any change
 * of one trial step, one iterate bit or the number of evaluations changes them.
 */
class LineSearchIdentityTest {
  private static final List<String> SETTINGS = List.of(
      "loss=mse bias=none features=free n=5,3,2,1 d=4 M=3 lambdaW=0.01 lambdaH=0.01",
      "loss=ce bias=none features=nonneg n=4,3,2 d=4 M=1 lambdaW=0.01 lambdaH=0.01",
      "loss=mse bias=free features=free n=3,2 d=3 M=1 lambdaW=1e-9 lambdaH=1e-9");

  /** Recorded on the code before the extraction (see the class comment). */
  private static final List<String> RECORDED = List.of(
      "9c45a6386f85d37d/99 evaluations, 93 iterations, CONVERGED, f=0x1.9340771ebe13ep-4",
      "aa90ee59e3fdc899/41 evaluations, 39 iterations, CONVERGED, f=0x1.9fc83b6721ccfp-3",
      "7e97646787a82ca7/10840 evaluations, 9039 iterations, CONVERGED, f=0x1.a9d6ca1f64be7p-30");

  @Test
  void lbfgsEvaluatesTheSamePointsToTheBit() {
    assertEquals(RECORDED, SETTINGS.stream().map(LineSearchIdentityTest::fingerprint).toList());
  }

  /** Negative control: one ulp at the start changes the fingerprint (it sees every bit). */
  @Test
  void aOneUlpChangeOfTheStartChangesTheFingerprint() {
    Objective f = new Objective(Setting.parse(SETTINGS.get(0)));
    double[] x0 = Initializer.start(f, 1, 0.5);
    String plain = fingerprint(f, x0.clone());
    x0[3] = Math.nextUp(x0[3]);
    assertEquals(false, plain.equals(fingerprint(f, x0)));
  }

  static String fingerprint(String setting) {
    Objective f = new Objective(Setting.parse(setting));
    return fingerprint(f, Initializer.start(f, 1, 0.5));
  }

  private static String fingerprint(DifferentiableFunction f, double[] x0) {
    Recording r = new Recording(f, new long[2]);
    Run run = new Lbfgs().minimize(r, x0);
    return Long.toHexString(r.hash[0]) + "/" + r.hash[1] + " evaluations, " + run.iterations()
        + " iterations, " + run.termination() + ", f=" + Double.toHexString(run.objective());
  }

  /** Passes every call on to {@code f}, hashing every evaluated point and value into {@code hash}. */
  private static final class Recording extends ForwardingFunction {
    final long[] hash;

    Recording(DifferentiableFunction f, long[] hash) {
      super(f);
      this.hash = hash;
    }

    @Override
    protected DifferentiableFunction wrap(DifferentiableFunction other) {
      return new Recording(other, hash);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
      double v = f.valueAndGradient(x, gradient);
      long h = hash[0];
      for (double e : x) {
        h = h * 31 + Double.doubleToLongBits(e);
      }
      hash[0] = h * 31 + Double.doubleToLongBits(v);
      hash[1]++;
      return v;
    }
  }
}

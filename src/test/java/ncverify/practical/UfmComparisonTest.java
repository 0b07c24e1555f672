package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/**
 * The practical checks applied to the theory's own minimiser must pass (positive control), and to
 * a wrong point must fail (negative control). This exercises the measure and theory adapters.
 */
class UfmComparisonTest {
  private static Snapshot snapshotOf(Setting s, double[] x, double objective) {
    Layout layout = new Layout(s);
    double[][] h = layout.hMatrix(x);
    double[][] w = layout.product(x);
    double[][] z = new double[w.length][h[0].length];
    for (int k = 0; k < w.length; k++) {
      for (int i = 0; i < h[0].length; i++) {
        for (int r = 0; r < h.length; r++) {
          z[k][i] += w[k][r] * h[r][i];
        }
      }
    }
    double[][][] ws = new double[s.depth()][][];
    for (int m = 1; m <= s.depth(); m++) {
      ws[m - 1] = layout.wMatrix(x, m);
    }
        return new Snapshot(10, h, z, ws, null, s.labels(), s.counts(), Double.NaN, objective, 0.0);
  }

  private static List<PracticalVerdict> judge(Setting s, double[] x) {
    return judge(s, x, new ncverify.problem.Objective(s).value(x));
  }

  /** Judges x as if its objective were {@code objective} (to test checks behind the gate). */
  private static List<PracticalVerdict> judge(Setting s, double[] x, double objective) {
    UfmPrediction p = UfmPrediction.of(s).orElseThrow();
    double nan = Double.NaN;
    List<EpochRecord> history = List.of(
        new EpochRecord(0, 0.9, 1, 1, 10.0, nan, nan, nan, nan, nan, nan, nan, nan),
        EpochRecord.of(snapshotOf(s, x, objective), NcMeasures.of(snapshotOf(s, x, objective))));
    return Verdicts.judge(history, s.counts(), NcMeasures.of(snapshotOf(s, x, objective)), java.util.Optional.of(p),
        p.theory());
  }

  @Test
  void theP2MinimiserPassesEveryCheckAndASwappedOneFails() {
    Setting s = Setting.parse("loss=ce bias=none features=nonneg n=10,10,20,20,40 d=6 M=1 "
        + "lambdaW=1e-3 lambdaH=1e-4");
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    for (PracticalVerdict v : judge(s, x)) {
      assertEquals(Outcome.PASS, v.outcome(), v.name() + ": " + v.measured() + " " + v.note());
    }
    // negative control: give every sample the same feature vector (no class structure)
    double[] wrong = x.clone();
    Layout layout = new Layout(s);
    double[][] h = layout.hMatrix(x);
    for (double[] row : h) {
      double mean = java.util.Arrays.stream(row).average().orElse(0);
      java.util.Arrays.fill(row, mean);
    }
    layout.setH(wrong, h);
    List<PracticalVerdict> bad = judge(s, wrong);
    // its objective is far from f*: the gate holds every geometry check back
    assertTrue(bad.stream().filter(v -> v.outcome() == Outcome.INCONCLUSIVE).count() >= 5, "" + bad);
    // behind the gate (pretending its objective were f*), the geometry checks themselves fail
    List<PracticalVerdict> ungated = judge(s, wrong, p(s).optimalValue());
    long failed = ungated.stream().filter(v -> v.outcome() == Outcome.FAIL).count();
    assertTrue(failed >= 3, "a structureless point should fail several checks: " + ungated);
  }

  private static ncverify.theory.Prediction p(Setting s) {
    return UfmPrediction.of(s).orElseThrow().prediction();
  }

  @Test
  void theGateIsInconclusiveAboveAndFailsBelowTheOptimum() {
    assertEquals(Outcome.PASS, Verdicts.convergence(1.05, 1.0).outcome());
    assertEquals(Outcome.INCONCLUSIVE, Verdicts.convergence(1.2, 1.0).outcome());
    assertEquals(Outcome.FAIL, Verdicts.convergence(0.99, 1.0).outcome());
  }

  @Test
  void mseWithNonNegativeFeaturesUsesTheFreeFeatureOrthogonalFrame() {
    Setting s = Setting.parse("loss=mse bias=none features=nonneg n=10,10,10,10 d=6 M=1 "
        + "lambdaW=1e-3 lambdaH=1e-3");
    UfmPrediction p = UfmPrediction.of(s).orElseThrow();
    assertTrue(p.theory().contains("H >= 0"), p.theory());
    // with a bias the argument fails and the setting stays uncovered
    Setting withBias = Setting.parse("loss=mse bias=free features=nonneg n=10,10,10,10 d=6 M=1 "
        + "lambdaW=1e-3 lambdaH=1e-3");
    assertTrue(UfmPrediction.of(withBias).isEmpty());
  }
}

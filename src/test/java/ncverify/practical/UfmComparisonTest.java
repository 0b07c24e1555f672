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
  private static Snapshot snapshotOf(Setting s, double[] x) {
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
    double objective = new ncverify.problem.Objective(s).value(x);
    return new Snapshot(10, h, z, ws, null, s.labels(), s.counts(), Double.NaN, objective, 0.0);
  }

  private static List<PracticalVerdict> judge(Setting s, double[] x) {
    UfmPrediction p = UfmPrediction.of(s).orElseThrow();
    double nan = Double.NaN;
    List<EpochRecord> history = List.of(
        new EpochRecord(0, 0.9, 1, 1, 10.0, nan, nan, nan, nan, nan, nan, nan, nan),
        EpochRecord.of(snapshotOf(s, x), NcMeasures.of(snapshotOf(s, x))));
    return Verdicts.judge(history, s.counts(), NcMeasures.of(snapshotOf(s, x)), java.util.Optional.of(p),
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
    long failed = bad.stream().filter(v -> v.outcome() == Outcome.FAIL).count();
    assertTrue(failed >= 3, "a structureless point should fail several checks: " + bad);
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

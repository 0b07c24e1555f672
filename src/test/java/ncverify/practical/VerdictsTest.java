package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static EpochRecord row(int epoch, double error, double nc1) {
    double nan = Double.NaN;
    return new EpochRecord(epoch, error, 1, 1, nc1, nan, nan, nan, nan, nan, nan, nan, nan);
  }

  @Test
  void nc1DropNeedsTwoOrdersOfMagnitude() {
    assertEquals(Outcome.PASS,
        Verdicts.nc1Drop(List.of(row(0, 0.9, 5.0), row(9, 0, 0.04)), null).outcome());
    // negative control: a tenfold drop is not enough
    assertEquals(Outcome.FAIL,
        Verdicts.nc1Drop(List.of(row(0, 0.9, 5.0), row(9, 0, 0.5)), null).outcome());
    assertEquals(Outcome.INCONCLUSIVE,
        Verdicts.nc1Drop(List.of(row(0, 0.9, 5.0), row(9, 0.3, 0.04)), "not fitted").outcome());
  }

  @Test
  void orderingUsesKendallTauAndEqualityForEqualPredictions() {
    double[] predicted = {1, 1, 2, 2, 3, 3};
    assertEquals(Outcome.PASS,
        Verdicts.ordering("o", new double[] {0.1, 0.2, 0.5, 0.4, 0.9, 1.0}, predicted, null).outcome());
    // negative control: the reversed order fails
    assertEquals(Outcome.FAIL,
        Verdicts.ordering("o", new double[] {1.0, 0.9, 0.5, 0.4, 0.2, 0.1}, predicted, null).outcome());
    double[] equal = {2, 2, 2, 2};
    assertEquals(Outcome.PASS,
        Verdicts.ordering("o", new double[] {1.0, 1.05, 0.97, 1.0}, equal, null).outcome());
    assertEquals(Outcome.FAIL,
        Verdicts.ordering("o", new double[] {1.0, 2.0, 0.5, 1.0}, equal, null).outcome());
    assertEquals(Outcome.INCONCLUSIVE, Verdicts.ordering("o", new double[] {1, 2},
        new double[] {Double.NaN, 1}, null).outcome());
  }

  @Test
  void everythingIsInconclusiveWithoutTheTerminalPhase() {
    Snapshot s = new Snapshot(9, new double[][] {{1, 1.1, 0, 0}, {0, 0, 2, 2.1}},
        new double[][] {{1, 1, -1, -1}, {-1, -1, 1, 1}}, new double[][][] {{{1, -1}, {-1, 1}}},
        null, new int[] {0, 0, 1, 1}, new int[] {2, 2}, 0.1, 0.1, 0.2);
    List<PracticalVerdict> v = Verdicts.judge(List.of(row(0, 0.9, 5.0), row(9, 0.2, 0.001)),
        new int[] {2, 2}, NcMeasures.of(s), Optional.empty(), "no theory");
    // under-trained is not a failure of the theory: INCONCLUSIVE, and the run does not fail
    assertEquals(Outcome.INCONCLUSIVE, v.get(0).outcome());
    assertTrue(v.get(0).note().startsWith("training error 0.2 > 0.01"), v.get(0).note());
    for (PracticalVerdict x : v.subList(1, v.size())) {
      assertEquals(Outcome.INCONCLUSIVE, x.outcome(), x.name());
    }
    assertFalse(Verdicts.failed(v));
    // control: one judged FAIL fails the run
    List<PracticalVerdict> withFail = new java.util.ArrayList<>(v);
    withFail.add(Verdicts.nc1Drop(List.of(row(0, 0.9, 5.0), row(9, 0, 0.5)), null));
    assertTrue(Verdicts.failed(withFail));
  }

  /** JSON reports write an undefined metric as "NaN" (as Jackson does for train/measure), not null. */
  @Test
  void jsonNumbersKeepUndefinedAsNaN() {
    assertEquals("NaN", PracticalReport.num(Double.NaN));
    assertEquals("Infinity", PracticalReport.num(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", PracticalReport.num(Double.NEGATIVE_INFINITY));
    assertEquals(1.5, PracticalReport.num(1.5)); // control: finite numbers stay numbers
  }
}

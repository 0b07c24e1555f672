package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import ncverify.claim.TheoryClaim;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.measure.Matrices;
import ncverify.measure.Nc2;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * What every claim's property test checks: the claim's verdict over generated settings (with
 * shrinking), and five negative controls on a fixed setting of its domain with live classes,
 * each a deliberately wrong prediction that the verifier must REFUTE:
 * <ul>
 *   <li>a class length off by 5% (value recomputed): the predicted point is not stationary;</li>
 *   <li>the optimal value off by 0.1%: inconsistent with the predicted point;</li>
 *   <li>the largest class claimed to collapse: the collapsed set does not match;</li>
 *   <li>the wrong geometry (an ETF where an orthogonal frame is predicted, or vice versa), with
 *       the true minimiser: the structure does not match at a certified optimum;</li>
 *   <li>the collapsed origin claimed as the global minimiser: a lower point exists.</li>
 * </ul>
 */
abstract class ClaimContract {
  private final TheoryClaim claim;
  private final Setting controlSetting;
  private final Verdict expected;

  /**
   * The expected verdict is the claim's recorded {@link ncverify.claim.Finding}; the negative
   * controls run on the claim's control setting (a setting of its domain with a live class).
   */
  ClaimContract(String id) {
    this.claim = ClaimHarness.claim(id);
    this.controlSetting = claim.controlSetting().orElseThrow();
    this.expected = claim.finding().orElseThrow().verdict();
  }

  TheoryClaim claim() {
    return claim;
  }

  @Test
  void verdictOnGeneratedSettings() {
    ClaimHarness.assertVerdict(expected, ClaimHarness.judge(claim));
  }

  @Test
  void negativeControlPerturbedLengthIsRefuted() {
    Prediction p = livePrediction();
    int k = largestClass(p);
    SettingOutcome o = ClaimHarness.judge(claim, ClaimHarness.perturbedLength(p, k, 1.05));
    ClaimHarness.assertRefuted(o, "NOT_STATIONARY");
  }

  @Test
  void negativeControlWrongValueIsRefuted() {
    SettingOutcome o = ClaimHarness.judge(claim, ClaimHarness.wrongValue(livePrediction(), 1e-3));
    ClaimHarness.assertRefuted(o, "INCONSISTENT_VALUE");
  }

  @Test
  void negativeControlWrongCollapsedSetIsRefuted() {
    Prediction p = livePrediction();
    SettingOutcome o = ClaimHarness.judge(claim, ClaimHarness.wrongCollapsedSet(p, largestClass(p)));
    ClaimHarness.assertRefuted(o, "STRUCTURE_MISMATCH");
  }

  @Test
  void negativeControlWrongGeometryIsRefuted() {
    // Only claims that state the Gram matrices can be wrong about them (not a ReLU head, whose
    // first-layer factors are not determined: Check.W_GRAM).
    Prediction p = livePrediction();
    org.junit.jupiter.api.Assumptions.assumeTrue(claim.checks().contains(ncverify.claim.Check.W_GRAM)
        && ncverify.claim.Check.W_GRAM.appliesTo().test(p));
    int k = p.setting().K();
    double[][] shape = isDiagonal(p.wGram()) ? Nc2.etfShape(k) : Matrices.identity(k);
    SettingOutcome o = ClaimHarness.judge(claim, ClaimHarness.wrongGrams(p, shape));
    ClaimHarness.assertRefuted(o, "STRUCTURE_MISMATCH");
  }

  @Test
  void negativeControlCollapsedOriginIsRefuted() {
    SettingOutcome o = ClaimHarness.judge(claim, ClaimHarness.everythingCollapsed(livePrediction()));
    assertEquals(Verdict.REFUTED, o.verdict(), o.reason());
    // With a free bias the origin is not even stationary; without, a lower point exists.
    assertTrue(Set.of("LOWER_OBJECTIVE", "NOT_STATIONARY").contains(o.counterexample().kind().name()),
        o.reason());
  }

  private Prediction livePrediction() {
    Prediction p = ClaimHarness.predict(claim, controlSetting);
    assertTrue(p.collapsed().length < p.setting().K(), "control setting must have a live class: "
        + controlSetting);
    return p;
  }

  private static int largestClass(Prediction p) {
    double[] h = p.hNormSq();
    int best = 0;
    for (int k = 1; k < h.length; k++) {
      best = h[k] > h[best] ? k : best;
    }
    return best;
  }

  private static boolean isDiagonal(double[][] g) {
    double off = 0, on = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g.length; j++) {
        if (i == j) {
          on += Math.abs(g[i][j]);
        } else {
          off += Math.abs(g[i][j]);
        }
      }
    }
    return off <= 1e-9 * Math.max(on, 1e-300);
  }
}

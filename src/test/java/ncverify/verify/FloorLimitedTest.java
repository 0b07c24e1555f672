package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import ncverify.claim.Counterexample;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.train.Certificate;
import org.junit.jupiter.api.Test;

/**
 * The tiny-λ rules of the evidence rule (issue 11, the -Psoundness time target): where the
 * round-off floor decides a setting up front, rule (b)'s descent runs only when the predicted
 * point's residual exceeds its computation bound by {@link Tolerances#RULE_B_MARGIN}; where rule
 * (b)'s descent ends at f* uncertified (the floor-limited signature), a floor above
 * {@link Tolerances#FLOOR_LIMITED_FLOOR} × the tolerance decides the setting INCONCLUSIVE before
 * the competitor search. Negative controls: a visibly wrong prediction at the same settings is
 * still REFUTED by rule (b), and settings a normal run certifies are not decided.
 */
class FloorLimitedTest {
  private static final TheoryClaim NONNEG = Catalogue.byId("mse-nonneg-features").orElseThrow();
  private static final TheoryClaim RELU_BINARY = Catalogue.byId("sukenik-relu-dnc-binary").orElseThrow();

  /** The sweep's effort (one restart, 2 000 iterations): the soundness data were measured with it. */
  private static final Effort SWEEP = new Effort(List.of(1.0), 1, true, 2_000, false);

  /** Decided by the floor alone: λ = 1e-12 with H ≥ 0, floor ~1e-4 (UncertifiableFloorTest). */
  private static final Setting TINY = Setting.parse(
      "loss=mse bias=none features=nonneg n=2,2 d=2 M=1 lambdaW=1e-12 lambdaH=1e-12");

  /**
   * The floor-limited signature (complete -Psoundness run on a078f1c, mse-nonneg-features setting
   * 411: INCONCLUSIVE "no independent certified run reached the predicted value", 1.37 s CPU):
   * floor ~8e-8 (80 × the tolerance, below the factor 100), rule (b)'s descent ends at f*
   * uncertified at ~1.2e-7.
   */
  private static final Setting SIGNATURE = Setting.parse(
      "loss=mse bias=none features=nonneg n=9,9 d=2 M=1 lambdaW=1e-9 lambdaH=1e-11");

  @Test
  void whereTheFloorDecidesACorrectPredictionIsNotDescendedFrom() {
    Prediction p = NONNEG.predict(TINY).orElseThrow();
    Objective f = new Objective(TINY);
    double floor = Certificate.roundOffFloor(f, p.minimiser());
    double rHat = Certificate.residual(f, p.minimiser());
    assertTrue(rHat > Tolerances.PREDICTED_STATIONARITY.value(), "residual " + rHat);
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, TINY, 1L);
    assertEquals(Verdict.INCONCLUSIVE, o.verdict());
    assertTrue(o.reason().startsWith(Verifier.uncertifiableReason(floor, p.optimalValue(),
        Tolerances.CERTIFIED.value())), o.reason());
    assertTrue(o.reason().contains(Verifier.withinComputationBound(rHat, floor)), o.reason());
    assertEquals(0, o.runs(), "no descent, no search");
  }

  @Test
  void whereTheFloorDecidesAVisiblyWrongPredictionIsStillRefuted() {
    // Control: class 0's features 0.1% longer, f* recomputed to match: only stationarity can tell.
    Prediction p = perturbedLength(NONNEG.predict(TINY).orElseThrow(), 1.001);
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, p, 1L);
    assertEquals(Verdict.REFUTED, o.verdict(), o.reason());
    assertEquals(Counterexample.Kind.NOT_STATIONARY, o.counterexample().kind());
  }

  @Test
  void theFloorLimitedSignatureIsDecidedAfterTheDescent() {
    Prediction p = NONNEG.predict(SIGNATURE).orElseThrow();
    double floor = Certificate.roundOffFloor(new Objective(SIGNATURE), p.minimiser());
    double tolerance = Tolerances.CERTIFIED.value();
    assertTrue(floor > Tolerances.FLOOR_LIMITED_FLOOR * tolerance
        && floor <= Tolerances.UNCERTIFIABLE_FLOOR * tolerance, "floor " + floor);
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, SIGNATURE, 1L);
    assertEquals(Verdict.INCONCLUSIVE, o.verdict());
    assertTrue(o.reason().startsWith("floor-limited: the descent from the predicted point reached f*"),
        o.reason());
    assertEquals(1, o.runs(), "rule (b)'s descent only");
  }

  @Test
  void aVisiblyWrongPredictionAtTheSignatureSettingIsRefuted() {
    Prediction p = perturbedLength(NONNEG.predict(SIGNATURE).orElseThrow(), 1.001);
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, p, 1L);
    assertEquals(Verdict.REFUTED, o.verdict(), o.reason());
    assertEquals(Counterexample.Kind.NOT_STATIONARY, o.counterexample().kind());
  }

  @Test
  void aWrongValueAtTheSignatureSettingIsNotVerifiedNorDecidedByTheFloor() {
    // The true point with f* claimed 1% higher: the floor at a point whose value is not f* says
    // nothing about f*, so the search runs; it must not come out VERIFIED.
    Prediction p = NONNEG.predict(SIGNATURE).orElseThrow();
    Prediction wrong = p.withOptimalValue(p.optimalValue() * 1.01).withFamily(p.family() + "+wrong-value");
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, wrong, 1L);
    assertNotEquals(Verdict.VERIFIED, o.verdict(), o.reason());
    assertFalse(o.reason().startsWith("floor-limited"), o.reason());
  }

  @Test
  void theSignatureBelowTheFactorIsSearchedAsBefore() {
    // Control (complete -Psoundness run, sukenik-relu-dnc-binary setting 380): the descent from the
    // predicted point ends uncertified at f*, but the floor is below FLOOR_LIMITED_FLOOR and
    // independent runs are certified at f* (5 of 11): the decision must not fire.
    Setting s = Setting.parse("loss=mse bias=none features=free n=1,1 d=2 M=2 widths=3 "
        + "lambdaW=5.62341325190349e-8 lambdaH=1.7782794100389225e-8 activation=relu");
    SettingOutcome o = new Verifier(SWEEP).judge(RELU_BINARY, s, 1L);
    assertFalse(o.reason().startsWith("floor-limited"), o.reason());
    assertTrue(o.reason().contains("certified runs reached f*"), o.reason());
    assertTrue(o.runs() > 1, "runs " + o.runs());
  }

  @Test
  void aTinyLambdaSettingANormalRunCertifiesStaysVerified() {
    // Control (complete -Psoundness run, mse-nonneg-features setting 513: VERIFIED).
    Setting s = Setting.parse("loss=mse bias=none features=nonneg n=3,3 d=3 M=1 "
        + "lambdaW=9.999999999999998e-8 lambdaH=9.999999999999999e-9");
    SettingOutcome o = new Verifier(SWEEP).judge(NONNEG, s, 1L);
    assertEquals(Verdict.VERIFIED, o.verdict(), o.reason());
  }

  /** Class 0's features scaled by {@code factor}, its length and f* recomputed to match. */
  private static Prediction perturbedLength(Prediction p, double factor) {
    Setting s = p.setting();
    Layout layout = new Layout(s);
    double[] x = p.minimiser().clone();
    for (int i = 0; i < s.count(0); i++) {
      for (int r = 0; r < s.d(); r++) {
        x[layout.h(r, i)] *= factor;
      }
    }
    double[] h = Arrays.copyOf(p.hNormSq(), p.hNormSq().length);
    h[0] *= factor * factor;
    return p.withMinimiser(x, h).withOptimalValue(new Objective(s).value(x))
        .withFamily(p.family() + "+perturbed");
  }
}

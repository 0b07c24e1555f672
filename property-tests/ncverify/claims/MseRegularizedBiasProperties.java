package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Setting;
import ncverify.theory.MseRegularizedBiasTheory;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code mse-regularized-bias} (proof proofs/mse-regularized-bias.m): the
 * generated settings (λ_B on both sides of the ETF's end), the five negative controls of
 * {@link ClaimContract}, the issue's calibration value, the closed-form critical λ_B for M = 1,
 * and the ETF claimed beyond the critical λ_B, which must be refuted.
 */
class MseRegularizedBiasProperties extends ClaimContract {
  /** Above the critical λ_B: the mean mode is alive here (s = 0.052, λ_B* = 0.0548). */
  private static final String ALIVE =
      "loss=mse bias=regularized features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01 lambdaB=1";

  /**
   * For M = 1 the mean mode comes alive continuously: its value gain is quadratic in the distance
   * to λ_B*, so double round-off (~1e-16) in the compared values fixes λ_B* only to ~1e-8
   * relative; 1e-7 allows that, and a wrong threshold formula is off by O(1).
   */
  private static final double CRITICAL_RELATIVE = 1e-7;

  MseRegularizedBiasProperties() {
    super("mse-regularized-bias");
  }

  @Test
  void calibrationValueOfTheIssue() {
    // Issue 13's calibration (an external value, not derived here): still the ETF at λ_B = 0.05.
    Prediction p = ClaimHarness.predict(claim(), Setting.parse(ALIVE.replace("lambdaB=1", "lambdaB=0.05")));
    assertEquals(0.0416775240878855, p.optimalValue(), 1e-15);
  }

  @Test
  void criticalLambdaBMatchesTheClosedFormForMEquals1() {
    Setting s = Setting.parse(ALIVE);
    double sk = s.K() * Math.sqrt(s.count(0) * s.lambdaW(1) * s.lambdaH());
    double critical = MseRegularizedBiasTheory.criticalLambdaB(s);
    assertEquals(sk / (1 - sk), critical, CRITICAL_RELATIVE * critical);
    // Negative control: the free-bias guess "the ETF ends where s = q", i.e. λ_B = s²/(1−s²), is
    // far off.
    assertTrue(Math.abs(sk * sk / (1 - sk * sk) - critical) > 100 * CRITICAL_RELATIVE * critical);
  }

  @Test
  void negativeControlEtfBeyondTheCriticalLambdaBIsRefuted() {
    assertEtfRefutedAt(claim(), ALIVE);
  }

  /** The exact ETF claimed at a λ_B above the critical value must be refuted. */
  static void assertEtfRefutedAt(ncverify.claim.TheoryClaim claim, String setting) {
    Prediction wrong = new MseRegularizedBiasTheory().etfOnly(Setting.parse(setting));
    ClaimHarness.assertRefutedByLowerPointOrStationarity(ClaimHarness.judge(claim, wrong));
  }

  @Test
  void belowTheCriticalLambdaBTheEtfIsThePrediction() {
    // Negative control of the previous test: below λ_B* the same ETF point is the prediction.
    Setting s = Setting.parse(ALIVE.replace("lambdaB=1", "lambdaB=0.05"));
    assertEquals(new MseRegularizedBiasTheory().etfOnly(s).optimalValue(),
        ClaimHarness.predict(claim(), s).optimalValue(), 0.0);
  }
}

package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Setting;
import ncverify.theory.MseRegularizedBiasTheory;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code mse-regularized-bias-deep} (proof
 * proofs/mse-regularized-bias-deep.m): generated settings with M = 2, 3, the five negative
 * controls of {@link ClaimContract}, and the ETF claimed beyond the critical λ_B.
 */
class MseRegularizedBiasDeepProperties extends ClaimContract {
  /** Mean mode alive (λ_B far above the critical value) and not certified by the bound. */
  private static final String ALIVE =
      "loss=mse bias=regularized features=free n=5,5,5 d=3 M=2 lambdaW=0.02 lambdaH=0.02 lambdaB=1";

  MseRegularizedBiasDeepProperties() {
    super("mse-regularized-bias-deep");
  }

  @Test
  void controlSettingIsInTheConjecturedRegion() {
    Setting s = Setting.parse(ALIVE);
    assertTrue(s.lambdaB() > MseRegularizedBiasTheory.criticalLambdaB(s));
    assertFalse(MseRegularizedBiasTheory.etfCertifiedByBound(s));
    assertTrue(ClaimHarness.predict(claim(), Setting.parse(ALIVE)).isCandidate());
    // Negative control: far below the critical λ_B the bound certifies the ETF (not a candidate).
    Setting small = Setting.parse(ALIVE.replace("lambdaB=1", "lambdaB=1e-4"));
    assertTrue(MseRegularizedBiasTheory.etfCertifiedByBound(small));
    assertFalse(ClaimHarness.predict(claim(), small).isCandidate());
  }

  @Test
  void negativeControlEtfBeyondTheCriticalLambdaBIsRefuted() {
    // for M = 2 the dead mean mode is a strict local minimum: caught by the revived-mean-mode start
    MseRegularizedBiasProperties.assertEtfRefutedAt(claim(), ALIVE);
  }
}

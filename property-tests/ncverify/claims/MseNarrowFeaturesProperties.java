package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ncverify.claim.SettingOutcome;
import ncverify.problem.Setting;
import ncverify.theory.MseBiasFreeTheory;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code mse-narrow-features} (proof proofs/mse-narrow-features.m): the
 * generated narrow settings, the five negative controls of {@link ClaimContract}, and a wrong
 * selection (the smallest classes kept live instead of the largest) that must be refuted.
 */
class MseNarrowFeaturesProperties extends ClaimContract {
  private static final String CONTROL =
      "loss=mse bias=none features=free n=30,10,5 d=2 M=2 lambdaW=2e-3 lambdaH=2e-3";

  MseNarrowFeaturesProperties() {
    super("mse-narrow-features");
  }

  @Test
  void predictionKeepsTheLargestClasses() {
    Prediction p = ClaimHarness.predict(claim(), Setting.parse(CONTROL));
    assertEquals(1, p.collapsed().length);
    assertEquals(2, p.collapsed()[0], "the smallest class (n=5) is the one left out at d=2");
  }

  @Test
  void negativeControlWrongSelectionIsRefuted() {
    Setting s = Setting.parse(CONTROL);
    double[] u = new double[s.K()];
    for (int k = 1; k < s.K(); k++) { // keep classes 1 and 2 (n = 10, 5), drop the largest
      u[k] = MseBiasFreeTheory.classProblem(s, k).solve().argmin();
    }
    Prediction wrong = new MseBiasFreeTheory().build(s, u, null);
    SettingOutcome o = ClaimHarness.judge(claim(), wrong);
    ClaimHarness.assertRefutedByLowerPointOrStationarity(o);
  }
}

package ncverify.claims;

import ncverify.claim.SettingOutcome;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import ncverify.theory.CeBalancedEtfTheory;
import ncverify.theory.SmoothedEtfTheory;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code zhou-focal-balanced-ufm} (see its proof
 * proofs/zhou-focal-balanced-ufm.m and its report entry); besides the common
 * negative controls (incl. the wrong geometry), the cross-entropy scale put on this loss's ETF must
 * be REFUTED.
 */
class ZhouFocalBalancedUfmProperties extends ClaimContract {
  ZhouFocalBalancedUfmProperties() {
    super("zhou-focal-balanced-ufm");
  }

  @Test
  void negativeControlCrossEntropyScaleIsRefuted() {
    Setting s = claim().controlSetting().orElseThrow();
    Setting ce = new Setting(Loss.CE, Bias.NONE, Features.FREE, s.counts(), s.d(), s.innerWidths(),
        s.lambdaW(), s.lambdaH(), 0);
    double ceScale = CeBalancedEtfTheory.solve(ce).argmin();
    SmoothedEtfTheory theory = (SmoothedEtfTheory) claim().theory();
    SettingOutcome o = ClaimHarness.judge(claim(), theory.build(s, ceScale, false, 0));
    ClaimHarness.assertRefutedByLowerPointOrStationarity(o);
  }
}

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
 * The contract of the smoothed-loss ETF claims (label smoothing, focal loss): every
 * {@link ClaimContract} control (incl. the wrong geometry), and one more: the cross-entropy scale
 * (Zhu et al.'s ρ* for the same n, λ's) put on this loss's ETF must be REFUTED.
 */
abstract class SmoothedEtfContract extends ClaimContract {
  SmoothedEtfContract(String id) {
    super(id);
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

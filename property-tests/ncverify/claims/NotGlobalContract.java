package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.verify.Verifier;
import org.junit.jupiter.api.Test;

/**
 * What the property test of a claim that its theory's point is NOT global
 * ({@link TheoryClaim#assertsNotGlobal()}) checks: the recorded verdict over generated settings,
 * and, as negative controls, the same judgement on settings where that point IS global (proven
 * by another theorem), which must come out INCONCLUSIVE, never VERIFIED.
 */
abstract class NotGlobalContract {
  private final TheoryClaim claim;

  NotGlobalContract(String id) {
    this.claim = ClaimHarness.claim(id);
  }

  TheoryClaim claim() {
    return claim;
  }

  /** Settings (outside the claim's domain) where the theory's point is the global minimiser. */
  abstract List<String> settingsWhereThePointIsGlobal();

  @Test
  void verdictOnGeneratedSettings() {
    ClaimHarness.assertVerdict(claim.finding().orElseThrow().verdict(), ClaimHarness.judge(claim));
  }

  /**
   * Judges the claim on {@code text} against its theory's own prediction and asserts VERIFIED with
   * the competing point below {@code factor} times the predicted value; returns the outcome.
   */
  SettingOutcome assertBeatenBelow(String text, double factor) {
    SettingOutcome o = new Verifier().judge(claim, claim.theory().predict(Setting.parse(text)), 1L);
    assertEquals(Verdict.VERIFIED, o.verdict(), o.reason());
    assertTrue(o.bestObjective() < factor * o.predictedObjective(), o.reason());
    return o;
  }

  @Test
  void negativeControlsWhereThePointIsGlobalAreNotVerified() {
    for (String text : settingsWhereThePointIsGlobal()) {
      Setting s = Setting.parse(text);
      SettingOutcome o = new Verifier().judge(claim, claim.theory().predict(s), 1L);
      assertEquals(Verdict.INCONCLUSIVE, o.verdict(), text + ": " + o.reason());
    }
  }
}

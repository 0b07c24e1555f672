package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.verify.Verifier;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code garrod-keating-deep-ce-etf-not-global} (proof
 * proofs/garrod-keating-deep-ce-etf-not-global.m, report entry): on generated settings of the
 * theorem's domain the suite must find a certified point below the ETF (VERIFIED). Negative
 * controls: where the ETF IS global (K = 2: proofs/sukenik-binary-deep-ce.m; M = 1: Zhu et al.)
 * the judgement is not VERIFIED.
 */
class GarrodKeatingDeepCeEtfNotGlobalProperties extends NotGlobalContract {
  GarrodKeatingDeepCeEtfNotGlobalProperties() {
    super("garrod-keating-deep-ce-etf-not-global");
  }

  @Override
  List<String> settingsWhereThePointIsGlobal() {
    return List.of(
        "loss=ce bias=none features=free n=2,2 d=2 M=3 lambdaW=0.02 lambdaH=0.02",
        "loss=ce bias=none features=free n=2,2,2,2 d=4 M=1 lambdaW=0.02 lambdaH=0.02");
  }

  /** Issue 11, failing input 6 lies in the theorem's domain: the ETF is beaten there. */
  @Test
  void publishedCounterexampleSettingIsVerified() {
    SettingOutcome o = new Verifier().judge(claim(), Setting.parse(
        "loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.05"), 1L);
    assertEquals(Verdict.VERIFIED, o.verdict(), o.reason());
    assertTrue(o.bestObjective() < 0.91 * o.predictedObjective(), o.reason());
  }
}

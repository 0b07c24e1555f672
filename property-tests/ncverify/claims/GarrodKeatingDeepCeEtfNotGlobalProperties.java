package ncverify.claims;

import java.util.List;
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
    assertBeatenBelow("loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.05", 0.91);
  }
}

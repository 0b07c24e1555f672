package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ncverify.problem.Setting;
import ncverify.theory.Theories;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code zhu-ce-balanced-narrow} (proof proofs/zhu-ce-balanced-narrow.m):
 * the simplex ETF at width d = K − 1, plus the five negative controls of {@link ClaimContract}.
 */
class ZhuCeBalancedNarrowProperties extends ClaimContract {
  ZhuCeBalancedNarrowProperties() {
    super("zhu-ce-balanced-narrow");
  }

  @Test
  void widthDoesNotChangeTheEtfValue() {
    // The ETF needs rank K − 1 only: d = K − 1 and d = K + 1 predict the same f* (the second is
    // Zhu's full-width theorem, an independent route through the same family).
    String narrow = "loss=ce bias=none features=free n=4,4,4 d=2 M=1 lambdaW=0.01 lambdaH=0.01";
    double fNarrow = ClaimHarness.predict(claim(), Setting.parse(narrow)).optimalValue();
    double fWide = Theories.forSetting(Setting.parse(narrow.replace("d=2", "d=4"))).orElseThrow()
        .predict(Setting.parse(narrow.replace("d=2", "d=4"))).optimalValue();
    assertEquals(fWide, fNarrow, 0.0);
  }
}

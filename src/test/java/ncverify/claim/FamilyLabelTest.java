package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import org.junit.jupiter.api.Test;

/**
 * The family a prediction names (printed by predict, train and check) is a catalogue claim whose
 * domain contains the setting: balanced CE at M = 1 is Zhu et al.'s theorem, not P1's deep family,
 * whose claim refuses M = 1 (fresh-user pass, issue 11).
 */
class FamilyLabelTest {
  private static Prediction predict(String setting) {
    Setting s = Setting.parse(setting);
    return Theories.forSetting(s).orElseThrow().predict(s);
  }

  private static void assertLabelIsAClaimCovering(String setting) {
    Setting s = Setting.parse(setting);
    String family = predict(setting).family();
    Claim claim = Catalogue.byId(family).orElseThrow(() -> new AssertionError(family + " is no claim"));
    assertTrue(claim.outsideDomain(s).isEmpty(), family + " refuses " + setting + ": "
        + claim.outsideDomain(s).map(e -> e.place() + " " + e.rule()).orElse(""));
  }

  @Test
  void balancedCeIsNamedByTheClaimWhoseDomainHoldsTheSetting() {
    String m1 = "loss=ce bias=none features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01";
    assertEquals("zhu-ce-balanced-ufm", predict(m1).family());
    assertLabelIsAClaimCovering(m1);
    String m2 = m1.replace("M=1", "M=2");
    assertEquals("p1-ce-balanced-deep", predict(m2).family());
    assertLabelIsAClaimCovering(m2);
  }

  /** Bias-free MSE, balanced and not, at M = 1 and 2: the label is a claim holding the setting. */
  @Test
  void biasFreeMseIsNamedByTheClaimWhoseDomainHoldsTheSetting() {
    String m1 = "loss=mse bias=none features=free n=3,3 d=2 M=1 lambdaW=0.01 lambdaH=0.01";
    for (String s : new String[] {m1, m1.replace("M=1", "M=2"), m1.replace("n=3,3", "n=3,2"),
        m1.replace("n=3,3", "n=3,2").replace("M=1", "M=2")}) {
      assertLabelIsAClaimCovering(s);
    }
    assertEquals("p1-mse-balanced-deep", predict(m1).family());
  }

  /** Negative control: the old label at M = 1 names a claim that refuses the setting (key M). */
  @Test
  void theDeepLabelAtMOneWouldNameAClaimThatRefusesIt() {
    Setting m1 = Setting.parse("loss=ce bias=none features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    var refused = Catalogue.byId("p1-ce-balanced-deep").orElseThrow().outsideDomain(m1);
    assertTrue(refused.isPresent());
    assertEquals("setting key 'M'", refused.get().place());
  }
}

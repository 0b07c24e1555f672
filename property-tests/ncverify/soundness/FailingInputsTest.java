package ncverify.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.verify.Verifier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's failing inputs, each a regression test with the verdict it must get now (seed 1, the
 * standard effort, as a user runs {@code verify --claim X --setting S --seed 1}). Item 6 (deep CE
 * competitors), 8 (declared conjectures) and 9 (degenerate metrics) are tested where they are
 * built. Input 7 (a setting outside the claim's domain) is in VerifyCommandTest.
 */
class FailingInputsTest {
  private static SettingOutcome judge(String claim, String setting) {
    return new Verifier().judge(Catalogue.byId(claim).orElseThrow(), Setting.parse(setting), 1L);
  }

  private static void assertVerified(String claim, String setting) {
    SettingOutcome o = judge(claim, setting);
    assertEquals(Verdict.VERIFIED, o.verdict(), claim + ": " + o.reason());
  }

  /** Input 1: vanishing regularisation; the theorem holds, the old certificate refuted it. */
  @Test
  void zhuAtLambda1e10IsVerified() {
    assertVerified("zhu-ce-balanced-ufm", "loss=ce bias=none features=free n=10,10,10 "
        + "d=3 M=1 lambdaW=1e-10 lambdaH=1e-10");
  }

  /** Input 2: the logit-convex prediction is certified to round-off. */
  @Test
  void hongOnTheReportedSettingAndAtLambda1e10IsVerified() {
    assertVerified("hong-ce-imbalanced-no-relu", "loss=ce bias=none features=free "
        + "n=25,24,19 d=5 M=1 lambdaW=3.546288336776453e-4 lambdaH=1.9942244828099497e-3");
    assertVerified("hong-ce-imbalanced-no-relu", "loss=ce bias=none features=free "
        + "n=10,10,1 d=3 M=1 lambdaW=1e-10 lambdaH=1e-10");
  }

  /**
   * Input 3: an exact tie (b/n = β_2): the theory flags it and lists the tied structures (the
   * origin chosen; class 0 live, class 1 live, both live), and a point with one of them (modulo
   * mixing the two equal-count classes) is accepted: VERIFIED. That a structure outside the list
   * is not accepted is tested in ncverify.verify.TiesTest.
   */
  @Test
  void anExactTieIsVerifiedWithItsTiedStructures() {
    String tie = "loss=mse bias=none features=free n=1,1 d=2 M=2 lambdaW=1 lambdaH=0.0078125";
    Prediction p = Catalogue.byId("p1-mse-imbalanced-deep").orElseThrow().predict(
        Setting.parse(tie)).orElseThrow();
    assertEquals(true, p.atThreshold(), "the theory flags the tie");
    assertEquals(3, p.tied().size(), "the tied structures are listed");
    for (String claim : new String[] {"p1-mse-imbalanced-deep", "p1-mse-balanced-deep",
        "p1-mse-minority-collapse"}) {
      assertVerified(claim, tie);
    }
  }

  /**
   * Input 4: CE with a free bias is invariant under b → b + c·1; logits compare modulo it. The
   * issue's setting has M = 1, which p1-ce-balanced-deep ("for M ≥ 2") does not speak about: it
   * is refused as outside the claim's domain (key M), and judged by the M = 1 claim (Zhu) and at
   * M = 2, where the ETF is the best known point (K = 3, λ = 0.01, below the switching boundary).
   */
  @Test
  void aShiftedBiasIsNotAMismatch() {
    String m1 = "loss=ce bias=free features=free n=10,10,10 d=3 M=1 lambdaW=0.01 lambdaH=0.01";
    var outside = Catalogue.byId("p1-ce-balanced-deep").orElseThrow().outsideDomain(Setting.parse(m1))
        .orElseThrow(() -> new AssertionError("an M = 1 setting is outside the deep claim's domain"));
    assertEquals("setting key 'M'", outside.place());
    assertEquals(true, outside.rule().contains("M >= 2"), outside.rule());
    assertVerified("zhu-ce-balanced-ufm", m1);
    assertVerified("p1-ce-balanced-deep", m1.replace("M=1", "M=2"));
  }

  /** Input 5: with two equal counts, a class at 1e-33 is collapsed, in predict and in verify. */
  @Test
  void collapseIsDecidedRelativeToTheLiveClasses() {
    String setting = "loss=mse bias=free features=free n=8,8,1 d=2 M=1 "
        + "lambdaW=0.4342990636834541 lambdaH=0.022421012416866382";
    Prediction p = Catalogue.byId("p1-mse-imbalanced-bias").orElseThrow()
        .predict(Setting.parse(setting)).orElseThrow();
    assertEquals("[2]", java.util.Arrays.toString(p.collapsed()));
    assertVerified("p1-mse-imbalanced-bias", setting);
  }

  /**
   * Vanishing λ for MSE (issue 11: "MSE at λ ≲ 1e-9 cannot be certified", INCONCLUSIVE before the
   * anchored objective): at λ = 1e-12 the theorem is VERIFIED, and the certified runs have the
   * power to refute: a predicted f* 1e-6 (relative) too high is REFUTED (LOWER_OBJECTIVE), which
   * needs a certified point at the true optimum (negative control).
   */
  @Test
  void mseAtLambda1e12IsCertified() {
    String setting = "loss=mse bias=none features=free n=3,2 d=2 M=1 lambdaW=1e-12 lambdaH=1e-12";
    assertVerified("p1-mse-imbalanced-deep", setting);
    var claim = Catalogue.byId("p1-mse-imbalanced-deep").orElseThrow();
    Prediction p = claim.predict(Setting.parse(setting)).orElseThrow();
    SettingOutcome wrong = new Verifier().judge(claim, p.withOptimalValue(p.optimalValue() * (1 + 1e-6)), 1L);
    assertEquals(Verdict.REFUTED, wrong.verdict(), wrong.reason());
  }
}

package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ncverify.problem.Setting;
import ncverify.theory.Theories;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code mse-nonneg-features} (proof proofs/mse-nonneg-features.m): the
 * generated settings with H ≥ 0 (judged with the projected-gradient certificate), the five
 * negative controls of {@link ClaimContract}, and the free-feature value as an independent route.
 */
class MseNonnegFeaturesProperties extends ClaimContract {
  private static final String CONTROL =
      "loss=mse bias=none features=nonneg n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3";

  MseNonnegFeaturesProperties() {
    super("mse-nonneg-features");
  }

  @Test
  void valueEqualsTheFreeFeatureOptimumAndPointIsFeasible() {
    Setting free = Setting.parse(CONTROL.replace("nonneg", "free"));
    double fFree = Theories.forSetting(free).orElseThrow().predict(free).optimalValue();
    var p = ClaimHarness.predict(claim(), Setting.parse(CONTROL));
    assertEquals(fFree, p.optimalValue(), 0.0);
    var layout = new ncverify.problem.Layout(p.setting());
    for (int i = 0; i < layout.hSize(); i++) {
      // negative entries would make the predicted point infeasible for H >= 0
      org.junit.jupiter.api.Assertions.assertTrue(p.minimiser()[layout.hOffset() + i] >= 0);
    }
  }
}

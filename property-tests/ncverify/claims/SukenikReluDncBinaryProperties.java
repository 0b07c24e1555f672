package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.Check;
import ncverify.claim.Comparison;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code sukenik-relu-dnc-binary} (proofs/sukenik-relu-dnc-binary.m and its
 * report entry): certified training on the ReLU deep UFM with K = 2 must reach the DNC value with
 * its structure on every generated setting, while the negative controls of {@link ClaimContract}
 * (wrong lengths, value, collapsed set, the origin) are refuted, and the DNC2 check sees a point
 * whose hidden class means share a neuron.
 */
class SukenikReluDncBinaryProperties extends ClaimContract {
  SukenikReluDncBinaryProperties() {
    super("sukenik-relu-dnc-binary");
  }

  @Test
  void negativeControlSharedHiddenNeuronFailsTheDnc2Check() {
    Prediction p = ClaimHarness.predict(claim(), claim().controlSetting().orElseThrow());
    double tolerance = Check.RELU_HIDDEN_ORTHOGONAL.tolerance().value();
    assertTrue(Check.RELU_HIDDEN_ORTHOGONAL.appliesTo().test(p));
    double atDnc = new Comparison(p, p.minimiser()).hiddenOrthogonalityDeviation();
    assertTrue(atDnc <= tolerance, "DNC point: " + atDnc);
    // the same point with W_1's first row also reading class 2's feature: both classes then
    // light hidden neuron 1, so the first hidden layer's class means are not orthogonal
    Setting s = p.setting();
    Layout layout = new Layout(s);
    double[] x = p.minimiser().clone();
    x[layout.w(1, 0, 1)] = x[layout.w(1, 0, 0)];
    double shared = new Comparison(p, x).hiddenOrthogonalityDeviation();
    assertTrue(shared > tolerance, "shared neuron: " + shared);
  }
}

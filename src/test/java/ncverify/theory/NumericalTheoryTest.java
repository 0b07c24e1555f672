package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Objective;
import ncverify.problem.Setting;
import java.util.List;
import ncverify.train.Certificate;
import ncverify.train.CertifiedSearch;
import ncverify.train.MultiStart;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

/**
 * The numerical best point (issue 13, items 3 and 6): certified, labelled, and checked against
 * closed forms where they exist.
 */
class NumericalTheoryTest {
  /**
   * |f_numerical − f*_closed| relative, where both describe the same global optimum: a certified
   * point (residual ≤ 1e-9) is within O(r²/μ) ≤ 1e-10 of its critical value; a different
   * critical point (a dead class, a lower rank) differs by ≥ 1e-3 relative here.
   */
  private static final double SAME_OPTIMUM = 1e-7;

  private static double residual(Prediction p) {
    Objective f = new Objective(p.setting());
    double[] g = new double[f.dimension()];
    double v = f.valueAndGradient(p.minimiser(), g);
    return Certificate.residual(f, p.minimiser(), v, g);
  }

  @Test
  void narrowCeBelowKMinusOneIsANumericalCertifiedPointAboveTheEtf() {
    // d = 2 < K − 1 = 3: the ETF does not fit; no closed form, so predict falls back.
    Setting narrow = Setting.parse("loss=ce bias=none features=free n=4,4,4,4 d=2 M=1 lambdaW=0.01 lambdaH=0.01");
    assertTrue(Theories.forSetting(narrow).isEmpty(), "no closed form claims d < K-1");
    Prediction p = Theories.forSettingOrNumerical(narrow).orElseThrow().predict(narrow);
    assertTrue(NumericalTheory.isNumerical(p) && p.isCandidate());
    assertTrue(residual(p) <= Certificate.CERTIFIED, "the reported point is certified");
    assertEquals(new Objective(narrow).value(p.minimiser()), p.optimalValue(), 0.0);
    // A rank restriction can only raise the optimum: above the ETF value at d = K − 1, and
    // strictly (the ETF has rank K − 1 = 3 > 2).
    Setting etfWidth = Setting.parse(narrow.toString().replace("d=2", "d=3"));
    double etf = new CeBalancedEtfTheory().predict(etfWidth).optimalValue();
    assertTrue(p.optimalValue() > etf * (1 + 1e-3), p.optimalValue() + " vs ETF " + etf);
  }

  @Test
  void numericalBestPointFindsTheClosedFormWhereOneExists() {
    // Negative control of the fallback's labelling: at d = K − 1 the ETF is the theorem
    // (zhu-ce-balanced-narrow); the numerical search must reach its value, not beat it.
    Setting s = Setting.parse("loss=ce bias=none features=free n=4,4,4 d=2 M=1 lambdaW=0.01 lambdaH=0.01");
    Prediction closed = Theories.forSetting(s).orElseThrow().predict(s);
    assertFalse(NumericalTheory.isNumerical(closed));
    Prediction numerical = new NumericalTheory().predict(s);
    assertEquals(closed.optimalValue(), numerical.optimalValue(), SAME_OPTIMUM * closed.optimalValue());
    // And for the bias-free deep MSE narrow family (a theorem): the search agrees with it.
    Setting mse = Setting.parse("loss=mse bias=none features=free n=7,4,2 d=2 M=2 lambdaW=3e-3 lambdaH=3e-3");
    double f = Theories.forSetting(mse).orElseThrow().predict(mse).optimalValue();
    assertEquals(f, new NumericalTheory().predict(mse).optimalValue(), SAME_OPTIMUM);
  }

  @Test
  void imbalancedDeepCeGetsACertifiedNumericalPoint() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=5,2,1 d=3 M=2 lambdaW=1e-3 lambdaH=1e-3");
    assertTrue(Theories.forSetting(s).isEmpty());
    Prediction p = Theories.forSettingOrNumerical(s).orElseThrow().predict(s);
    assertTrue(NumericalTheory.isNumerical(p));
    assertTrue(residual(p) <= Certificate.CERTIFIED);
  }

  /**
   * The least relative drop that counts as "beaten" in the control below: far above the
   * certified value accuracy (1e-10) and far below the 1.3% gap issue 13 measured.
   */
  private static final double BEATEN = 1e-3;

  @Test
  void classMeanRestartsMakeItTheLowestPointTheSuiteFinds() {
    // Issue 13: 9 L-BFGS restarts stopped at 0.09332 here, a certified class-mean Newton run of
    // the agreement command reached 0.09210.
    Setting s = Setting.parse("loss=ce bias=none features=free n=1,17,10,4 d=4 M=2 "
        + "lambdaW=3.1622776601683794e-3 lambdaH=3.1622776601683794e-3");
    Prediction p = new NumericalTheory().predict(s);
    assertTrue(residual(p) <= Certificate.CERTIFIED);
    // An independent search (the agreement command's: class-mean Newton from other seeds) finds
    // nothing lower than the prediction.
    double independent = MultiStart.lowestCertified(new MultiStart(new CertifiedSearch(s))
        .random(7, List.of(0.3, 1.0, 3.0), 2), Certificate.CERTIFIED).orElseThrow().run().objective();
    assertTrue(p.optimalValue() <= independent + SAME_OPTIMUM * independent,
        p.optimalValue() + " vs independent " + independent);
    // Negative control: the same check on the L-BFGS restarts alone (the old prediction) fails.
    double lbfgsOnly = NumericalTheory.lbfgsRestarts(s).stream().filter(r -> r.residual() <= Certificate.CERTIFIED)
        .mapToDouble(Run::objective).min().orElseThrow();
    assertTrue(independent < lbfgsOnly * (1 - BEATEN), lbfgsOnly + " vs independent " + independent);
  }
}

package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.ReluDncTheory;
import ncverify.train.Lbfgs;
import ncverify.train.ReluStarts;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

/**
 * The ReLU-aware starts and the non-smooth polish of the competitor search (issue 13 item 7), and
 * the failing inputs they were built for: before them every independent run of these settings
 * stopped at a dead-unit or dropped-class point and the ReLU claims came out INCONCLUSIVE.
 */
class ReluStartsTest {
  private static final String RELU = "loss=mse bias=none features=free activation=relu ";

  /** The failing inputs of issue 13's last note (verify seeds 2 and 3, and the sweep above λ ≈ 0.0138). */
  static final List<String[]> FAILING = List.of(
      new String[] {"sukenik-relu-dnc-binary", RELU + "n=1,1 d=4 M=4 widths=3,3,3 lambdaW=2.0391387189165736e-3,"
          + "2.7192351848293154e-3,3.6261583980624896e-3,4.835559940235355e-3 lambdaH=2.0391387189165736e-3"},
      new String[] {"sukenik-relu-dnc-binary", RELU + "n=6,6 d=3 M=4 lambdaW=0.040162109968284926,"
          + "0.07141945322032005,0.12700374313793322,0.22584814142005877 lambdaH=0.012700374313793322"},
      new String[] {"sukenik-relu-dnc-two-layers", RELU + "n=6,6,6 d=4 M=2 lambdaW=0.07637566434638585,"
          + "0.13581727133522178 lambdaH=0.024152105714309455"},
      new String[] {"sukenik-relu-dnc-binary", RELU + "n=2,2 d=2 M=3 lambdaW=0.05 lambdaH=0.05"});

  @Test
  void theFailingInputsAreVerifiedNow() {
    for (String[] input : FAILING) {
      TheoryClaim claim = Catalogue.byId(input[0]).orElseThrow();
      SettingOutcome o = new Verifier().judge(claim, Setting.parse(input[1]), 1);
      assertEquals(Verdict.VERIFIED, o.verdict(), input[1] + ": " + o.reason());
    }
  }

  /**
   * Negative control: the same search judging a prediction 1% below the true DNC value must not
   * verify it (no certified run reaches a value the problem does not have).
   */
  @Test
  void negativeControlAValueBelowTheOptimumIsNotReached() {
    String[] input = FAILING.get(3);
    TheoryClaim claim = Catalogue.byId(input[0]).orElseThrow();
    Prediction p = new ReluDncTheory().predict(Setting.parse(input[1]));
    Prediction wrong = p.withOptimalValue(0.99 * p.optimalValue());
    SettingOutcome o = new Verifier().judge(claim, wrong, 1);
    assertFalse(o.verdict() == Verdict.VERIFIED, o.reason());
  }

  @Test
  void nonNegativeStartsAndFramesHavePositivePreActivations() {
    Setting s = Setting.parse(RELU + "n=2,1,2 d=3 M=4 widths=4,3,5 lambdaW=0.01 lambdaH=0.02");
    Objective f = new Objective(s);
    Layout layout = new Layout(s);
    double[] x = ReluStarts.nonnegative(s, 7, 1.0);
    for (int m = 1; m < s.depth(); m++) {
      for (double[] row : layout.wMatrix(x, m)) {
        for (double v : row) {
          assertTrue(v >= 0);
        }
      }
    }
    double[] frame = ReluStarts.orthantFrame(s, new Random(3)).apply(0.8);
    boolean[][] pattern = f.activationPattern(frame);
    for (int m = 1; m < s.depth(); m++) {
      // K = 3 class units pass on every sample; the spare units of a wider layer start dead
      int passing = 0;
      for (boolean passes : pattern[m]) {
        passing += passes ? 1 : 0;
      }
      assertEquals(s.K() * s.N(), passing, "layer " + m + ": the class units pass, the spare ones do not");
    }
    assertEquals(s.layerOut(3) - s.K(), ReluStarts.deadUnits(s, frame).stream().filter(u -> u[0] == 3)
        .count(), "the spare units of layer 3 are dead");
    assertNull(ReluStarts.orthantFrame(Setting.parse(RELU + "n=1,1,1 d=3 M=3 widths=2,4 lambdaW=0.01 "
        + "lambdaH=0.01"), new Random(3)), "a layer narrower than K has no frame");
  }

  @Test
  void aStarvedLayerIsRevivedButASpareDeadUnitIsNot() {
    Setting s = Setting.parse(RELU + "n=1,1 d=3 M=3 widths=3,3 lambdaW=0.01 lambdaH=0.01");
    Prediction p = new ReluDncTheory().predict(s);
    // DNC with width K + 1: the spare unit is dead, every layer still has K live units
    assertFalse(ReluStarts.deadUnits(s, p.minimiser()).isEmpty());
    assertFalse(ReluStarts.starved(s, p.minimiser()));
    // kill unit 0 of layer 1 as well: one live unit left for two classes
    Layout layout = new Layout(s);
    double[] x = p.minimiser().clone();
    double[][] w1 = layout.wMatrix(x, 1);
    double[][] w2 = layout.wMatrix(x, 2);
    int live = 0; // DNC puts class 0 on unit 0 of every layer
    java.util.Arrays.fill(w1[live], 0.0);
    for (double[] row : w2) {
      row[live] = 0.0;
    }
    layout.setW(x, 1, w1);
    layout.setW(x, 2, w2);
    assertTrue(ReluStarts.starved(s, x));
    double[] revived = ReluStarts.revive(s, x, new Random(1));
    assertNotNull(revived);
    assertFalse(ReluStarts.starved(s, revived));
  }

  /** The non-smooth polish turns an uncertified run at a kink into a certified one, or keeps it. */
  @Test
  void thePatternPolishCertifiesOnlyWithTheKinksIncluded() {
    Setting s = Setting.parse(FAILING.get(1)[1]);
    Objective f = new Objective(s);
    Lbfgs lbfgs = new CompetitorSearch(Effort.standard()).certifying();
    Random random = new Random(11);
    boolean certifiedOne = false;
    for (int i = 0; i < 4; i++) {
      java.util.function.DoubleFunction<double[]> ray = ReluStarts.orthantFrame(s, random);
      Run run = lbfgs.minimize(f, ray.apply(0.87));
      CompetitorSearch.Candidate c = CompetitorSearch.patternPolished(f, lbfgs,
          new CompetitorSearch.Candidate(run, "frame " + i));
      double residual = ncverify.train.Certificate.residual(f, c.run().x());
      if (c.run() != run) {
        // whatever the polish reports is f's own certificate, kinks included
        assertEquals(residual, c.run().residual(), 1e-6 * Math.max(residual, 1e-12));
      }
      certifiedOne |= residual <= Tolerances.CERTIFIED.value();
    }
    assertTrue(certifiedOne);
  }
}

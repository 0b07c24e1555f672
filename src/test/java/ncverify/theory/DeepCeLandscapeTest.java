package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

class DeepCeLandscapeTest {
  /** Relative step either side of a boundary: far beyond its bisection accuracy (~1e-14 in log t). */
  static final double SIDE_STEP = 0.02;
  /** The certifying optimiser's residual. */
  static final double CERTIFIED = 1e-9;

  /**
   * K = 4, M = 2, n = 1 fails Garrod &amp; Keating's condition (2·2^{2/3} > 3): the ETF wins at small
   * λ, the pairs in a band below the collapse. The first boundary separates them, and it holds
   * for the POLISHED points too: just below it the certified optimiser started at the best
   * construction does not get below the ETF, just above it it does.
   */
  @Test
  void k4m2HasABandWhereThePairsWinAndPolishingAgrees() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=1,1,1,1 d=4 M=2 lambdaW=0.01 lambdaH=0.01");
    List<DeepCeLandscape.Boundary> b = DeepCeLandscape.boundaries(s);
    assertEquals(2, b.size(), b.toString());
    assertEquals(DeepCeLandscape.Lower.ETF, b.get(0).below());
    assertEquals(DeepCeLandscape.Lower.LOW_RANK, b.get(0).above());
    assertEquals(DeepCeLandscape.Lower.LOW_RANK, b.get(1).below());
    assertEquals(DeepCeLandscape.Lower.EQUAL, b.get(1).above());
    double t = b.get(0).scale();
    assertTrue(polishedLowRankMinusEtf(DeepCeLandscape.scaled(s, t * (1 - SIDE_STEP))) > 0);
    assertTrue(polishedLowRankMinusEtf(DeepCeLandscape.scaled(s, t * (1 + SIDE_STEP))) < 0);
  }

  /** K = 4, M = 3 satisfies the condition: the constructions win at every λ until they collapse. */
  @Test
  void k4m3ThePairsWinUntilTheyCollapse() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.01 lambdaH=0.01");
    List<DeepCeLandscape.Boundary> b = DeepCeLandscape.boundaries(s);
    assertEquals(1, b.size(), b.toString());
    assertEquals(DeepCeLandscape.Lower.LOW_RANK, b.get(0).below());
    assertEquals(DeepCeLandscape.Lower.EQUAL, b.get(0).above());
    assertEquals(DeepCeLandscape.Lower.LOW_RANK, DeepCeLandscape.lowerAt(DeepCeLandscape.scaled(s, 1e-8)));
  }

  /** Negative control: M = 1 (Zhu et al.) has no λ at which a construction beats the ETF. */
  @Test
  void oneLayerHasNoLowRankRegion() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=2,2,2,2 d=4 M=1 lambdaW=0.01 lambdaH=0.01");
    for (DeepCeLandscape.Boundary b : DeepCeLandscape.boundaries(s)) {
      assertTrue(b.below() != DeepCeLandscape.Lower.LOW_RANK && b.above() != DeepCeLandscape.Lower.LOW_RANK,
          b.toString());
    }
  }

  /** Polished best construction minus the ETF's (stationary) value. */
  private static double polishedLowRankMinusEtf(Setting s) {
    Run r = new Lbfgs(Lbfgs.Options.defaults().withTolerance(CERTIFIED))
        .minimize(new Objective(s), BlockSimplexCandidates.bestLowRank(s).point());
    assertTrue(r.residual() <= CERTIFIED, r.toString());
    return r.objective() - CeBalancedEtfTheory.solve(s).value();
  }
}

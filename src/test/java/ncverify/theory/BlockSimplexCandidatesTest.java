package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

class BlockSimplexCandidatesTest {
  static final double VALUE_TOLERANCE = MseBiasFreeTheoryTest.VALUE_TOLERANCE;
  /** The ETF's scale from two independent scalar solvers (grid + Brent vs level crossings). */
  static final double SCALE_TOLERANCE = 1e-7;
  static final int EXAMPLES = Integer.getInteger("ncverify.tries", 1) * 12;

  /** Failing input 6 of issue 11. */
  static final Setting FAILING_INPUT_6 = Setting.parse(
      "loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.05");

  @Test
  void everyCandidatePointHasItsScalarValueAndTheEtfPartitionIsP1sEtf() {
    qt().withFixedSeed(41).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceBalanced(seed);
      List<BlockSimplexCandidates.Candidate> all = BlockSimplexCandidates.all(s);
      Objective f = new Objective(s);
      for (BlockSimplexCandidates.Candidate c : all) {
        double v = f.value(c.point());
        assertEquals(c.value(), v, VALUE_TOLERANCE * Math.max(1, Math.abs(v)), s + " " + c.name());
      }
      BlockSimplexCandidates.Candidate etf = all.stream()
          .filter(BlockSimplexCandidates.Candidate::isEtf).findFirst().orElseThrow();
      ScalarMinimizer.Result r = CeBalancedEtfTheory.solve(s);
      assertEquals(r.value(), etf.value(), VALUE_TOLERANCE * Math.max(1, r.value()), s.toString());
      if (!r.atThreshold()) {
        assertEquals(r.argmin(), etf.scales()[0], SCALE_TOLERANCE * Math.max(1, r.argmin()), s.toString());
      }
    });
  }

  @Test
  void failingInput6HasAPairedCompetitorNearTenPercentBelowTheEtfThatPolishingKeeps() {
    Setting s = FAILING_INPUT_6;
    BlockSimplexCandidates.Candidate best = BlockSimplexCandidates.bestLowRank(s);
    assertArrayEquals(new int[] {2, 2}, best.groupSizes());
    assertEquals(2, best.rank());
    double etf = CeBalancedEtfTheory.solve(s).value();
    double gap = (etf - best.value()) / etf;
    assertTrue(gap > 0.09 && gap < 0.10, "relative gap " + gap);
    Run polished = new Lbfgs(Lbfgs.Options.defaults().withTolerance(1e-9))
        .minimize(new Objective(s), best.point());
    assertTrue(polished.residual() <= 1e-9, "residual " + polished.residual());
    assertTrue(polished.objective() <= best.value() + VALUE_TOLERANCE, polished.toString());
    assertTrue(polished.objective() < etf * (1 - 0.09), polished.toString());
  }

  @Test
  void noCandidateBeatsTheEtfForOneLayerOrTwoClasses() {
    // Negative controls: Zhu et al. (M = 1) and the binary Jensen bound (K = 2) prove the ETF
    // global there, so a construction that "beats" it would be a bug in the construction.
    qt().withFixedSeed(42).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceBalanced(seed);
      if (s.depth() != 1 && s.K() != 2) {
        return;
      }
      double etf = CeBalancedEtfTheory.solve(s).value();
      for (BlockSimplexCandidates.Candidate c : BlockSimplexCandidates.all(s)) {
        assertTrue(c.value() >= etf - VALUE_TOLERANCE * Math.max(1, etf), s + " " + c.name());
      }
    });
  }

  @Test
  void garrodKeatingConditionIsTheirTheoremsDomain() {
    for (int k = 2; k <= 40; k++) {
      for (int m = 1; m <= 12; m++) {
        boolean theorem = (k >= 4 && m >= 3) || (k >= 6 && m == 2);
        assertEquals(theorem, BlockSimplexCandidates.garrodKeatingCondition(k, m), "K=" + k + " M=" + m);
      }
    }
  }

  @Test
  void theConditionDecidesWhetherTheConstructionWinsAtEveryLambda() {
    // Where it holds, the pairs beat a non-zero ETF on a λ grid from 1e-8 to the ETF's collapse;
    // where it fails (negative control), the ETF wins at the smallest λ.
    for (int k = 3; k <= 8; k++) {
      for (int depth = 1; depth <= 4; depth++) {
        boolean condition = BlockSimplexCandidates.garrodKeatingCondition(k, depth);
        int[] gk = BlockSimplexCandidates.garrodKeatingSizes(k);
        boolean wonEverywhere = true;
        boolean wonAtSmallest = false;
        for (int e = -64; e <= 8; e++) {
          Setting s = Setting.parse("loss=ce bias=none features=free n=" + "3,".repeat(k - 1)
              + "3 d=" + k + " M=" + depth + " lambdaW=" + Math.pow(10, e / 8.0) + " lambdaH="
              + Math.pow(10, e / 8.0));
          ScalarMinimizer.Result etf = CeBalancedEtfTheory.solve(s);
          if (etf.argmin() == 0) {
            continue;
          }
          double pairs = BlockSimplexCandidates.all(s).stream()
              .filter(c -> java.util.Arrays.equals(c.groupSizes(), gk)).findFirst().orElseThrow().value();
          boolean won = pairs < etf.value();
          wonEverywhere &= won;
          wonAtSmallest |= e == -64 && won;
        }
        assertEquals(condition, wonEverywhere, "K=" + k + " M=" + depth);
        assertEquals(condition, wonAtSmallest, "K=" + k + " M=" + depth);
      }
    }
  }

  @Test
  void partitionsAreCompleteAndDistinct() {
    // p(1..10) = 1, 2, 3, 5, 7, 11, 15, 22, 30, 42 (OEIS A000041), counted here by a recurrence
    // independent of the enumeration (Euler's pentagonal number theorem).
    for (int k = 1; k <= 10; k++) {
      assertEquals(partitionCount(k), BlockSimplexCandidates.partitions(k).size(), "K=" + k);
    }
    assertFalse(BlockSimplexCandidates.partitions(5).stream()
        .anyMatch(p -> java.util.stream.IntStream.of(p).sum() != 5));
  }

  private static long partitionCount(int n) {
    long[] p = new long[n + 1];
    p[0] = 1;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; ; j++) {
        int g1 = j * (3 * j - 1) / 2;
        int g2 = j * (3 * j + 1) / 2;
        if (g1 > i) {
          break;
        }
        long sign = j % 2 == 1 ? 1 : -1;
        p[i] += sign * p[i - g1];
        if (g2 <= i) {
          p[i] += sign * p[i - g2];
        }
      }
    }
    return p[n];
  }
}

package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Objective;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/**
 * {@link ReluLowRankCandidate}: its value against the scalar problem of
 * proofs/sukenik-relu-lowrank-beats-dnc.m minimised by an independent dense scan
 * ({@link ReluDncTheoryTest#scalarMinimum}, DNC's problem with the coefficient times
 * ρ^{1/(M+1)}), its explicit point evaluated by the ReLU objective itself, and the side of DNC it
 * lands on: below DNC where ρ &lt; 1 and DNC is live, above it for M = 2, 3.
 */
class ReluLowRankCandidateTest {
  private static final String RELU = "loss=mse bias=none features=free activation=relu ";

  static final String[] BELOW = {
      RELU + "n=1,1,1,1,1,1 d=6 M=4 widths=6,6,6 lambdaW=0.003 lambdaH=0.003",
      RELU + "n=2,2,2,2,2,2 d=8 M=5 widths=7,6,8,6 lambdaW=0.002,0.004,0.001,0.003,0.002 lambdaH=0.005",
      RELU + "n=1,1,1,1,1,1,1,1,1,1 d=10 M=4 widths=10,11,10 lambdaW=0.002 lambdaH=0.001",
  };

  static final String[] ABOVE = {
      RELU + "n=1,1,1,1,1,1 d=6 M=2 widths=6 lambdaW=0.003 lambdaH=0.003",
      RELU + "n=1,1,1,1,1,1 d=6 M=3 widths=6,6 lambdaW=0.003 lambdaH=0.003",
  };

  /** The objective of an explicit point against the reduction: round-off of a few hundred terms. */
  static final double EVALUATION = 1e-13;

  @Test
  void indicesAreTheTriangularNumbersFromFour() {
    assertEquals(4, ReluLowRankCandidate.indices(6).getAsInt());
    assertEquals(5, ReluLowRankCandidate.indices(10).getAsInt());
    assertEquals(6, ReluLowRankCandidate.indices(15).getAsInt());
    for (int k : new int[] {2, 3, 4, 5, 7, 9, 11}) {
      assertTrue(ReluLowRankCandidate.indices(k).isEmpty(), "K = " + k);
    }
  }

  @Test
  void valueIsTheReducedScalarMinimumAndThePointHasIt() {
    for (String text : concat(BELOW, ABOVE)) {
      Setting s = Setting.parse(text);
      assertTrue(ReluLowRankCandidate.covers(s), text);
      StructuredStarts.Point p = ReluLowRankCandidate.point(s);
      double rho = ReluLowRankCandidate.coefficientRatio(s);
      double expected = ReluDncTheoryTest.scalarMinimum(s, Math.pow(rho, 1.0 / (s.depth() + 1)));
      assertEquals(expected, p.value(), ReluDncTheoryTest.AGREEMENT * Math.max(1, expected), text);
      assertEquals(p.value(), new Objective(s).value(p.point()), EVALUATION, text);
    }
  }

  @Test
  void belowDncExactlyWhereRhoIsBelowOne() {
    for (String text : BELOW) {
      Setting s = Setting.parse(text);
      assertTrue(ReluLowRankCandidate.coefficientRatio(s) < 1, text);
      double dnc = new ReluDncTheory().predict(s).optimalValue();
      assertTrue(ReluLowRankCandidate.point(s).value() < dnc * (1 - 1e-3), text);
    }
    for (String text : ABOVE) {
      Setting s = Setting.parse(text);
      assertTrue(ReluLowRankCandidate.coefficientRatio(s) > 1, text);
      double dnc = new ReluDncTheory().predict(s).optimalValue();
      assertTrue(ReluLowRankCandidate.point(s).value() > dnc, text);
    }
  }

  /** Negative control: ρ with r^{M−2} in place of r^{M−1} gives a value the point does not have. */
  @Test
  void negativeControlAWrongRatioDisagreesWithThePoint() {
    Setting s = Setting.parse(BELOW[0]);
    int r = 4;
    double wrongRho = Math.pow(r, s.depth() - 2) / (2 * Math.pow(s.K(), s.depth() - 2));
    double wrong = ReluDncTheoryTest.scalarMinimum(s, Math.pow(wrongRho, 1.0 / (s.depth() + 1)));
    double actual = new Objective(s).value(ReluLowRankCandidate.point(s).point());
    assertFalse(Math.abs(wrong - actual) <= 1e3 * EVALUATION, wrong + " vs " + actual);
  }

  /** Outside the construction (K not C(r,2), or K = 3 = r) there is no point. */
  @Test
  void coversOnlyTriangularClassCounts() {
    assertFalse(ReluLowRankCandidate.covers(Setting.parse(RELU + "n=1,1,1,1 d=4 M=4 widths=4,4,4 lambdaW=0.003 lambdaH=0.003")));
    assertFalse(ReluLowRankCandidate.covers(Setting.parse(RELU + "n=1,1,1 d=3 M=4 widths=3,3,3 lambdaW=0.003 lambdaH=0.003")));
    assertFalse(ReluLowRankCandidate.covers(Setting.parse("loss=mse bias=none features=free n=1,1,1,1,1,1 d=6 M=4 lambdaW=0.003 lambdaH=0.003")));
    assertTrue(StructuredStarts.points(Setting.parse(BELOW[0])).stream()
        .anyMatch(p -> p.origin().startsWith("triangular-graph")));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/**
 * The smooth pieces of the ReLU objective that the non-smooth polish minimises
 * ({@link Objective#onPattern}, {@link Objective#activationPattern}): on its own pattern a piece
 * equals f, its gradient passes central differences, and it has no kinks; with one passing entry
 * switched off it is a different function (negative control).
 */
class ReluPatternTest {
  private static final Setting S = Setting.parse("loss=mse bias=none features=free n=2,1,2 d=3 M=3 "
      + "widths=4,3 lambdaW=0.01 lambdaH=0.02 activation=relu");

  @Test
  void onItsOwnPatternThePieceIsTheObjective() {
    qt().withFixedSeed(20261130L).withExamples(20).forAll(longs().all()).checkAssert(seed -> {
      Objective f = new Objective(S);
      double[] x = ObjectiveGradientTest.point(f, seed);
      Objective piece = f.onPattern(f.activationPattern(x));
      assertEquals(f.value(x), piece.value(x), 1e-14 * Math.max(1, Math.abs(f.value(x))));
      assertEquals(0.0, piece.kinkViolation(x));
      double worst = ObjectiveGradientTest.worstError(piece, x);
      assertTrue(worst < ObjectiveGradientTest.TOLERANCE, "seed " + seed + ": " + worst);
    });
  }

  /**
   * Negative control: the pattern with the last inner layer switched off (no unit passes, so the
   * outputs are 0) is another function wherever f's outputs are not 0.
   */
  @Test
  void negativeControlAnotherPatternIsAnotherFunction() {
    qt().withFixedSeed(20261130L).withExamples(20).forAll(longs().all()).checkAssert(seed -> {
      Objective f = new Objective(S);
      double[] x = ObjectiveGradientTest.point(f, seed);
      boolean[][] pattern = f.activationPattern(x);
      java.util.Arrays.fill(pattern[S.depth() - 1], false);
      boolean live = java.util.Arrays.stream(f.outputs(x)).anyMatch(v -> v != 0);
      if (live) {
        assertNotEquals(f.value(x), f.onPattern(pattern).value(x), "seed " + seed);
      }
    });
  }

  @Test
  void aLinearHeadHasNoPattern() {
    Objective linear = new Objective(S.withActivation(Activation.LINEAR));
    assertThrows(IllegalStateException.class, () -> linear.activationPattern(new double[linear.dimension()]));
  }
}

package ncverify.measure;

import static ncverify.measure.Fixtures.NEGATIVE_CONTROL_MIN;
import static ncverify.measure.Fixtures.ROUND_OFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Nc3Test {
  static final long SEED = 20260303L;
  static final int EXAMPLES = 60 * Integer.getInteger("ncverify.tries", 1);

  private static double[] positive(int k, Random rng) {
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      v[i] = 0.2 + 3 * rng.nextDouble();
    }
    return v;
  }

  /**
   * Means H̄ = U diag(r) (orthonormal U), W = diag(s) H̄ᵀ. The predicted scaling S = diag(s) is met
   * exactly. For a wrong prediction diag(s'), since U preserves Frobenius norms,
   * nd = ‖(s∘r)/‖s∘r‖ − (s'∘r)/‖s'∘r‖‖ and the relative distance is ‖(s − s')∘r‖/‖s'∘r‖.
   */
  @Test
  void diagonalScalingIsMetExactlyAndAWrongOneHasItsClosedFormDistance() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 6), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          double[][] u = Matrices.orthonormalColumns(k + extra, k, rng);
          double[] r = positive(k, rng);
          double[] s = positive(k, rng);
          double[][] means = Matrices.multiply(u, Matrices.diagonal(r));
          double[][] w = Matrices.multiply(Matrices.diagonal(s), Matrices.transpose(means));
          Distance exact = Nc3.alignment(w, means, s);
          assertEquals(0, exact.normalized(), ROUND_OFF);
          assertEquals(0, exact.relative(), ROUND_OFF);
          assertEquals(exact, Nc3.alignment(w, means, Matrices.diagonal(s)));

          // double the entry with the largest s_i r_i: then the relative distance is
          // s_i r_i / ‖s'∘r‖ ≥ s_i r_i / (√K · 2 s_i r_i) = 1/(2√K) ≥ 0.17 for K ≤ 8
          int big = 0;
          for (int i = 1; i < k; i++) {
            big = s[i] * r[i] > s[big] * r[big] ? i : big;
          }
          double[] wrong = s.clone();
          wrong[big] *= 2;
          double[] sr = new double[k];
          double[] wr = new double[k];
          double[] diff = new double[k];
          for (int i = 0; i < k; i++) {
            sr[i] = s[i] * r[i];
            wr[i] = wrong[i] * r[i];
            diff[i] = (s[i] - wrong[i]) * r[i];
          }
          double nsr = Matrices.norm(sr);
          double nwr = Matrices.norm(wr);
          double nd = 0;
          for (int i = 0; i < k; i++) {
            nd += Math.pow(sr[i] / nsr - wr[i] / nwr, 2);
          }
          Distance bad = Nc3.alignment(w, means, wrong);
          assertEquals(Math.sqrt(nd), bad.normalized(), ROUND_OFF);
          assertEquals(Matrices.norm(diff) / nwr, bad.relative(), ROUND_OFF);
          assertTrue(bad.relative() >= 1 / (2 * Math.sqrt(k)) - ROUND_OFF);
        });
  }

  /** A general (non-diagonal) scaling S and non-orthogonal means: W = S H̄ᵀ is met exactly. */
  @Test
  void generalScalingIsMetExactly() {
    Random rng = new Random(3);
    for (int k = 2; k <= 8; k++) {
      double[][] means = Fixtures.gaussian(k + 3, k, rng);
      double[][] s = Fixtures.gaussian(k, k, rng);
      double[][] w = Matrices.multiply(s, Matrices.transpose(means));
      assertEquals(0, Nc3.alignment(w, means, s).relative(), ROUND_OFF);
      // negative control: a random S is far from the plain alignment S = I
      assertTrue(Nc3.alignment(w, means) > NEGATIVE_CONTROL_MIN);
    }
  }

  /**
   * Negative control: the classifier is the ETF P H̄ᵀ of orthonormal means H̄ = U (P2's balanced
   * W ∝ P H̄ᵀ), but plain alignment (S = I) is predicted: nd(P Uᵀ, Uᵀ) = nd(P, I) =
   * √(2 − 2√((K−1)/K)). With the right prediction S = P the distance is 0.
   */
  @Test
  void etfClassifierAgainstPlainAlignmentHasTheDerivedDistance() {
    Random rng = new Random(5);
    for (int k = 2; k <= 8; k++) {
      double[][] u = Matrices.orthonormalColumns(k + 1, k, rng);
      double[][] w = Matrices.multiply(Matrices.centring(k), Matrices.transpose(u));
      assertEquals(Nc2Test.etfToFrame(k), Nc3.alignment(w, u), ROUND_OFF);
      assertEquals(0, Nc3.alignment(w, u, Matrices.centring(k)).normalized(), ROUND_OFF);
    }
  }

  /**
   * W = t P Uᵀ, H̄ = ρ U, b = (1/K)1: W H̄ + b1ᵀ = tρ P + J/K. Forgetting the bias costs exactly
   * ‖J/K‖_F = 1 in absolute distance.
   */
  @Test
  void logitMatrixIncludesTheBiasInEveryColumn() {
    Random rng = new Random(7);
    for (int k = 2; k <= 8; k++) {
      double[][] u = Matrices.orthonormalColumns(k + 2, k, rng);
      double t = 0.5 + rng.nextDouble();
      double rho = 0.5 + rng.nextDouble();
      double[][] w = Matrices.scale(Matrices.multiply(Matrices.centring(k), Matrices.transpose(u)), t);
      double[][] means = Matrices.scale(u, rho);
      double[] b = new double[k];
      java.util.Arrays.fill(b, 1.0 / k);
      double[][] predicted = Matrices.scale(Matrices.centring(k), t * rho);
      for (double[] row : predicted) {
        for (int j = 0; j < k; j++) {
          row[j] += 1.0 / k;
        }
      }
      Distance withBias = Nc3.logitMatrix(w, means, b, predicted);
      assertEquals(0, withBias.relative(), ROUND_OFF);
      Distance withoutBias = Nc3.logitMatrix(w, means, null, predicted);
      assertEquals(1, withoutBias.absolute(), ROUND_OFF);
    }
    double[][] z = Nc3.logits(new double[][] {{1, 0}, {0, 1}}, new double[][] {{2, 3}, {5, 7}},
        new double[] {10, 20});
    assertEquals(12, z[0][0], 0.0);
    assertEquals(13, z[0][1], 0.0);
    assertEquals(25, z[1][0], 0.0);
    assertEquals(27, z[1][1], 0.0);
  }

  @Test
  void zeroClassifierOrMeansHaveNoAlignment() {
    double[][] means = Fixtures.gaussian(4, 3, new Random(1));
    assertTrue(Double.isNaN(Nc3.alignment(new double[3][4], means)));
    assertTrue(Double.isNaN(Nc3.alignment(Matrices.transpose(means), new double[4][3])));
    assertThrows(IllegalArgumentException.class,
        () -> Nc3.alignment(new double[3][4], new double[3][4]));
  }
}

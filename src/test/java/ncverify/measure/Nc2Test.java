package ncverify.measure;

import static ncverify.measure.Fixtures.NEGATIVE_CONTROL_MIN;
import static ncverify.measure.Fixtures.ROUND_OFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Nc2Test {
  static final long SEED = 20260101L;
  static final int EXAMPLES = 60 * Integer.getInteger("ncverify.tries", 1);

  /** nd(P, I) = √(2 − 2√((K−1)/K)): ⟨P, I⟩ = tr P = K−1, ‖P‖_F = √(K−1), ‖I‖_F = √K. */
  static double etfToFrame(int k) {
    return Math.sqrt(2 - 2 * Math.sqrt((k - 1.0) / k));
  }

  /** K×d classifier whose rows form a simplex ETF: W = s·P Uᵀ, so W Wᵀ = s² P (UᵀU = I). */
  static double[][] etfClassifier(double[][] u, double s) {
    int k = Matrices.cols(u);
    return Matrices.scale(Matrices.multiply(Matrices.centring(k), Matrices.transpose(u)), s);
  }

  @Test
  void exactSimplexEtfIsAtZeroFromPAndAtTheDerivedDistanceFromI() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 6), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          double[][] u = Matrices.orthonormalColumns(k + extra, k, rng);
          double[][] w = etfClassifier(u, 0.1 + 10 * rng.nextDouble());
          double[][] g = Nc2.classifierGram(w);
          assertEquals(0, Nc2.toEtf(g), ROUND_OFF, "K=" + k);
          // negative control: an ETF where an orthogonal frame is predicted
          assertEquals(etfToFrame(k), Nc2.toOrthogonalFrame(g), ROUND_OFF);
          assertTrue(etfToFrame(k) > NEGATIVE_CONTROL_MIN);
          // the rows have pairwise cosines −1/(K−1)
          double[][] cos = Nc2.meanCosines(Matrices.transpose(w));
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              assertEquals(i == j ? 1 : -1.0 / (k - 1), cos[i][j], ROUND_OFF);
            }
          }
        });
  }

  @Test
  void exactOrthogonalFrameIsAtZeroFromIAndAtTheDerivedDistanceFromP() {
    qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 6), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          double[][] u = Matrices.orthonormalColumns(k + extra, k, rng);
          double[][] w = Matrices.scale(Matrices.transpose(u), 0.1 + 10 * rng.nextDouble());
          double[][] g = Nc2.classifierGram(w);
          assertEquals(0, Nc2.toOrthogonalFrame(g), ROUND_OFF);
          assertEquals(etfToFrame(k), Nc2.toEtf(g), ROUND_OFF);
          assertEquals(0, Nc2.maxAbsMeanCosine(u), ROUND_OFF);
        });
  }

  /**
   * Frame with vector j scaled by (1+ε): W Wᵀ = diag(1,…,s,…,1) with s = (1+ε)², F = ‖W Wᵀ‖_F =
   * √(K−1+s²), and nd(W Wᵀ, I)² = (K−1)(1/F − 1/√K)² + (s/F − 1/√K)² (diagonal entries only).
   */
  @Test
  void perturbedFrameHasItsClosedFormDistance() {
    Random rng = new Random(7);
    for (int k = 2; k <= 8; k++) {
      for (double eps : new double[] {1e-4, 1e-2, 0.3, 2}) {
        double[][] u = Matrices.orthonormalColumns(k + 2, k, rng);
        double[][] w = Matrices.transpose(u);
        int j = rng.nextInt(k);
        for (int c = 0; c < w[j].length; c++) {
          w[j][c] *= 1 + eps;
        }
        double s = (1 + eps) * (1 + eps);
        double f = Math.sqrt(k - 1 + s * s);
        double r = 1 / Math.sqrt(k);
        double expected = Math.sqrt((k - 1) * Math.pow(1 / f - r, 2) + Math.pow(s / f - r, 2));
        double measured = Nc2.toOrthogonalFrame(Nc2.classifierGram(w));
        assertEquals(expected, measured, ROUND_OFF * Math.max(1, expected), "K=" + k + " ε=" + eps);
        // the predicted Gram diag(1,…,s,…,1) is met exactly, scale included
        double[] diag = new double[k];
        java.util.Arrays.fill(diag, 1);
        diag[j] = s;
        Distance exact = Nc2.toGram(Nc2.classifierGram(w), Matrices.diagonal(diag));
        assertEquals(0, exact.normalized(), ROUND_OFF);
        assertEquals(0, exact.relative(), ROUND_OFF);
      }
    }
  }

  /**
   * A Gaussian W (K×d) is far from both shapes. Two exact lower bounds for any G ≠ 0:
   * <ul>
   *   <li>nd(G, P) ≥ ⟨Ĝ, J/K⟩ = 1ᵀG1 / (K‖G‖_F), since J/K (J = 11ᵀ) is a unit matrix orthogonal
   *       to P, and projecting Ĝ − P̂ onto it cannot increase the norm. For Gaussian W,
   *       1ᵀG1 = ‖Wᵀ1‖² ≈ Kd and ‖G‖_F ≈ d√K, so the bound is about 1/√K ≥ 0.35 for K ≤ 8;</li>
   *   <li>nd(G, I) ≥ ‖offdiag(G)‖_F/‖G‖_F, since Î has no off-diagonal part; about √((K−1)/d).</li>
   * </ul>
   */
  @Test
  void randomMatricesAreFarFromBothShapes() {
    qt().withFixedSeed(SEED + 2).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 6), longs().all())
        .checkAssert((k, extra, seed) -> {
          double[][] w = Fixtures.gaussian(k, k + extra, new Random(seed));
          double[][] g = Nc2.classifierGram(w);
          double norm = Matrices.frobeniusNorm(g);
          double total = 0;
          double off = 0;
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              total += g[i][j];
              off += i == j ? 0 : g[i][j] * g[i][j];
            }
          }
          double etfBound = total / (k * norm);
          double frameBound = Math.sqrt(off) / norm;
          assertTrue(Nc2.toEtf(g) >= etfBound - ROUND_OFF);
          assertTrue(Nc2.toOrthogonalFrame(g) >= frameBound - ROUND_OFF);
          assertTrue(Math.max(etfBound, 0) + frameBound > NEGATIVE_CONTROL_MIN,
              "bounds " + etfBound + ", " + frameBound);
          assertTrue(Nc2.toEtf(g) > NEGATIVE_CONTROL_MIN && Nc2.toOrthogonalFrame(g) > NEGATIVE_CONTROL_MIN);
        });
  }

  /**
   * Means r·U P + c1ᵀ (an ETF shifted by c ⊥ range U). Centred at the mean of means the Gram is r²P
   * exactly; uncentred it is r²P + |c|²J, whose distance from P is
   * √(2 − 2 r²(K−1)/(√(K−1)·√(r⁴(K−1) + |c|⁴K²))) (⟨J, P⟩ = 0, ‖J‖_F = K). Centred at the
   * sample-weighted h̄_G it is r²(I − 1nᵀ/N) P (I − n1ᵀ/N), an ETF only for balanced counts.
   */
  @Test
  void meanGramDependsOnTheNamedCentring() {
    Random rng = new Random(9);
    for (int k = 2; k <= 6; k++) {
      double[][] u = Matrices.orthonormalColumns(k + 2, k + 1, rng);
      double[][] uk = new double[k + 2][k];
      double[] c = new double[k + 2];
      double gamma = 0.5 + rng.nextDouble();
      double r = 0.5 + rng.nextDouble();
      for (int row = 0; row < k + 2; row++) {
        System.arraycopy(u[row], 0, uk[row], 0, k);
        c[row] = gamma * u[row][k];
      }
      double[][] means = Fixtures.addToColumns(
          Matrices.scale(Matrices.multiply(uk, Matrices.centring(k)), r), c);
      int[] counts = new int[k];
      for (int i = 0; i < k; i++) {
        counts[i] = 1 + rng.nextInt(4);
      }
      counts[0] = counts[1] + 1; // imbalanced for sure
      ClassStatistics s = ClassStatistics.of(Fixtures.featuresAround(means, counts, 0, rng),
          Fixtures.labels(counts), k);
      double[][] p = Matrices.centring(k);
      assertEquals(0, Nc2.toEtf(Nc2.meanGram(s, MeanCentring.MEAN_OF_MEANS)), ROUND_OFF);
      double expectUncentred = Math.sqrt(2 - 2 * r * r * (k - 1) / (Math.sqrt(k - 1)
          * Math.sqrt(Math.pow(r, 4) * (k - 1) + Math.pow(gamma, 4) * k * k)));
      assertEquals(expectUncentred, Nc2.toEtf(Nc2.meanGram(s, MeanCentring.UNCENTRED)), ROUND_OFF);
      int n = (int) Fixtures.sum(java.util.Arrays.stream(counts).asDoubleStream().toArray());
      double[][] left = Matrices.identity(k);
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          left[i][j] -= (double) counts[j] / n; // (I − 1nᵀ/N)
        }
      }
      double[][] expectGlobal = Matrices.scale(
          Matrices.multiply(Matrices.multiply(left, p), Matrices.transpose(left)), r * r);
      Distance global = Nc2.toGram(Nc2.meanGram(s, MeanCentring.GLOBAL_MEAN), expectGlobal);
      assertEquals(0, global.relative(), ROUND_OFF);
      // negative control: imbalanced → centring at h̄_G is not an exact ETF
      assertTrue(Nc2.toEtf(Nc2.meanGram(s, MeanCentring.GLOBAL_MEAN)) > 1e-6);
    }
  }

  @Test
  void wrongPredictedLengthsAreSeenByTheUnnormalisedDistance() {
    Random rng = new Random(13);
    double[] t2 = {4, 2, 1, 0.5};
    double[][] w = Matrices.multiply(Matrices.diagonal(sqrt(t2)),
        Matrices.transpose(Matrices.orthonormalColumns(6, 4, rng)));
    double[] wrong = {4, 2, 1, 1};
    Distance d = Nc2.toGram(Nc2.classifierGram(w), Matrices.diagonal(wrong));
    // relative distance: |0.5 − 1| / ‖wrong‖ (only one diagonal entry differs)
    assertEquals(0.5 / Matrices.norm(wrong), d.relative(), ROUND_OFF);
    assertEquals(0.5, d.absolute(), ROUND_OFF);
    // normalised: both Grams are diagonal, so nd is the distance of the normalised diagonals
    double[] a = t2.clone();
    double na = Matrices.norm(t2);
    double nb = Matrices.norm(wrong);
    double sq = 0;
    for (int i = 0; i < 4; i++) {
      sq += Math.pow(a[i] / na - wrong[i] / nb, 2);
    }
    assertEquals(Math.sqrt(sq), d.normalized(), ROUND_OFF);
  }

  @Test
  void cosinesOfZeroMeansAreUndefinedNeverZero() {
    double[][] means = {{1, 0, 0}, {0, 2, 0}, {0, 0, 0}}; // columns e1, 2e2, 0
    double[][] cos = Nc2.meanCosines(means);
    assertTrue(Double.isNaN(cos[0][2]) && Double.isNaN(cos[2][2]));
    assertEquals(0, Nc2.maxAbsMeanCosine(means), 0.0); // the only defined pair is orthogonal
    assertTrue(Double.isNaN(Nc2.maxAbsMeanCosine(new double[3][3])));
    assertTrue(Double.isNaN(Nc2.maxAbsMeanCosine(new double[][] {{1, 0}, {0, 0}})));
    // negative control: non-negative means sharing support; cos = (1·1)/(√2·√5)
    double[][] overlapping = {{1, 1}, {1, 0}, {0, 2}};
    assertEquals(1 / Math.sqrt(10), Nc2.maxAbsMeanCosine(overlapping), ROUND_OFF);
    assertTrue(Double.isNaN(Nc2.toEtf(new double[3][3])));
    assertTrue(Double.isNaN(Nc2.toOrthogonalFrame(new double[3][3])));
  }

  private static double[] sqrt(double[] v) {
    return java.util.Arrays.stream(v).map(Math::sqrt).toArray();
  }
}

package ncverify.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Nc4Test {
  static final long SEED = 20260404L;
  static final int EXAMPLES = 60 * Integer.getInteger("ncverify.tries", 1);

  /**
   * Collapsed features (no noise) at the ETF means H̄ = U P with the aligned classifier
   * W = H̄ᵀ: the logits of h̄_j are P P e_j = P e_j, maximal at j, so both rules return the label and
   * NC4 = 1. Swapping rows a ≠ b of W misclassifies exactly the samples of a and b, so
   * NC4 = (N − n_a − n_b)/N; a bias that lifts class c above every margin makes every prediction
   * c, so NC4 = n_c/N.
   */
  @Test
  void alignedClassifierAgreesAndKnownCorruptionsDisagreeByTheirCounts() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 4), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          int[] counts = Nc1Test.randomCounts(k, rng);
          int n = Arrays.stream(counts).sum();
          double[][] means = Matrices.multiply(Matrices.orthonormalColumns(k + extra, k, rng),
              Matrices.centring(k));
          double[][] h = Fixtures.featuresAround(means, counts, 0, rng);
          double[][] w = Matrices.transpose(means);
          int[] labels = Fixtures.labels(counts);
          ClassStatistics s = ClassStatistics.of(h, labels, k);
          assertEquals(1, Nc4.agreement(w, null, s), 0.0);
          assertArrayEquals(labels, Nc4.classifierPredictions(w, null, h));
          assertArrayEquals(labels, Nc4.nearestMeanPredictions(s.means(), h));

          int a = rng.nextInt(k);
          int b = (a + 1 + rng.nextInt(k - 1)) % k;
          double[][] swapped = Matrices.copy(w);
          swapped[a] = w[b].clone();
          swapped[b] = w[a].clone();
          assertEquals((double) (n - counts[a] - counts[b]) / n, Nc4.agreement(swapped, null, s),
              0.0);

          int c = rng.nextInt(k);
          double[] bias = new double[k];
          bias[c] = 10; // every logit of P e_j lies in [−1, 1], so +10 wins everywhere
          assertEquals((double) counts[c] / n, Nc4.agreement(w, bias, s), 0.0);
        });
  }

  @Test
  void tiesCountAsDisagreementSoZeroFeaturesGiveZero() {
    int[] counts = {2, 3};
    ClassStatistics zero = ClassStatistics.of(new double[3][5], Fixtures.labels(counts), 2);
    double[][] w = {{1, 0, 0}, {0, 1, 0}};
    assertEquals(0, Nc4.agreement(w, null, zero), 0.0);
    int[] ties = new int[5];
    Arrays.fill(ties, Nc4.TIE);
    assertArrayEquals(ties, Nc4.nearestMeanPredictions(zero.means(), zero.features()));
    // separated features but a zero classifier: every logit ties
    double[][] h = {{1, 1, -1, -1, -1}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}};
    ClassStatistics sep = ClassStatistics.of(h, Fixtures.labels(counts), 2);
    assertEquals(0, Nc4.agreement(new double[2][3], null, sep), 0.0);
    assertEquals(1, Nc4.agreement(new double[][] {{1, 0, 0}, {-1, 0, 0}}, null, sep), 0.0);
    // NaN logits are not decisions
    assertArrayEquals(new int[] {Nc4.TIE},
        Nc4.classifierPredictions(new double[][] {{1}, {Double.NaN}}, null, new double[][] {{1}}));
  }

  /**
   * The tie rule on exact constructions: classes 1 and 2 share one mean (as at minority collapse),
   * perturbed by ±1e-12 relative in a seed-dependent direction — the shared classes' samples give
   * ties (disagreement) for every seed, while class 0 is decided. Negative control: separating the
   * two means by 1e-3 relative decides every sample again.
   */
  @Test
  void nearTiesWithinTheToleranceAreTiesWhateverTheRoundOff() {
    int[] counts = {2, 2, 2};
    int[] labels = Fixtures.labels(counts);
    double[][] w = {{1, 0}, {0, 1}, {0, 1}};
    java.util.Set<Double> seen = new java.util.HashSet<>();
    for (long seed = 1; seed <= 8; seed++) {
      Random rng = new Random(seed);
      double[][] h = new double[2][6];
      h[0][0] = h[0][1] = 1;
      for (int i = 2; i < 6; i++) {
        h[1][i] = 1 + 1e-12 * rng.nextGaussian();
        h[0][i] = 1e-12 * rng.nextGaussian();
      }
      double[][] wNoisy = Matrices.copy(w);
      wNoisy[2][1] += 1e-12 * rng.nextGaussian();
      seen.add(Nc4.agreement(wNoisy, null, ClassStatistics.of(h, labels, 3)));
    }
    assertEquals(java.util.Set.of(2.0 / 6), seen, "the same NC4 for every seed");

    double[][] h = {{1, 1, -1e-3, -1e-3, 1e-3, 1e-3}, {0, 0, 1, 1, 1, 1}};
    double[][] wSep = {{2, 0}, {-1, 1}, {1, 1}};
    assertEquals(1, Nc4.agreement(wSep, null, ClassStatistics.of(h, labels, 3)), 0.0);
  }
}

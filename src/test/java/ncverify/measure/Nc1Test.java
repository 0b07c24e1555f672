package ncverify.measure;

import static ncverify.measure.Fixtures.ROUND_OFF;
import static ncverify.measure.Fixtures.ROUND_OFF_PER_CONDITION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Nc1Test {
  static final long SEED = 20260202L;
  static final int EXAMPLES = 60 * Integer.getInteger("ncverify.tries", 1);

  /** Embeds points p (2-D or 1-D, one row per sample) as h = V p + o in d dimensions. */
  private static double[][] embed(double[][] points, double[][] v, double[] offset) {
    int n = points.length;
    int d = v.length;
    double[][] h = new double[d][n];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < d; r++) {
        double x = offset[r];
        for (int c = 0; c < points[i].length; c++) {
          x += v[r][c] * points[i][c];
        }
        h[r][i] = x;
      }
    }
    return h;
  }

  /**
   * Two classes on a line (x = 1, 3 and x = −2, −3, −4), embedded along a random unit vector u of
   * R³ with a random offset. Then Σ_W = s_w uuᵀ and Σ_B = s_b uuᵀ with scalars from the definitions,
   * Σ_B⁺ = uuᵀ/s_b, so NC1 = (1/K) s_w/s_b, the trace quotient is s_w/s_b, and the single CDNV pair is
   * (σ_0² + σ_1²)/(2(m_0 − m_1)²).
   */
  @Test
  void twoClassesOnALineHaveTheirScalarValues() {
    double[] x = {1, 3, -2, -3, -4};
    int[] y = {0, 0, 1, 1, 1};
    int n = x.length;
    double[] m = new double[2];
    int[] cnt = new int[2];
    double g = 0;
    for (int i = 0; i < n; i++) {
      m[y[i]] += x[i];
      cnt[y[i]]++;
      g += x[i];
    }
    m[0] /= cnt[0];
    m[1] /= cnt[1];
    g /= n;
    double mm = (m[0] + m[1]) / 2;
    double sw = 0;
    double[] var = new double[2];
    for (int i = 0; i < n; i++) {
      double e = x[i] - m[y[i]];
      sw += e * e / n;
      var[y[i]] += e * e / cnt[y[i]];
    }
    double sbUniform = (sq(m[0] - g) + sq(m[1] - g)) / 2;
    double sbMeanOfMeans = (sq(m[0] - mm) + sq(m[1] - mm)) / 2;
    double sbWeighted = (cnt[0] * sq(m[0] - g) + cnt[1] * sq(m[1] - g)) / n;

    Random rng = new Random(31);
    double[][] u = Matrices.orthonormalColumns(3, 1, rng);
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      points[i] = new double[] {x[i]};
    }
    ClassStatistics s = ClassStatistics.of(
        embed(points, u, new double[] {0.3, -1.2, 2.0}), y, 2);
    double c = Nc1.DEFAULT_PINV_RELATIVE_CUTOFF;
    assertEquals(sw / sbUniform / 2, Nc1.traceRatio(s), ROUND_OFF);
    assertEquals(sw / sbUniform / 2, Nc1.traceRatio(s, BetweenCovariance.UNIFORM, c), ROUND_OFF);
    assertEquals(sw / sbMeanOfMeans / 2,
        Nc1.traceRatio(s, BetweenCovariance.UNIFORM_MEAN_OF_MEANS, c), ROUND_OFF);
    assertEquals(sw / sbWeighted / 2, Nc1.traceRatio(s, BetweenCovariance.SAMPLE_WEIGHTED, c),
        ROUND_OFF);
    assertEquals(sw / sbUniform, Nc1.traceQuotient(s), ROUND_OFF);
    assertEquals(sw / sbWeighted, Nc1.traceQuotient(s, BetweenCovariance.SAMPLE_WEIGHTED), ROUND_OFF);
    double cdnv = (var[0] + var[1]) / (2 * sq(m[0] - m[1]));
    assertEquals(cdnv, Nc1.cdnv(s).mean(), ROUND_OFF);
    assertEquals(cdnv, Nc1.cdnv(s).max(), ROUND_OFF);
    // the variants really differ on imbalanced data (so the tests above can tell them apart)
    assertTrue(Math.abs(sbUniform - sbWeighted) > 0.1 && Math.abs(sbUniform - sbMeanOfMeans) > 0.1);
  }

  /**
   * Three classes in the plane with full-rank Σ_B (2×2, inverted by the adjugate formula), embedded
   * in R⁵ by a random orthonormal V: there Σ_B has rank 2 and the pseudo-inverse is needed, but
   * (1/K) tr(Σ_W Σ_B⁺) is the planar value.
   */
  @Test
  void threeClassesInThePlaneMatchTheTwoByTwoFormula() {
    double[][] p = {
        {3, 0}, {1, 0},                     // class 0: (2,0) ± (1,0)
        {-1, 2}, {-1, 0},                   // class 1: (−1,1) ± (0,1)
        {1, -1}, {-1, -3}, {1, -3}, {-1, -1} // class 2: (0,−2) ± (1,1), ± (1,−1)
    };
    int[] y = {0, 0, 1, 1, 2, 2, 2, 2};
    int k = 3;
    int n = y.length;
    double[][] m = new double[k][2];
    int[] cnt = new int[k];
    double[] g = new double[2];
    for (int i = 0; i < n; i++) {
      cnt[y[i]]++;
      for (int c = 0; c < 2; c++) {
        m[y[i]][c] += p[i][c];
        g[c] += p[i][c] / n;
      }
    }
    for (int j = 0; j < k; j++) {
      m[j][0] /= cnt[j];
      m[j][1] /= cnt[j];
    }
    double[][] sw = new double[2][2];
    for (int i = 0; i < n; i++) {
      double e0 = p[i][0] - m[y[i]][0];
      double e1 = p[i][1] - m[y[i]][1];
      sw[0][0] += e0 * e0 / n;
      sw[0][1] += e0 * e1 / n;
      sw[1][1] += e1 * e1 / n;
    }
    sw[1][0] = sw[0][1];
    double[][] sb = new double[2][2];
    for (int j = 0; j < k; j++) {
      double a = m[j][0] - g[0];
      double b = m[j][1] - g[1];
      sb[0][0] += a * a / k;
      sb[0][1] += a * b / k;
      sb[1][1] += b * b / k;
    }
    sb[1][0] = sb[0][1];
    double det = sb[0][0] * sb[1][1] - sb[0][1] * sb[1][0];
    double[][] inv = {{sb[1][1] / det, -sb[0][1] / det}, {-sb[1][0] / det, sb[0][0] / det}};
    double expected = (sw[0][0] * inv[0][0] + sw[0][1] * inv[1][0]
        + sw[1][0] * inv[0][1] + sw[1][1] * inv[1][1]) / k;
    double expectedQuotient = (sw[0][0] + sw[1][1]) / (sb[0][0] + sb[1][1]);

    ClassStatistics plane = ClassStatistics.of(Matrices.transpose(p), y, k);
    assertEquals(expected, Nc1.traceRatio(plane), ROUND_OFF);
    assertEquals(expectedQuotient, Nc1.traceQuotient(plane), ROUND_OFF);
    double[][] v = Matrices.orthonormalColumns(5, 2, new Random(41));
    ClassStatistics space = ClassStatistics.of(
        embed(p, v, new double[] {1, 2, 3, 4, 5}), y, k);
    assertEquals(expected, Nc1.traceRatio(space), ROUND_OFF);
    assertEquals(expectedQuotient, Nc1.traceQuotient(space), ROUND_OFF);
    // Σ_W itself, rotated into R⁵: V Σ_W Vᵀ
    double[][] swSpace = Matrices.multiply(Matrices.multiply(v, sw), Matrices.transpose(v));
    assertEquals(0, Distances.absolute(space.withinCovariance(), swSpace), ROUND_OFF);
  }

  @Test
  void collapsedFeaturesGiveZero() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(0, 4), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          int[] counts = randomCounts(k, rng);
          double[][] means = Fixtures.gaussian(k + extra, k, rng);
          ClassStatistics s = ClassStatistics.of(Fixtures.featuresAround(means, counts, 0, rng),
              Fixtures.labels(counts), k);
          assertEquals(0, Nc1.traceRatio(s), ROUND_OFF);
          assertEquals(0, Nc1.traceQuotient(s), ROUND_OFF);
          assertEquals(0, Nc1.cdnv(s).max(), ROUND_OFF);
        });
  }

  @Test
  void allZeroFeaturesAreUndefinedNotCollapsed() {
    int[] counts = {3, 2, 2};
    ClassStatistics s = ClassStatistics.of(new double[4][7], Fixtures.labels(counts), 3);
    for (BetweenCovariance v : BetweenCovariance.values()) {
      assertTrue(Double.isNaN(Nc1.traceRatio(s, v, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF)), v.name());
      assertTrue(Double.isNaN(Nc1.traceQuotient(s, v)), v.name());
    }
    assertTrue(Double.isNaN(Nc1.cdnv(s).mean()));
    assertTrue(Double.isNaN(Nc1.cdnv(s).max()));
  }

  /** Every class is {1 ± 0.5} in each coordinate: identical means (Σ_B = 0 exactly), spread > 0. */
  @Test
  void coincidingMeansWithSpreadGiveInfinity() {
    int[] y = {0, 0, 1, 1};
    double[][] h = {{1.5, 0.5, 0.5, 1.5}, {1, 1, 1.5, 0.5}};
    ClassStatistics s = ClassStatistics.of(h, y, 2);
    assertEquals(Double.POSITIVE_INFINITY, Nc1.traceRatio(s));
    assertEquals(Double.POSITIVE_INFINITY, Nc1.traceQuotient(s));
    assertEquals(Double.POSITIVE_INFINITY, Nc1.cdnv(s).mean());
    // two of three classes coincide: NC1 stays finite but CDNV reports the inseparable pair
    int[] y3 = {0, 0, 1, 1, 2, 2};
    double[][] h3 = {{1.5, 0.5, 0.5, 1.5, 5, 5}, {1, 1, 1.5, 0.5, 3, 3}};
    ClassStatistics s3 = ClassStatistics.of(h3, y3, 3);
    assertTrue(Double.isFinite(Nc1.traceRatio(s3)));
    assertEquals(Double.POSITIVE_INFINITY, Nc1.cdnv(s3).max());
    assertEquals(Double.POSITIVE_INFINITY, Nc1.cdnv(s3).pairwise()[0][1]);
    assertTrue(Double.isFinite(Nc1.cdnv(s3).pairwise()[0][2]));
  }

  /**
   * Two classes at ±e1, spread only along e2: Σ_W = diag(0, 1), Σ_B = e1e1ᵀ. The pseudo-inverse
   * ratio cannot see spread outside span(Σ_B) and is 0; the trace quotient is 1/1 = 1.
   */
  @Test
  void traceRatioIsBlindToSpreadOutsideTheMeansButTheQuotientIsNot() {
    double[][] h = {{1, 1, -1, -1}, {1, -1, 1, -1}};
    ClassStatistics s = ClassStatistics.of(h, new int[] {0, 0, 1, 1}, 2);
    assertEquals(0, Nc1.traceRatio(s), ROUND_OFF);
    assertEquals(1, Nc1.traceQuotient(s), ROUND_OFF);
  }

  /**
   * Four classes at (±1, 0), (0, ±η), η = 2⁻²⁰, each with samples mean ± (α, 0), mean ± (0, β):
   * Σ_B = diag(1/2, η²/2), Σ_W = diag(α²/2, β²/2) (all exact in binary). λ_min/λ_max = η² ≈ 9e-13
   * lies below the default cut-off, so NC1 = (1/4)α²; with cut-off 0 it is (1/4)(α² + β²/η²).
   */
  @Test
  void theCutOffDropsOnlyDirectionsBelowIt() {
    double eta = Math.scalb(1.0, -20);
    double alpha = 0.5;
    double beta = 1;
    double[][] means = {{1, 0}, {-1, 0}, {0, eta}, {0, -eta}};
    double[][] h = new double[2][16];
    int[] y = new int[16];
    double[][] offsets = {{alpha, 0}, {-alpha, 0}, {0, beta}, {0, -beta}};
    int i = 0;
    for (int k = 0; k < 4; k++) {
      for (double[] o : offsets) {
        h[0][i] = means[k][0] + o[0];
        h[1][i] = means[k][1] + o[1];
        y[i++] = k;
      }
    }
    ClassStatistics s = ClassStatistics.of(h, y, 4);
    assertEquals(alpha * alpha / 4, Nc1.traceRatio(s), ROUND_OFF);
    double full = (alpha * alpha + beta * beta / (eta * eta)) / 4;
    assertEquals(1, Nc1.traceRatio(s, BetweenCovariance.UNIFORM, 0) / full, ROUND_OFF);
    assertEquals((alpha * alpha + beta * beta) / (1 + eta * eta), Nc1.traceQuotient(s), ROUND_OFF);
  }

  /**
   * On random data the factor-SVD route of {@link Nc1#traceRatio} agrees with forming Σ_W, Σ_B and
   * pseudo-inverting (a different algorithm), for every variant; Σ_T = Σ_W + Σ_B(SAMPLE_WEIGHTED);
   * uᵀΣ_W u agrees with the O(dN) quadratic form.
   */
  @Test
  void traceRatioAgreesWithTheExplicitPseudoInverse() {
    qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES)
        .forAll(integers().between(2, 8), integers().between(-1, 5), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          int d = Math.max(1, k + extra);
          int[] counts = randomCounts(k, rng);
          ClassStatistics s = ClassStatistics.of(
              Fixtures.featuresAround(Fixtures.gaussian(d, k, rng), counts, 0.5, rng),
              Fixtures.labels(counts), k);
          double[][] sw = s.withinCovariance();
          assertEquals(Matrices.trace(sw), s.withinTrace(), ROUND_OFF * (1 + s.withinTrace()));
          double[] u = Fixtures.gaussian(1, d, rng)[0];
          double quad = Matrices.dot(u, Matrices.multiply(sw, u));
          assertEquals(quad, s.withinQuadraticForm(u), ROUND_OFF * (1 + Math.abs(quad)));
          for (BetweenCovariance v : BetweenCovariance.values()) {
            double[][] sb = s.betweenCovariance(v);
            double[] sv = Matrices.singularValues(s.betweenFactor(v));
            double lambdaMin = Double.POSITIVE_INFINITY;
            for (double x : sv) {
              if (x * x > Nc1.DEFAULT_PINV_RELATIVE_CUTOFF * sv[0] * sv[0]) {
                lambdaMin = Math.min(lambdaMin, x * x);
              }
            }
            double kappa = sv[0] * sv[0] / lambdaMin;
            double explicit = Matrices.trace(Matrices.multiply(sw,
                Matrices.pseudoInverse(sb, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF))) / k;
            double measured = Nc1.traceRatio(s, v, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF);
            assertEquals(explicit, measured, ROUND_OFF_PER_CONDITION * kappa * Math.abs(explicit),
                v + " κ=" + kappa);
            assertEquals(Matrices.trace(sw) / Matrices.trace(sb), Nc1.traceQuotient(s, v),
                ROUND_OFF * Nc1.traceQuotient(s, v));
          }
          double[] hg = s.globalMean();
          double[][] h = s.features();
          double[][] st = new double[d][d];
          for (int i = 0; i < s.samples(); i++) {
            for (int a = 0; a < d; a++) {
              for (int b = 0; b < d; b++) {
                st[a][b] += (h[a][i] - hg[a]) * (h[b][i] - hg[b]) / s.samples();
              }
            }
          }
          double[][] sum = Matrices.add(sw, s.betweenCovariance(BetweenCovariance.SAMPLE_WEIGHTED));
          assertEquals(0, Distances.relative(sum, st), ROUND_OFF);
        });
  }

  /**
   * NC1 and its variants are invariant under H → c·Q H + o1ᵀ (Q orthogonal, c ∈ [1e-3, 1e3], o of
   * the size of c·H so that the shift costs no digits); agreement to ROUND_OFF relative.
   */
  @Test
  void allVariantsAreInvariantUnderRotationScalingAndShift() {
    qt().withFixedSeed(SEED + 2).withExamples(EXAMPLES)
        .forAll(integers().between(2, 6), integers().between(0, 4), longs().all())
        .checkAssert((k, extra, seed) -> {
          Random rng = new Random(seed);
          int d = k + extra;
          int[] counts = randomCounts(k, rng);
          int[] y = Fixtures.labels(counts);
          double[][] h = Fixtures.featuresAround(Fixtures.gaussian(d, k, rng), counts, 0.3, rng);
          double[][] q = Matrices.orthonormalColumns(d, d, rng);
          double c = Math.pow(10, -3 + 6 * rng.nextDouble());
          double[][] moved = Fixtures.addToColumns(Matrices.scale(Matrices.multiply(q, h), c),
              Matrices.scale(Fixtures.gaussian(1, d, rng), c)[0]);
          ClassStatistics a = ClassStatistics.of(h, y, k);
          ClassStatistics b = ClassStatistics.of(moved, y, k);
          for (BetweenCovariance v : BetweenCovariance.values()) {
            double ra = Nc1.traceRatio(a, v, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF);
            double rb = Nc1.traceRatio(b, v, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF);
            assertEquals(ra, rb, ROUND_OFF * ra, v.name());
            assertEquals(Nc1.traceQuotient(a, v), Nc1.traceQuotient(b, v),
                ROUND_OFF * Nc1.traceQuotient(a, v));
          }
          assertEquals(Nc1.cdnv(a).mean(), Nc1.cdnv(b).mean(), ROUND_OFF * Nc1.cdnv(a).mean());
        });
  }

  static int[] randomCounts(int k, Random rng) {
    int[] counts = new int[k];
    for (int j = 0; j < k; j++) {
      counts[j] = 1 + rng.nextInt(6);
    }
    return counts;
  }

  private static double sq(double x) {
    return x * x;
  }
}

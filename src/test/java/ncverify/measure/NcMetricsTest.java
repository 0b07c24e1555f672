package ncverify.measure;

import static ncverify.measure.Fixtures.ROUND_OFF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class NcMetricsTest {
  static final Setting SETTING = Setting.parse(
      "loss=mse bias=none features=free n=3,2,2 d=4 M=2 lambdaW=1e-3 lambdaH=1e-3");

  @Test
  void agreesWithTheDirectFunctionsOnARandomPoint() {
    Layout layout = new Layout(SETTING);
    Random rng = new Random(17);
    double[] x = new double[layout.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    NcMetrics m = NcMetrics.of(SETTING, x);

    double[][] w = Matrices.multiply(layout.wMatrix(x, 2), layout.wMatrix(x, 1));
    ClassStatistics s = ClassStatistics.of(layout.hMatrix(x), SETTING.labels(), SETTING.K());
    double[][] means = s.means();
    double[][] centred = s.centredMeans(MeanCentring.GLOBAL_MEAN);
    assertEquals(Nc1.traceRatio(s, BetweenCovariance.UNIFORM, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF),
        m.nc1());
    assertEquals(Nc1.traceQuotient(s, BetweenCovariance.UNIFORM), m.nc1TraceQuotient());
    assertEquals(Nc1.cdnv(s).mean(), m.cdnv());
    assertEquals(Nc1.cdnv(s).max(), m.cdnvMax());
    assertEquals(Distances.normalized(Matrices.rowGram(w), Matrices.centring(3)), m.nc2EtfW(),
        ROUND_OFF);
    assertEquals(Distances.normalized(Matrices.columnGram(centred), Matrices.centring(3)),
        m.nc2EtfH(), ROUND_OFF);
    assertEquals(Distances.normalized(Matrices.rowGram(w), Matrices.identity(3)), m.nc2OrthoW(),
        ROUND_OFF);
    assertEquals(Distances.normalized(Matrices.columnGram(means), Matrices.identity(3)),
        m.nc2OrthoH(), ROUND_OFF);
    assertEquals(Distances.normalized(w, Matrices.transpose(means)), m.nc3(), ROUND_OFF);
    assertEquals(Distances.normalized(w, Matrices.transpose(centred)), m.nc3Centred(), ROUND_OFF);
    assertEquals(Nc4.agreement(w, null, s), m.nc4());
    assertEquals(Nc2.maxAbsMeanCosine(means), m.maxMeanCosine());
    assertArrayEquals(s.meanNormsSquared(), m.classMeanNormsSq(), ROUND_OFF);
    for (int k = 0; k < 3; k++) {
      assertEquals(Matrices.dot(w[k], w[k]), m.classifierNormsSq()[k], ROUND_OFF);
    }
    // a random point is not collapsed (negative control for the constructed point below)
    assertTrue(m.nc1() > Fixtures.NEGATIVE_CONTROL_MIN && m.nc3() > Fixtures.NEGATIVE_CONTROL_MIN);
    assertEquals(m, NcMetrics.of(layout, x.clone()), "same input, same output");
  }

  /**
   * A collapsed orthogonal-frame point built through the layout: means h̄_k = r_k U e_k (U 4×3
   * orthonormal), W_1 = R (orthogonal), W_2 = diag(s) Uᵀ Rᵀ, so W = diag(s) Uᵀ. Since U preserves
   * Frobenius norms, every metric reduces to a closed form in r, s and the counts n:
   * <ul>
   *   <li>NC1 variants and CDNV: 0 (every sample sits on its mean);</li>
   *   <li>nd(W Wᵀ, I) = ‖s²/‖s²‖ − 1/√K‖, nd(H̄ᵀH̄, I) = ‖r²/‖r²‖ − 1/√K‖ (squares entrywise);</li>
   *   <li>nd(diag(a), P)² = 2 − 2(1 − 1/K)Σa / (‖a‖√(K−1)), since ⟨diag(a), P⟩ = (1 − 1/K)Σa;</li>
   *   <li>nd(W, H̄ᵀ) = ‖s/‖s‖ − r/‖r‖‖; the centred means are U diag(r)(I − n1ᵀ/N), so
   *       nd(W, centred ᵀ) = nd(diag(s), (I − 1nᵀ/N) diag(r)) and the centred Gram is
   *       (I − 1nᵀ/N) diag(r²) (I − n1ᵀ/N);</li>
   *   <li>logits of h̄_j are s_j r_j e_j, so NC4 = 1; means are orthogonal, max cosine 0.</li>
   * </ul>
   */
  @Test
  void collapsedOrthogonalFramePointHasItsClosedForms() {
    Layout layout = new Layout(SETTING);
    Random rng = new Random(19);
    double[] r = {1.5, 0.7, 1.1};
    double[] s = {0.9, 2.0, 1.3};
    int k = 3;
    int[] n = SETTING.counts();
    int total = SETTING.N();
    double[][] u = Matrices.orthonormalColumns(4, 3, rng);
    double[][] rot = Matrices.orthonormalColumns(4, 4, rng);
    double[] x = new double[layout.size()];
    layout.setW(x, 1, rot);
    layout.setW(x, 2, Matrices.multiply(Matrices.multiply(Matrices.diagonal(s),
        Matrices.transpose(u)), Matrices.transpose(rot)));
    double[][] means = Matrices.multiply(u, Matrices.diagonal(r));
    layout.setH(x, Fixtures.featuresAround(means, n, 0, rng));
    NcMetrics m = NcMetrics.of(SETTING, x);

    assertEquals(0, m.nc1(), ROUND_OFF);
    assertEquals(0, m.nc1TraceQuotient(), ROUND_OFF);
    assertEquals(0, m.cdnv(), ROUND_OFF);
    assertEquals(0, m.cdnvMax(), ROUND_OFF);
    double[] s2 = square(s);
    double[] r2 = square(r);
    assertEquals(toUniform(s2), m.nc2OrthoW(), ROUND_OFF);
    assertEquals(toUniform(r2), m.nc2OrthoH(), ROUND_OFF);
    assertEquals(diagonalToP(s2), m.nc2EtfW(), ROUND_OFF);
    double[][] left = Matrices.identity(k); // I − 1nᵀ/N
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        left[i][j] -= (double) n[j] / total;
      }
    }
    double[][] centredGram = Matrices.multiply(Matrices.multiply(left, Matrices.diagonal(r2)),
        Matrices.transpose(left));
    assertEquals(Distances.normalized(centredGram, Matrices.centring(k)), m.nc2EtfH(), ROUND_OFF);
    double ns = Matrices.norm(s);
    double nr = Matrices.norm(r);
    double nd3 = 0;
    for (int i = 0; i < k; i++) {
      nd3 += Math.pow(s[i] / ns - r[i] / nr, 2);
    }
    assertEquals(Math.sqrt(nd3), m.nc3(), ROUND_OFF);
    assertEquals(Distances.normalized(Matrices.diagonal(s),
        Matrices.multiply(left, Matrices.diagonal(r))), m.nc3Centred(), ROUND_OFF);
    assertEquals(1, m.nc4(), 0.0);
    assertEquals(0, m.maxMeanCosine(), ROUND_OFF);
    assertArrayEquals(r2, m.classMeanNormsSq(), ROUND_OFF);
    assertArrayEquals(s2, m.classifierNormsSq(), ROUND_OFF);
  }

  /** The bias is read from the layout: lifting class 2 above every logit makes NC4 = n_2/N. */
  @Test
  void biasComesFromTheParameterVector() {
    Setting withBias = Setting.parse(
        "loss=ce bias=free features=free n=3,2,2 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3");
    Layout layout = new Layout(withBias);
    Random rng = new Random(23);
    double[][] u = Matrices.orthonormalColumns(4, 3, rng);
    double[] x = new double[layout.size()];
    layout.setW(x, 1, Matrices.transpose(u));
    layout.setH(x, Fixtures.featuresAround(u, withBias.counts(), 0, rng));
    assertEquals(1, NcMetrics.of(withBias, x).nc4(), 0.0);
    x[layout.bOffset() + 2] = 10; // logits of h̄_j are e_j, so +10 on class 2 wins everywhere
    assertEquals((double) withBias.count(2) / withBias.N(), NcMetrics.of(withBias, x).nc4(), 0.0);
  }

  @Test
  void theZeroPointIsUndefinedNotCollapsed() {
    NcMetrics m = NcMetrics.of(SETTING, new double[new Layout(SETTING).size()]);
    for (double v : new double[] {m.nc1(), m.nc1TraceQuotient(), m.cdnv(), m.cdnvMax(),
        m.nc2EtfW(), m.nc2EtfH(), m.nc2OrthoW(), m.nc2OrthoH(), m.nc3(), m.nc3Centred(),
        m.maxMeanCosine()}) {
      assertTrue(Double.isNaN(v), m.toString());
    }
    assertTrue(Double.isNaN(m.nc4()), m.toString());
    assertArrayEquals(new double[3], m.classMeanNormsSq(), 0.0);
  }

  /**
   * Features and classifiers at round-off size around the origin (entries 1e-10 · N(0,1), so class
   * logits W_2 W_1 h̄ ~1e-30, like a certified run that ended at the collapsed optimum) give NaN for every
   * geometric metric at every seed, instead of seed-dependent values; the norms stay measured.
   * Negative control: the same random point scaled by 1e7, so its logits are ~1e-9 (far above
   * round-off), is measured.
   */
  @Test
  void aPointAtTheOriginUpToRoundOffIsUndefinedForEverySeed() {
    Layout layout = new Layout(SETTING);
    for (long seed = 1; seed <= 6; seed++) {
      Random rng = new Random(seed);
      double[] x = new double[layout.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = 1e-10 * rng.nextGaussian();
      }
      NcMetrics m = NcMetrics.of(SETTING, x);
      for (double v : new double[] {m.nc1(), m.nc1TraceQuotient(), m.cdnv(), m.cdnvMax(),
          m.nc2EtfW(), m.nc2EtfH(), m.nc2OrthoW(), m.nc2OrthoH(), m.nc3(), m.nc3Centred(),
          m.nc4(), m.maxMeanCosine()}) {
        assertTrue(Double.isNaN(v), "seed " + seed + ": " + m);
      }
      assertTrue(m.classMeanNormsSq()[0] > 0, m.toString());

      double[] live = x.clone();
      for (int i = 0; i < live.length; i++) {
        live[i] *= 1e7; // three factors: logits gain 1e21
      }
      NcMetrics measured = NcMetrics.of(SETTING, live);
      assertTrue(Double.isFinite(measured.nc1()) && Double.isFinite(measured.nc3())
          && !Double.isNaN(measured.nc4()), measured.toString());
    }
  }

  @Test
  void serialisesToJsonWithEveryNamedFieldAndBack() throws Exception {
    ObjectMapper om = new ObjectMapper();
    Random rng = new Random(29);
    double[] x = new double[new Layout(SETTING).size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (double[] point : new double[][] {x, new double[x.length]}) {
      NcMetrics m = NcMetrics.of(SETTING, point);
      String json = om.writeValueAsString(m);
      JsonNode tree = om.readTree(json);
      Set<String> names = new TreeSet<>();
      tree.fieldNames().forEachRemaining(names::add);
      Set<String> components = Arrays.stream(NcMetrics.class.getRecordComponents())
          .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(components, names);
      assertEquals(m, om.readValue(json, NcMetrics.class), json);
    }
  }

  @Test
  void rejectsAParameterVectorOfTheWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> NcMetrics.of(SETTING, new double[3]));
  }

  private static double[] square(double[] v) {
    return Arrays.stream(v).map(a -> a * a).toArray();
  }

  /** nd(diag(a), I) = ‖a/‖a‖ − 1/√K‖ (vectors). */
  private static double toUniform(double[] a) {
    double na = Matrices.norm(a);
    double sum = 0;
    for (double v : a) {
      sum += Math.pow(v / na - 1 / Math.sqrt(a.length), 2);
    }
    return Math.sqrt(sum);
  }

  /** nd(diag(a), P) = √(2 − 2(1 − 1/K)Σa / (‖a‖√(K−1))). */
  private static double diagonalToP(double[] a) {
    int k = a.length;
    double cos = (1 - 1.0 / k) * Fixtures.sum(a) / (Matrices.norm(a) * Math.sqrt(k - 1));
    return Math.sqrt(2 - 2 * cos);
  }
}

package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import ncverify.data.LabelledImages;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Layout;
import ncverify.problem.Loss;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Backprop of {@link Mlp} against central finite differences, on a tiny double-precision net. */
class MlpGradientTest {
  /** Central differences in double have error O(h²·f''') + O(ε/h) ≈ 1e-10 at h = 1e-6. */
  private static final double FD_STEP = 1e-6;
  /** Relative gradient error allowed: far above FD error (~1e-8), far below a real bug (~1e-1). */
  private static final double GRADIENT_TOLERANCE = 1e-6;

  private static final int[] COUNTS = {2, 3, 2};

  private static LabelledImages tinyData(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 7;
    int pixels = 6;
    float[] v = new float[n * pixels];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    int[] labels = {0, 0, 1, 1, 1, 2, 2}; // class by class, as Setting.labels() lays them out
    return new LabelledImages(n, pixels, v, labels, 3);
  }

  private static double worstError(Loss loss, boolean bias, int headDepth, double lambdaHForValue,
      MlpShape.FeatureLayer features) {
    LabelledImages data = tinyData(3);
    int[] headInner = headDepth == 1 ? new int[0] : new int[] {4};
    Mlp net = new Mlp(new MlpShape(6, new int[] {5, 4}, headInner, 3, bias, features),
        DataType.DOUBLE, 11);
    if (features == MlpShape.FeatureLayer.BATCHNORM) {
      // move γ, β off their initial 1, 0 so that a wrong role of either shows
      double[] x = net.getParameters();
      int gammaAt = 5 * 6 + 5 + 4 * 5 + 4;
      for (int r = 0; r < 4; r++) {
        x[gammaAt + r] = 0.7 + 0.2 * r;
        x[gammaAt + 4 + r] = 0.1 * r - 0.15;
      }
      net.setParameters(x);
    }
    int[] batch = {0, 1, 2, 3, 4, 5, 6};
    double lambdaW = 0.03;
    double lambdaH = 0.05;
    net.lossAndGradient(data, batch, batch.length, loss, lambdaW, lambdaH);
    double[] g = net.getGradient();
    double[] x = net.getParameters();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[i] += FD_STEP;
      xm[i] -= FD_STEP;
      net.setParameters(xp);
      double fp = net.lossAndGradient(data, batch, batch.length, loss, lambdaW, lambdaHForValue);
      net.setParameters(xm);
      double fm = net.lossAndGradient(data, batch, batch.length, loss, lambdaW, lambdaHForValue);
      double fd = (fp - fm) / (2 * FD_STEP);
      worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(g[i])));
    }
    net.setParameters(x);
    return worst;
  }

  @Test
  void backpropMatchesFiniteDifferencesForEveryHeadAndFeatureVariant() {
    for (MlpShape.FeatureLayer features : MlpShape.FeatureLayer.values()) {
      for (Loss loss : Loss.examples()) {
        for (boolean bias : new boolean[] {false, true}) {
          for (int depth = 1; depth <= 2; depth++) {
            double worst = worstError(loss, bias, depth, 0.05, features);
            assertTrue(worst < GRADIENT_TOLERANCE, features + " " + loss + " bias=" + bias
                + " M=" + depth + ": worst relative gradient error " + worst);
          }
        }
      }
    }
  }

  /**
   * float32 backprop (its own code path: bit-mask ReLU derivative, bias gradients by gemv) against
   * the double one checked above, at the same parameters, three ReLU layers: relative error a
   * few float ulps of the sums (7 samples, width ≤ 6), far below a wrong or missing term.
   */
  private static final double FLOAT_VS_DOUBLE_TOLERANCE = 1e-4;

  private static double floatVsDoubleError(double lambdaHFloat) {
    LabelledImages data = tinyData(5);
    MlpShape shape = new MlpShape(6, new int[] {5, 6, 4}, new int[0], 3, true);
    Mlp wide = new Mlp(shape, DataType.DOUBLE, 13);
    Mlp single = new Mlp(shape, DataType.FLOAT, 13);
    double[] x = wide.getParameters();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (x[i] + 0.1 * Math.sin(i)); // non-zero biases; exactly representable
    }
    wide.setParameters(x);
    single.setParameters(x);
    int[] batch = {6, 0, 5, 1, 4, 2, 3};
    wide.lossAndGradient(data, batch, batch.length, Loss.CE, 0.03, 0.05);
    single.lossAndGradient(data, batch, batch.length, Loss.CE, 0.03, lambdaHFloat);
    double[] gw = wide.getGradient();
    double[] gs = single.getGradient();
    double scale = 0;
    for (double v : gw) {
      scale = Math.max(scale, Math.abs(v));
    }
    double worst = 0;
    for (int i = 0; i < gw.length; i++) {
      worst = Math.max(worst, Math.abs(gw[i] - gs[i]) / scale);
    }
    return worst;
  }

  @Test
  void floatBackpropMatchesTheDoubleOne() {
    assertTrue(floatVsDoubleError(0.05) < FLOAT_VS_DOUBLE_TOLERANCE);
    // control: a different feature penalty in the float net is seen
    assertTrue(floatVsDoubleError(0.5) > 100 * FLOAT_VS_DOUBLE_TOLERANCE);
  }

  @Test
  void negativeControlAWrongGradientIsCaught() {
    // Differentiate the objective with λ_H = 0.05 but evaluate it with λ_H = 0: the feature-penalty
    // term of the gradient is then unexplained and the check must fail, for every feature layer.
    for (MlpShape.FeatureLayer features : MlpShape.FeatureLayer.values()) {
      double worst = worstError(Loss.CE, false, 1, 0.0, features);
      assertTrue(worst > 100 * GRADIENT_TOLERANCE, features + ": missed a wrong gradient " + worst);
    }
  }

  @Test
  void batchNormFeaturesAreNormalisedWithTheBatchStatistics() {
    // With γ = 1, β = 0 every feature has mean 0 and variance σ²/(σ² + ε) over the batch; the
    // statistics of evaluate (all images given) are those of the same images as one batch.
    LabelledImages data = tinyData(3);
    Mlp net = new Mlp(new MlpShape(6, new int[] {5, 4}, new int[0], 3, false,
        MlpShape.FeatureLayer.BATCHNORM), DataType.DOUBLE, 11);
    int[] all = {0, 1, 2, 3, 4, 5, 6};
    double[][] h = net.evaluate(data, all, 3).features();
    for (double[] row : h) {
      double mean = java.util.Arrays.stream(row).average().orElseThrow();
      double meanSquare = java.util.Arrays.stream(row).map(x -> x * x).average().orElseThrow();
      assertEquals(0, mean, VALUE_TOLERANCE);
      assertTrue(meanSquare < 1 + VALUE_TOLERANCE, "normalised variance " + meanSquare);
      // a dead unit (σ = 0) gives 0; a live one is within ε of 1
      assertTrue(meanSquare < VALUE_TOLERANCE || meanSquare > 0.9, "variance " + meanSquare);
    }
    // negative control: the ReLU features of the same net are not centred
    Mlp relu = new Mlp(new MlpShape(6, new int[] {5, 4}, new int[0], 3, false), DataType.DOUBLE, 11);
    double[][] r = relu.evaluate(data, all, 3).features();
    assertTrue(java.util.Arrays.stream(r).anyMatch(row ->
        Math.abs(java.util.Arrays.stream(row).average().orElseThrow()) > 1e-3));
  }

  /** Round-off of a handful of double additions. */
  private static final double VALUE_TOLERANCE = 1e-12;

  @Test
  void headObjectiveEqualsTheUfmObjectiveWithEffectiveLambdas() {
    // For fixed features H, F_B over the whole data set must equal THEORY §2's objective with
    // λ_H,eff = λ_H / N and λ_W,eff = λ_W (problem.Objective, written independently).
    for (MlpShape.FeatureLayer features : MlpShape.FeatureLayer.values()) {
    for (Loss loss : Loss.examples()) {
      for (boolean bias : new boolean[] {false, true}) {
        LabelledImages data = tinyData(5);
        Mlp net = new Mlp(new MlpShape(6, new int[] {5, 4}, new int[] {4}, 3, bias, features),
            DataType.DOUBLE, 2);
        if (bias) {
          double[] p = net.getParameters();
          for (int c = 0; c < 3; c++) {
            p[p.length - 3 + c] = 0.1 * (c + 1);
          }
          net.setParameters(p);
        }
        int[] all = {0, 1, 2, 3, 4, 5, 6};
        double lambdaW = 0.03;
        double lambdaH = 0.05;
        double mine = net.lossAndGradient(data, all, all.length, loss, lambdaW, lambdaH);

        EffectiveLambdas eff = EffectiveLambdas.of(lambdaW, lambdaH, all.length);
        Setting s = Setting.of(loss, bias ? Bias.FREE : Bias.NONE,
            features.nonNegative() ? Features.NONNEG : Features.FREE, COUNTS, 4, 2,
            eff.lambdaW(), eff.lambdaH());
        Layout layout = new Layout(s);
        double[] x = new double[layout.size()];
        layout.setW(x, 1, net.headWeight(1));
        layout.setW(x, 2, net.headWeight(2));
        layout.setH(x, net.evaluate(data, all, 3).features());
        if (bias) {
          System.arraycopy(net.headBias(), 0, x, layout.bOffset(), 3);
        }
        double theirs = new Objective(s).value(x);
        assertEquals(theirs, mine, VALUE_TOLERANCE * Math.max(1, Math.abs(theirs)),
            loss + " bias=" + bias);
        // negative control: the naive mapping λ_H,eff = λ_H (sum instead of mean) disagrees
        Setting naive = s.withLambdas(s.lambdaW(), lambdaH);
        double wrong = new Objective(naive).value(x);
        assertTrue(Math.abs(wrong - mine) > 1e3 * VALUE_TOLERANCE, "naive mapping not detected");
      }
    }
    }
  }
}

package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.catalog.Catalogue;
import ncverify.measure.PointGeometry;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Comparisons modulo the objective's symmetries (issue 11). Sign flips of a layer pair and the
 * mixing of equal-count classes cannot fool a check: the first leaves every measured quantity
 * unchanged, the second leaves every prediction unchanged away from a tie (the prediction is a
 * fixed point); at a tie the point is aligned first ({@link Symmetries#alignEqualCounts}, used by
 * the verifier's tie rule, see ncverify.verify.TiesTest). Controls: the same moves where they are
 * not symmetries change the objective and the deviations, and a wrong per-class prediction still
 * deviates at the moved point.
 */
public class SymmetriesTest {

  /**
   * x with classes a and b mixed by the rotation [[c, −s], [s, c]] (c = cos, s = √(1 − c²)):
   * W_M → QᵀW_M (rows), H̄ → H̄Q, each sample keeping its offset from its class mean.
   */
  public static double[] mixClasses(Setting s, double[] x, int a, int b, double cos) {
    double sin = Math.sqrt(1 - cos * cos);
    return moveClasses(s, x, a, b, new double[][] {{cos, -sin}, {sin, cos}});
  }

  /** x with classes a and b exchanged (the permutation Q = [[0, 1], [1, 0]]). */
  public static double[] swapClasses(Setting s, double[] x, int a, int b) {
    return moveClasses(s, x, a, b, new double[][] {{0, 1}, {1, 0}});
  }

  /** W_M → QᵀW_M and H̄ → H̄Q for Q acting on classes (a, b) as the 2 × 2 matrix q. */
  private static double[] moveClasses(Setting s, double[] x, int a, int b, double[][] q) {
    Layout layout = new Layout(s);
    double[] out = x.clone();
    double[][] w = layout.wMatrix(x, s.depth());
    double[][] wNew = new double[w.length][];
    for (int k = 0; k < w.length; k++) {
      wNew[k] = w[k].clone();
    }
    for (int j = 0; j < w[0].length; j++) {
      wNew[a][j] = q[0][0] * w[a][j] + q[1][0] * w[b][j]; // (QᵀW)_a = Q_aa w_a + Q_ba w_b
      wNew[b][j] = q[0][1] * w[a][j] + q[1][1] * w[b][j];
    }
    layout.setW(out, s.depth(), wNew);
    double[][] means = PointGeometry.of(layout, x).means();
    double[][] h = layout.hMatrix(x);
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      if (y != a && y != b) {
        continue;
      }
      for (int r = 0; r < h.length; r++) {
        double moved = y == a ? q[0][0] * means[r][a] + q[1][0] * means[r][b]
            : q[0][1] * means[r][a] + q[1][1] * means[r][b]; // (H̄Q)_y
        h[r][i] += moved - means[r][y];
      }
    }
    layout.setH(out, h);
    return out;
  }

  private static double[] flip(Setting s, double[] x, int... layers) {
    Layout layout = new Layout(s);
    double[] out = x.clone();
    for (int m : layers) {
      double[][] w = layout.wMatrix(x, m);
      for (double[] row : w) {
        for (int j = 0; j < row.length; j++) {
          row[j] = -row[j];
        }
      }
      layout.setW(out, m, w);
    }
    return out;
  }

  private static Prediction predict(String claim, String setting) {
    return Catalogue.byId(claim).orElseThrow().predict(Setting.parse(setting)).orElseThrow();
  }

  /** Largest deviation of every applicable standard check at x. */
  private static double worst(Prediction p, double[] x) {
    Comparison c = new Comparison(p, x);
    double worst = 0;
    for (Check check : Check.STANDARD) {
      if (check.appliesTo().test(p)) {
        worst = Math.max(worst, check.deviation().applyAsDouble(c));
      }
    }
    return worst;
  }

  @Test
  void aSignFlipOfALayerPairChangesNoCheck() {
    for (String[] cs : new String[][] {
        {"p1-mse-imbalanced-deep", "loss=mse bias=none features=free n=4,2,1 d=3 M=3 lambdaW=0.01 lambdaH=0.01"},
        {"p1-ce-balanced-deep", "loss=ce bias=none features=free n=2,2,2 d=3 M=2 lambdaW=0.001 lambdaH=0.001"}}) {
      Prediction p = predict(cs[0], cs[1]);
      Setting s = p.setting();
      double[] x = p.minimiser();
      double[] flipped = flip(s, x, 1, 2);
      assertTrue(worst(p, x) < 1e-9, cs[0] + ": the prediction meets itself");
      assertTrue(worst(p, flipped) < 1e-9, cs[0] + ": W_1, W_2 → −W_1, −W_2 is invisible");
      Objective f = new Objective(s);
      assertEquals(f.value(x), f.value(flipped), 1e-12 * Math.abs(f.value(x)));
      // control: one layer alone is not a symmetry (the logits change sign)
      double[] one = flip(s, x, 1);
      assertTrue(new Comparison(p, one).logitDeviation() > 1, cs[0]);
      assertTrue(f.value(one) > f.value(x) * (1 + 1e-6), cs[0]);
    }
  }

  /**
   * Away from a tie, mixing two equal-count classes moves a minimiser to another minimiser that
   * every check still accepts (MSE without bias: any rotation; CE: the swap, a permutation).
   */
  @Test
  void mixingEqualCountClassesIsInvisibleAwayFromTies() {
    Prediction mse = predict("p1-mse-imbalanced-deep",
        "loss=mse bias=none features=free n=3,3,1 d=3 M=2 lambdaW=0.003 lambdaH=0.003");
    assertTrue(!mse.atThreshold());
    double[] rotated = mixClasses(mse.setting(), mse.minimiser(), 0, 1, 0.6);
    Objective f = new Objective(mse.setting());
    assertEquals(f.value(mse.minimiser()), f.value(rotated), 1e-12 * f.value(mse.minimiser()));
    assertTrue(worst(mse, rotated) < 1e-9, "a rotation of equal-count classes is a symmetry");
    Prediction ce = predict("p1-ce-balanced-deep",
        "loss=ce bias=none features=free n=2,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    double[] swapped = swapClasses(ce.setting(), ce.minimiser(), 0, 1);
    assertTrue(worst(ce, swapped) < 1e-9, "a swap of equal-count classes is a symmetry of CE");
    // controls: unequal counts are no symmetry; for CE a rotation is no symmetry
    Prediction unequal = predict("p1-mse-imbalanced-deep",
        "loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.003 lambdaH=0.003");
    double[] moved = mixClasses(unequal.setting(), unequal.minimiser(), 0, 1, 0.6);
    assertTrue(worst(unequal, moved) > 1e-2);
    double[] ceRotated = mixClasses(ce.setting(), ce.minimiser(), 0, 1, 0.6);
    Objective g = new Objective(ce.setting());
    assertTrue(g.value(ceRotated) > g.value(ce.minimiser()) * (1 + 1e-6));
    assertTrue(worst(ce, ceRotated) > 1e-2);
  }

  /** A genuinely wrong per-class prediction still deviates at the moved point. */
  @Test
  void aWrongPerClassPredictionStillDeviatesAtAMovedPoint() {
    Prediction mse = predict("p1-mse-imbalanced-deep",
        "loss=mse bias=none features=free n=3,3,1 d=3 M=2 lambdaW=0.003 lambdaH=0.003");
    double[] h = mse.hNormSq().clone();
    h[0] *= 1.1; // class 0 predicted 10% longer than its equal-count twin
    Prediction wrong = mse.withMinimiser(mse.minimiser(), h);
    double[] rotated = mixClasses(mse.setting(), mse.minimiser(), 0, 1, 0.6);
    assertTrue(new Comparison(wrong, rotated).hNormDeviation() > Tolerances.STRUCTURE.value());
    assertTrue(new Comparison(wrong, Symmetries.alignEqualCounts(wrong, rotated)).hNormDeviation()
        > Tolerances.STRUCTURE.value(), "no alignment can hide a wrong length");
  }

  /** The alignment undoes a mixing at a tie structure (one of two equal classes live). */
  @Test
  void alignmentUndoesTheMixingOfATiedStructure() {
    Prediction p = predict("p1-mse-imbalanced-deep",
        "loss=mse bias=none features=free n=1,1 d=2 M=2 lambdaW=1 lambdaH=0.0078125");
    Prediction oneLive = p.tied().stream().filter(q -> q.collapsed().length == 1).findFirst().orElseThrow();
    double[] mixed = mixClasses(p.setting(), oneLive.minimiser(), 0, 1, 0.6);
    assertTrue(worst(oneLive, mixed) > 0.1, "mixed, the one-live structure is not met directly");
    assertTrue(worst(oneLive, Symmetries.alignEqualCounts(oneLive, mixed)) < 1e-9);
    // control: no alignment where mixing is no symmetry (CE)
    Prediction ce = predict("p1-ce-balanced-deep",
        "loss=ce bias=none features=free n=2,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    double[] x = ce.minimiser();
    assertTrue(x == Symmetries.alignEqualCounts(ce, x));
  }
}

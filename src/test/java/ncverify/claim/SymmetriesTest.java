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
    // control: for CE only permutations are symmetries, and the ETF is fixed by them
    Prediction ce = predict("p1-ce-balanced-deep",
        "loss=ce bias=none features=free n=2,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    double[] x = ce.minimiser();
    assertTrue(x == Symmetries.alignEqualCounts(ce, x));
  }

  /** A stand-in prediction that only carries a point's logits (all alignEqualCounts reads). */
  private static Prediction withLogitsOf(Setting s, double[] y) {
    return new Prediction("logits-of-a-point", s, Double.NaN, new int[0], null, null, null, null,
        null, null, PointGeometry.of(s, y).logits(), null, null, y, true, 0, false);
  }

  private static double[] randomPoint(Setting s, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] x = new double[new Layout(s).size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    if (s.features() == ncverify.problem.Features.NONNEG) {
      Layout layout = new Layout(s);
      for (int i = layout.hOffset(); i < layout.hOffset() + layout.hSize(); i++) {
        x[i] = Math.abs(x[i]);
      }
    }
    return x;
  }

  private static double logitDistance(Setting s, double[] a, double[] b) {
    double[][] za = PointGeometry.of(s, a).logits();
    double[][] zb = PointGeometry.of(s, b).logits();
    double diff = 0, norm = 0;
    for (int i = 0; i < za.length; i++) {
      for (int j = 0; j < za.length; j++) {
        diff += (za[i][j] - zb[i][j]) * (za[i][j] - zb[i][j]);
        norm += zb[i][j] * zb[i][j];
      }
    }
    return Math.sqrt(diff / norm);
  }

  /**
   * Issue 11: the equal-count alignment is a symmetry in every family it now covers (CE and the
   * smoothed losses: permutations; MSE with a bias: rotations fixing 1; MSE without bias, deep:
   * any rotation; ReLU heads and non-negative features: permutations): at random points x and y,
   * f(aligned x) = f(x) to round-off. Control: moving two equal classes by a rotation that is
   * not of the family's kind changes f.
   */
  @Test
  void theAlignmentIsASymmetryOfEveryFamily() {
    String[] settings = {
        "loss=ce bias=free features=free n=2,2,2,1 d=4 M=1 lambdaW=0.01 lambdaH=0.01",
        "loss=ce bias=none features=free n=3,3,3 d=3 M=2 lambdaW=0.01 lambdaH=0.01",
        "loss=ce bias=none features=nonneg n=2,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.01",
        "loss=ls smoothing=0.1 bias=none features=free n=2,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01",
        "loss=mse bias=free features=free n=2,2,2,1 d=4 M=1 lambdaW=0.01 lambdaH=0.01",
        "loss=mse bias=regularized features=free n=2,2,2 d=3 M=2 lambdaW=0.01 lambdaH=0.01 lambdaB=0.1",
        "loss=mse bias=none features=free n=2,2,2,1 d=4 M=3 lambdaW=0.01 lambdaH=0.01",
        "loss=mse bias=none features=free n=2,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.01 activation=relu"};
    Symmetries.Kind[] kinds = {Symmetries.Kind.PERMUTATION, Symmetries.Kind.PERMUTATION,
        Symmetries.Kind.PERMUTATION, Symmetries.Kind.PERMUTATION,
        Symmetries.Kind.ORTHOGONAL_FIXING_ONES, Symmetries.Kind.ORTHOGONAL_FIXING_ONES,
        Symmetries.Kind.ORTHOGONAL, Symmetries.Kind.PERMUTATION};
    for (int c = 0; c < settings.length; c++) {
      Setting s = Setting.parse(settings[c]);
      assertEquals(kinds[c], Symmetries.kindOf(s), settings[c]);
      Objective f = new Objective(s);
      for (long seed = 1; seed <= 3; seed++) {
        double[] x = randomPoint(s, seed);
        double[] aligned = Symmetries.alignEqualCounts(withLogitsOf(s, randomPoint(s, 100 + seed)), x);
        assertEquals(f.value(x), f.value(aligned), 1e-12 * Math.abs(f.value(x)), settings[c]);
      }
      if (kinds[c] != Symmetries.Kind.ORTHOGONAL) {
        double[] x = randomPoint(s, 7);
        double[] rotated = Symmetries.moved(new Layout(s), x, rotation(s.K(), 0, 1, 0.6));
        assertTrue(Math.abs(f.value(rotated) - f.value(x)) > 1e-6 * Math.abs(f.value(x)),
            "control: a plain rotation of two classes is no symmetry here: " + settings[c]);
      }
    }
  }

  /**
   * The alignment recovers the symmetry that moved a point. CE: a permutation of three equal
   * classes of a random point is undone exactly (logits equal to 1e-12). MSE with a bias: a point
   * with symmetric logits diag(a) + c·11ᵀ (distinct a on the equal group) moved by a rotation
   * fixing 1 is moved back. Controls: a rotation that is not of the family's kind (CE: any
   * rotation; bias MSE: one that does not fix 1) is not undone (logits stay > 1e-2 apart).
   */
  @Test
  void theAlignmentUndoesTheFamilysSymmetryAndNothingElse() {
    Setting ce = Setting.parse("loss=ce bias=free features=free n=2,2,2,1 d=4 M=1 lambdaW=0.01 lambdaH=0.01");
    double[] y = randomPoint(ce, 3);
    double[] x = Symmetries.permuted(new Layout(ce), y, new int[] {1, 2, 0, 3});
    Objective g = new Objective(ce);
    assertEquals(g.value(y), g.value(x), 1e-12 * g.value(y), "a permutation is a symmetry of CE");
    assertTrue(logitDistance(ce, x, y) > 1e-2, "the permutation moved the logits");
    assertTrue(logitDistance(ce, Symmetries.alignEqualCounts(withLogitsOf(ce, y), x), y) < 1e-12);
    double[] turned = Symmetries.moved(new Layout(ce), y, rotation(4, 0, 1, 0.6));
    assertTrue(logitDistance(ce, Symmetries.alignEqualCounts(withLogitsOf(ce, y), turned), y) > 1e-2,
        "control: CE is not aligned by a rotation");

    Setting mse = Setting.parse("loss=mse bias=free features=free n=2,2,2,1 d=4 M=1 lambdaW=0.01 lambdaH=0.01");
    Layout layout = new Layout(mse);
    double[] a = {0.9, 0.5, 0.2, 0.7};
    double[] z = new double[layout.size()];
    double[][] w = new double[4][4];
    double[][] h = new double[4][mse.N()];
    int[] labels = mse.labels();
    for (int k = 0; k < 4; k++) {
      w[k][k] = Math.sqrt(a[k]);
    }
    for (int i = 0; i < labels.length; i++) {
      h[labels[i]][i] = Math.sqrt(a[labels[i]]);
    }
    layout.setW(z, 1, w);
    layout.setH(z, h);
    for (int k = 0; k < 4; k++) {
      z[layout.bOffset() + k] = 0.1;
    }
    double[][] fixing = fixingOnesRotation(0.6);
    double[] moved = Symmetries.moved(layout, z, fixing);
    Objective f = new Objective(mse);
    assertEquals(f.value(z), f.value(moved), 1e-12 * f.value(z), "a rotation fixing 1 is a symmetry");
    assertTrue(logitDistance(mse, moved, z) > 1e-2, "it moved the logits");
    assertTrue(logitDistance(mse, Symmetries.alignEqualCounts(withLogitsOf(mse, z), moved), z) < 1e-9);
    double[] notFixing = Symmetries.moved(layout, z, rotation(4, 0, 1, 0.6));
    assertTrue(logitDistance(mse, Symmetries.alignEqualCounts(withLogitsOf(mse, z), notFixing), z) > 1e-2,
        "control: a rotation that does not fix 1 is not undone");
  }

  /** The K × K identity with the rotation [[c, −s], [s, c]] on classes (a, b). */
  private static double[][] rotation(int k, int a, int b, double cos) {
    double sin = Math.sqrt(1 - cos * cos);
    double[][] q = new double[k][k];
    for (int c = 0; c < k; c++) {
      q[c][c] = 1;
    }
    q[a][a] = cos;
    q[a][b] = -sin;
    q[b][a] = sin;
    q[b][b] = cos;
    return q;
  }

  /** A rotation of classes 0, 1, 2 about 1 = (1, 1, 1) by angle acos(cos); class 3 fixed. */
  private static double[][] fixingOnesRotation(double cos) {
    double sin = Math.sqrt(1 - cos * cos);
    double[] u = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};
    double[][] q = new double[4][4];
    q[3][3] = 1;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double cross = 0;
        if (i != j) {
          int kk = 3 - i - j;
          double sign = ((i + 1) % 3 == j) ? -1 : 1; // [u]_× entry (i, j) = −ε_ijk u_k
          cross = sign * u[kk];
        }
        q[i][j] = (i == j ? cos : 0) + (1 - cos) * u[i] * u[j] + sin * cross;
      }
    }
    return q;
  }
}

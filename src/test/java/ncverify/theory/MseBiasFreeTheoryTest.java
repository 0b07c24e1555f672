package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import ncverify.problem.Bias;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class MseBiasFreeTheoryTest {
  /**
   * Relative first-order residual allowed at a closed-form minimiser. Reason: round-off only (pow,
   * sqrt, and ND4J products summing ≤ 250 samples); measured ≤ 1e-15, so 1e-10 leaves a wide margin
   * yet is 1e5× below what a wrong length produces (see the negative control).
   */
  static final double GRADIENT_TOLERANCE = 1e-10;
  /** Relative agreement of f(predicted point) with f*: round-off of two evaluations. */
  static final double VALUE_TOLERANCE = 1e-12;
  /** Agreement of two computations of the same closed-form quantity: round-off. */
  static final double FORMULA_TOLERANCE = 1e-9;
  static final int EXAMPLES = Integer.getInteger("ncverify.tries", 1) * 60;

  @Test
  void predictedPointIsStationaryAndHasThePredictedValue() {
    qt().withFixedSeed(11).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      double residual = Stationarity.relativeResidual(s, p.minimiser());
      assertTrue(residual < GRADIENT_TOLERANCE, s + " residual " + residual);
      double v = Stationarity.value(s, p.minimiser());
      assertEquals(p.optimalValue(), v, VALUE_TOLERANCE * Math.max(1, v), s.toString());
    });
  }

  @Test
  void theoryFormulasAgreeWithThePointAndWithP1Parametrisation() {
    qt().withFixedSeed(12).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE);
      Prediction p = new MseBiasFreeTheory().predict(s);
      int k = s.K();
      int depth = s.depth();
      double nl = s.N() * s.lambdaH();
      double[][] w = new Layout(s).product(p.minimiser());
      double[][] hbar = ncverify.measure.PointGeometry.of(s, p.minimiser()).means();
      double valueP1 = 0;
      double lambdaBar = Math.pow(s.lambdaWProduct(), 1.0 / depth);
      for (int cls = 0; cls < k; cls++) {
        final int c = cls;
        // The point carries the stated norms.
        double wn = Arrays.stream(w[c]).map(v -> v * v).sum();
        double hn = 0;
        for (double[] row : hbar) {
          hn += row[c] * row[c];
        }
        assertEquals(p.wNormSq()[c], wn, FORMULA_TOLERANCE * Math.max(1, wn));
        assertEquals(p.hNormSq()[c], hn, FORMULA_TOLERANCE * Math.max(1, hn));
        // THEORY §4 in P1's parametrisation: t_k² = Nλ_H x_k^M, ‖h̄_k‖² = t²/(t²+Nλ_H)²,
        // (W H̄)_kk = t²/(t²+Nλ_H), W = diag(t²+Nλ_H) H̄ᵀ.
        ScalarMinimizer.Result r = P1Parametrisation.solve(s, c);
        double t2 = nl * Math.pow(r.argmin(), depth);
        valueP1 += s.count(c) / (2.0 * s.N()) * r.value();
        assertEquals(t2, p.wNormSq()[c], FORMULA_TOLERANCE * Math.max(1, t2), s + " class " + c);
        assertEquals(t2 / ((t2 + nl) * (t2 + nl)), p.hNormSq()[c], FORMULA_TOLERANCE, s + " class " + c);
        assertEquals(t2 / (t2 + nl), p.logits()[c][c], FORMULA_TOLERANCE);
        if (t2 > 0) {
          assertEquals(t2 + nl, p.alignment()[c][c], FORMULA_TOLERANCE * (t2 + nl));
        }
        // Per-layer singular values s_{m,k}² = λ̄ t^{2/M}/λ_m (THEORY §4), on the actual W_m.
        for (int m = 1; m <= depth; m++) {
          double predicted = Math.sqrt(lambdaBar * Math.pow(t2, 1.0 / depth) / s.lambdaW(m));
          double[] sv = new SingularValueDecomposition(
              MatrixUtils.createRealMatrix(new Layout(s).wMatrix(p.minimiser(), m))).getSingularValues();
          final double target = predicted;
          assertTrue(t2 == 0 || Arrays.stream(sv).anyMatch(x -> Math.abs(x - target) <= FORMULA_TOLERANCE * Math.max(1, target)),
              s + " layer " + m + " class " + c + " sv " + Arrays.toString(sv) + " predicted " + predicted);
        }
        // Minority collapse iff b/n_k ≥ β_M (THEORY §3.4; the tie goes to collapse).
        boolean collapsed = Arrays.stream(p.collapsed()).anyMatch(j -> j == c);
        boolean predictedCollapse = P1Parametrisation.b(s) / s.count(c) >= RandomSettings.betaM(depth)
            * (1 - 1e-12);
        assertEquals(predictedCollapse, collapsed, s + " class " + c);
      }
      assertEquals(valueP1, p.optimalValue(), VALUE_TOLERANCE * Math.max(1, valueP1), s.toString());
    });
  }

  @Test
  void laguerreAndBracketingFindTheSameCriticalPoints() {
    qt().withFixedSeed(13).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE);
      for (int c = 0; c < s.K(); c++) {
        MseScalarProblem p = MseBiasFreeTheory.classProblem(s, c);
        double[] a = p.criticalPointsByBracketing();
        double[] b = p.criticalPointsByLaguerre();
        assertEquals(a.length, b.length, s + " class " + c + Arrays.toString(a) + Arrays.toString(b));
        for (int i = 0; i < a.length; i++) {
          assertEquals(a[i], b[i], 1e-7 * a[i], s + " class " + c);
        }
      }
    });
  }

  @Test
  void m1ClosedFormsOfTheoryAgreeWithTheGeneralSolver() {
    qt().withFixedSeed(14).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE, 1);
      Prediction p = new MseBiasFreeTheory().predict(s);
      double lw = s.lambdaW(1);
      double lh = s.lambdaH();
      for (int cls = 0; cls < s.K(); cls++) {
        final int c = cls;
        int n = s.count(c);
        double t2 = Math.max(0, Math.sqrt(n * lh / lw) - s.N() * lh);
        double h2 = Math.max(0, Math.sqrt(lw / (n * lh)) - s.N() * lw / n);
        assertEquals(t2, p.wNormSq()[c], FORMULA_TOLERANCE * Math.max(1, t2), s.toString());
        assertEquals(h2, p.hNormSq()[c], FORMULA_TOLERANCE * Math.max(1, h2), s.toString());
        assertEquals(n <= (double) s.N() * s.N() * lw * lh,
            Arrays.stream(p.collapsed()).anyMatch(j -> j == c), s.toString());
      }
    });
  }

  // ---------------------------------------------------------------- global selection, thresholds

  /** A deep setting (M = 3) whose class 1 sits at b/n_1 = ratio · β_M. */
  static Setting atRatio(double ratio) {
    Setting base = Setting.parse("loss=mse bias=none features=free n=40,10 d=2 M=3 lambdaW=1e-3 lambdaH=1e-3");
    double target = ratio * RandomSettings.betaM(3) * base.count(1);
    double lh = base.lambdaH() * Math.pow(target / P1Parametrisation.b(base), 3);
    return base.withLambdas(base.lambdaW(), lh);
  }

  @Test
  void inTheBandTheLocalMinimumLosesToTheCollapsedPoint() {
    // M=3: the stationarity RHS 3x²/(x³+1)² peaks above β_3 = 2^{2/3}/3; take b/n between them.
    int depth = 3;
    double rhsMax = 0;
    for (double x = 1e-3; x < 10; x += 1e-4) {
      rhsMax = Math.max(rhsMax, depth * x * x / Math.pow(x * x * x + 1, 2));
    }
    double beta = RandomSettings.betaM(depth);
    assertTrue(rhsMax > beta * 1.05, "band exists");
    Setting s = atRatio(0.5 * (1 + rhsMax / beta));
    MseScalarProblem problem = MseBiasFreeTheory.classProblem(s, 1);
    ScalarMinimizer.Result r = problem.solve();
    assertEquals(2, r.candidates().size() - 1, "two critical points in the band");
    assertTrue(r.rejectedLocalMinimum(), "largest root is a strict local minimum");
    assertEquals(0, r.argmin(), "global choice is the collapsed point");
    assertFalse(r.atThreshold());

    Prediction p = new MseBiasFreeTheory().predict(s);
    assertArrayEquals(new int[] {1}, p.collapsed());
    // Negative control: "largest root" for class 1 is a critical point (gradient ≈ 0) of the full
    // objective with a strictly higher value; gradient alone cannot tell, the value does.
    double[] u = {MseBiasFreeTheory.classProblem(s, 0).solve().argmin(), r.largestCriticalPoint()};
    Prediction wrong = new MseBiasFreeTheory().build(s, u, null);
    assertTrue(Stationarity.relativeResidual(s, wrong.minimiser()) < GRADIENT_TOLERANCE);
    double vWrong = Stationarity.value(s, wrong.minimiser());
    double vRight = Stationarity.value(s, p.minimiser());
    assertTrue(vWrong > vRight + 1e-6 * vRight, "largest root worse: " + vWrong + " vs " + vRight);
  }

  @Test
  void exactlyAtTheThresholdTheCollapsedPointIsChosenAndFlagged() {
    Setting s = atRatio(1.0);
    ScalarMinimizer.Result r = MseBiasFreeTheory.classProblem(s, 1).solve();
    assertTrue(r.atThreshold(), "tie detected");
    assertEquals(0, r.argmin());
    // Both candidates have the same value within the tie tolerance.
    double nonzero = r.candidates().get(r.candidates().size() - 1).value();
    assertEquals(r.value(), nonzero, ScalarMinimizer.TIE_RELATIVE_TOLERANCE);
    Prediction p = new MseBiasFreeTheory().predict(s);
    assertTrue(p.atThreshold());
    assertArrayEquals(new int[] {1}, p.collapsed());
    // Just below the threshold the class is alive and no tie is flagged; just above it collapses.
    Prediction below = new MseBiasFreeTheory().predict(atRatio(1 - 1e-6));
    assertFalse(below.atThreshold());
    assertArrayEquals(new int[0], below.collapsed());
    Prediction above = new MseBiasFreeTheory().predict(atRatio(1 + 1e-6));
    assertFalse(above.atThreshold());
    assertArrayEquals(new int[] {1}, above.collapsed());
  }

  // ---------------------------------------------------------------- negative controls

  @Test
  void perturbedLengthsOrEqualLengthsGiveAHigherValue() {
    qt().withFixedSeed(15).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE);
      MseBiasFreeTheory theory = new MseBiasFreeTheory();
      Prediction p = theory.predict(s);
      double[] u = new double[s.K()];
      for (int c = 0; c < s.K(); c++) {
        u[c] = MseBiasFreeTheory.classProblem(s, c).solve().argmin();
      }
      int alive = Arrays.stream(u).filter(x -> x > 0).toArray().length;
      if (alive == 0) {
        return;
      }
      // Perturb one alive class's length by 1%: value strictly higher, gradient clearly non-zero.
      int c = 0;
      while (u[c] == 0) {
        c++;
      }
      double[] up = u.clone();
      up[c] *= 1.01;
      Prediction perturbed = theory.build(s, up, null);
      assertTrue(Stationarity.value(s, perturbed.minimiser()) > p.optimalValue(), s.toString());
      assertTrue(Stationarity.relativeResidual(s, perturbed.minimiser()) > 1e3 * GRADIENT_TOLERANCE, s.toString());
      // Balanced lengths (every class gets the largest class's u) on an imbalanced setting.
      if (!s.balanced() && alive == s.K()) {
        double[] equal = new double[s.K()];
        Arrays.fill(equal, Arrays.stream(u).max().getAsDouble());
        Prediction balancedShape = theory.build(s, equal, null);
        assertTrue(Stationarity.value(s, balancedShape.minimiser()) > p.optimalValue(), s.toString());
      }
    });
  }

  // ---------------------------------------------------------------- symmetry

  @Test
  void rescalingSymmetryLeavesValueAndCollapseAndScalesNorms() {
    qt().withFixedSeed(16).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.NONE);
      int depth = s.depth();
      double c = 1.7;
      // W_m → c W_m for every layer, H → H/c^M: λ_m → λ_m/c², λ_H → c^{2M} λ_H (λ_H Π λ_m fixed).
      double[] lw = Arrays.stream(s.lambdaW()).map(l -> l / (c * c)).toArray();
      Setting t = s.withLambdas(lw, s.lambdaH() * Math.pow(c, 2 * depth));
      Prediction p = new MseBiasFreeTheory().predict(s);
      Prediction q = new MseBiasFreeTheory().predict(t);
      assertEquals(p.optimalValue(), q.optimalValue(), 1e-12 * Math.max(1, p.optimalValue()));
      assertArrayEquals(p.collapsed(), q.collapsed());
      for (int k = 0; k < s.K(); k++) {
        assertEquals(p.wNormSq()[k] * Math.pow(c, 2 * depth), q.wNormSq()[k], 1e-9 * Math.max(1, q.wNormSq()[k]));
        assertEquals(p.hNormSq()[k] * Math.pow(c, -2 * depth), q.hNormSq()[k], 1e-9 * Math.max(1, q.hNormSq()[k]));
        assertEquals(p.margins()[k], q.margins()[k], 1e-9);
      }
      // Negative control: scaling only λ_H (not a symmetry) changes the optimal value.
      Setting notSymmetric = s.withLambdas(s.lambdaW(), s.lambdaH() * Math.pow(c, 2 * depth));
      Prediction r = new MseBiasFreeTheory().predict(notSymmetric);
      assertTrue(Math.abs(r.optimalValue() - p.optimalValue()) > 1e-9 || p.collapsed().length == s.K(), s.toString());
    });
  }
}

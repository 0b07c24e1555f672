package ncverify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/** Convergence on problems whose answers are known independently of the optimisers. */
class OptimizerTest {

  /**
   * Agreement of a certified objective value with an independently computed optimum. Near a
   * minimiser f − f* ≈ ½ gᵀH⁻¹g ≤ residual²/(2μ): negligible; the limit is rounding in the two
   * evaluations (~1e-15·N terms), so 1e-10 absolute.
   */
  static final double VALUE_AGREEMENT = 1e-10;

  /**
   * How close the papers' momentum gradient descent must get to the optimum value within its
   * budget: it is not a certifying method, so only a loose optimisation tolerance (relative).
   */
  static final double GD_VALUE_AGREEMENT = 1e-4;

  // ------------------------------------------------------------------ strictly convex quadratic

  @Test
  void lbfgsFindsTheMinimiserOfAStrictlyConvexQuadratic() {
    Random r = new Random(11);
    int n = 40;
    double[][] a = Quadratic.spd(n, 1e3, r);
    double[] xStar = new double[n];
    for (int i = 0; i < n; i++) {
      xStar[i] = r.nextGaussian();
    }
    Quadratic q = new Quadratic(a, Quadratic.times(a, xStar), false); // ∇f = A(x − x*)
    Run run = new Lbfgs().minimize(q, new double[n]);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    assertTrue(run.residual() <= Certificate.CERTIFIED, run.toString());
    // ‖x − x*‖ ≤ ‖A⁻¹‖·‖∇f(x)‖ = ‖∇f(x)‖ (smallest eigenvalue 1) = residual·max(1, |f|)
    double bound = run.residual() * Math.max(1, Math.abs(run.objective())) * (1 + 1e-6);
    assertTrue(distance(run.x(), xStar) <= bound, "distance " + distance(run.x(), xStar) + " > " + bound);
    // independent value: f(x*) = −½ x*ᵀA x*
    double fStar = -0.5 * dot(xStar, Quadratic.times(a, xStar));
    assertEquals(fStar, run.objective(), VALUE_AGREEMENT * Math.max(1, Math.abs(fStar)));
  }

  @Test
  void momentumGradientDescentGetsCloseOnTheQuadratic() {
    Random r = new Random(12);
    int n = 20;
    double[][] a = Quadratic.spd(n, 10, r); // eigenvalues in [1, 10]
    double[] xStar = new double[n];
    for (int i = 0; i < n; i++) {
      xStar[i] = r.nextGaussian();
    }
    Quadratic q = new Quadratic(a, Quadratic.times(a, xStar), false);
    // lr·L = 0.5 < 2(1+μ): stable heavy ball
    Run run = new GradientDescent(new GradientDescent.Options(0.05, 0.9, 5000, 1e-8)).minimize(q, new double[n]);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    assertTrue(distance(run.x(), xStar) < 1e-6, "distance " + distance(run.x(), xStar));
  }

  // ------------------------------------------------------------------ box-constrained quadratic

  /**
   * min ½xᵀAx − bᵀx s.t. x ≥ 0 with a solution built to have active bounds: pick x* with zeros and
   * multipliers μ ≥ 0 on the zeros, then b = A x* − μ, so ∇f(x*) = μ (KKT by construction).
   */
  @Test
  void projectedLbfgsFindsTheKktPointOfABoxConstrainedQuadratic() {
    Random r = new Random(13);
    int n = 30;
    double[][] a = Quadratic.spd(n, 100, r);
    double[] xStar = new double[n];
    double[] mu = new double[n];
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0) {
        mu[i] = 0.1 + r.nextDouble(); // strictly complementary active bound
      } else {
        xStar[i] = 0.1 + r.nextDouble();
      }
    }
    double[] ax = Quadratic.times(a, xStar);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = ax[i] - mu[i];
    }
    Quadratic q = new Quadratic(a, b, true);
    double[] x0 = new double[n];
    java.util.Arrays.fill(x0, 1.0);
    Run run = new Lbfgs().minimize(q, x0);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    // error bound of the natural residual for a μ-strongly convex, L-smooth f on a box:
    // ‖x − x*‖ ≤ ((1 + L)/μ)·‖x − P(x − ∇f(x))‖, here μ = 1, L = 100
    double bound = (1 + 100) * run.residual() * Math.max(1, Math.abs(run.objective())) * (1 + 1e-6);
    assertTrue(distance(run.x(), xStar) <= bound, "distance " + distance(run.x(), xStar) + " > " + bound);
    // KKT: feasibility, zeros exactly where predicted (projection pins them), gradient = μ ≥ 0 there
    double[] g = new double[n];
    q.valueAndGradient(run.x(), g);
    for (int i = 0; i < n; i++) {
      assertTrue(run.x()[i] >= 0, "infeasible x_" + i);
      if (i % 3 == 0) {
        assertEquals(0.0, run.x()[i], 0.0, "x_" + i + " should sit at the bound");
        assertEquals(mu[i], g[i], 100 * bound, "multiplier " + i); // ‖∇f(x) − ∇f(x*)‖ ≤ L‖x − x*‖
      }
    }
    // negative controls of the KKT residual: the unconstrained minimiser (negative entries clipped)
    // is not a KKT point, and flipping a multiplier's sign makes x* itself non-stationary
    double[] unconstrained = solve(a, b);
    Certificate.project(q.nonnegativeRange(), unconstrained);
    assertTrue(Certificate.residual(q, unconstrained) > 1e3 * Certificate.CERTIFIED,
        "clipped unconstrained minimiser passed");
    double[] bWrong = b.clone();
    bWrong[0] = ax[0] + mu[0]; // ∇_0 f(x*) = −μ_0 < 0 at the bound: descent into the interior
    double[] gWrong = new double[n];
    new Quadratic(a, bWrong, true).valueAndGradient(xStar, gWrong);
    assertTrue(Certificate.projectedGradientNorm(q.nonnegativeRange(), xStar, gWrong) >= mu[0]);
    assertTrue(Certificate.residual(q, xStar) < 1e-12, "x* must be KKT by construction");
  }

  // ------------------------------------------------------------------ MSE UFM, M = 1

  /**
   * Independent optimum of the bias-free MSE UFM with M = 1 (THEORY.md §3.3, re-derived): the
   * problem separates into per-class scalar problems φ_k(z) = (z − √n_k)²/(2N) + √(λ_W λ_H)·z on
   * z ≥ 0 (z = k-th singular value of W H̄ D^{1/2}); φ_k'(z) = 0 gives z = √n_k − N√(λ_Wλ_H),
   * clipped at 0 (the class collapses). f* = Σ_k φ_k(z_k).
   */
  static double ufmOptimum(Setting s) {
    int n = s.N();
    double c = Math.sqrt(s.lambdaW(1) * s.lambdaH());
    double f = 0;
    for (int k = 0; k < s.K(); k++) {
      double root = Math.sqrt(s.count(k));
      double z = Math.max(0.0, root - n * c);
      f += (z - root) * (z - root) / (2.0 * n) + c * z;
    }
    return f;
  }

  /** The same formula without the clip at 0: a wrong prediction when a class collapses. */
  static double ufmOptimumWithoutCollapse(Setting s) {
    int n = s.N();
    double c = Math.sqrt(s.lambdaW(1) * s.lambdaH());
    double f = 0;
    for (int k = 0; k < s.K(); k++) {
      double root = Math.sqrt(s.count(k));
      double z = root - n * c;
      f += (z - root) * (z - root) / (2.0 * n) + c * z;
    }
    return f;
  }

  // N = 11, √(λ_Wλ_H) = 0.1: N·0.1 = 1.1 > √1, so class 4 collapses; the others do not.
  static final Setting UFM_COLLAPSE =
      Setting.parse("loss=mse bias=none features=free n=5,3,2,1 d=4 M=1 lambdaW=0.05 lambdaH=0.2");
  // N = 11, √(λ_Wλ_H) = 0.03: every class alive.
  static final Setting UFM_ALIVE =
      Setting.parse("loss=mse bias=none features=free n=5,3,2,1 d=5 M=1 lambdaW=0.03 lambdaH=0.03");

  @Test
  void lbfgsCertifiesTheUfmOptimumFromSeveralSeeds() {
    for (Setting s : new Setting[] {UFM_COLLAPSE, UFM_ALIVE}) {
      double fStar = ufmOptimum(s);
      for (long seed = 1; seed <= 3; seed++) {
        Run run = new Lbfgs().minimize(new Objective(s), seed, 0.5);
        assertEquals(Termination.CONVERGED, run.termination(), s + " " + run);
        assertTrue(run.residual() <= Certificate.CERTIFIED, run.toString());
        assertEquals(fStar, run.objective(), VALUE_AGREEMENT, s + " seed " + seed);
      }
    }
    // negative control: the unclipped formula is a wrong prediction where a class collapses,
    // and the same comparison must reject it
    Run run = new Lbfgs().minimize(new Objective(UFM_COLLAPSE), 1, 0.5);
    assertTrue(Math.abs(ufmOptimumWithoutCollapse(UFM_COLLAPSE) - run.objective()) > 1e3 * VALUE_AGREEMENT);
  }

  @Test
  void momentumGradientDescentGetsCloseToTheUfmOptimum() {
    double fStar = ufmOptimum(UFM_ALIVE);
    Run run = new GradientDescent(GradientDescent.Options.papers().withMaxIterations(4000))
        .minimize(new Objective(UFM_ALIVE), 1, 0.5);
    assertTrue(run.termination() == Termination.CONVERGED || run.termination() == Termination.MAX_ITERATIONS, run.toString());
    assertEquals(fStar, run.objective(), GD_VALUE_AGREEMENT * fStar, run.toString());
  }

  @Test
  void projectedLbfgsCertifiesAFeasibleKktPointWithNonnegativeFeatures() {
    // H ≥ 0 with MSE: the ReLU UFM; the certificate is the projected residual
    Setting s = Setting.parse("loss=ce bias=none features=nonneg n=4,3,2 d=4 M=1 lambdaW=0.01 lambdaH=0.01");
    Objective f = new Objective(s);
    Run run = new Lbfgs().minimize(f, 3, 0.5);
    assertEquals(Termination.CONVERGED, run.termination(), run.toString());
    int[] nn = f.nonnegativeRange();
    for (int i = nn[0]; i < nn[1]; i++) {
      assertTrue(run.x()[i] >= 0, "H entry " + i + " negative");
    }
    assertEquals(run.residual(), Certificate.residual(f, run.x()), 1e-15);
  }

  // ------------------------------------------------------------------ divergence, history, seeds

  @Test
  void tooLargeLearningRateIsReportedAsDivergence() {
    Run run = new GradientDescent(GradientDescent.Options.papers().withLearningRate(50).withMaxIterations(5000))
        .minimize(new Objective(UFM_ALIVE), 1, 0.5);
    assertEquals(Termination.DIVERGED, run.termination(), run.toString());
    assertTrue(run.iterations() < 5000, "divergence must be caught when it happens: " + run);
    assertTrue(run.detail().contains("iteration " + run.iterations()), run.detail());
    // control: the papers' learning rate on the same problem does not diverge
    Run ok = new GradientDescent(GradientDescent.Options.papers().withMaxIterations(200))
        .minimize(new Objective(UFM_ALIVE), 1, 0.5);
    assertTrue(ok.termination() != Termination.DIVERGED, ok.toString());
  }

  @Test
  void divergenceOnAQuadraticStopsAtTheBlowUp() {
    Random r = new Random(14);
    double[][] a = Quadratic.spd(10, 10, r);
    Quadratic q = new Quadratic(a, new double[10], false);
    double[] x0 = new double[10];
    x0[0] = 1;
    Run run = new GradientDescent(new GradientDescent.Options(1.0, 0.0, 100_000, 1e-9)).minimize(q, x0);
    assertEquals(Termination.DIVERGED, run.termination(), run.toString());
    assertTrue(Math.abs(run.objective()) > Certificate.BLOW_UP_FACTOR || !Double.isFinite(run.objective()));
  }

  @Test
  void historyIsSampledAndEndsAtTheFinalIterate() {
    Run run = new GradientDescent(GradientDescent.Options.papers().withMaxIterations(3000))
        .minimize(new Objective(UFM_COLLAPSE), 2, 0.5);
    var h = run.history();
    assertTrue(h.size() <= History.DEFAULT_POINTS + 1, "history has " + h.size() + " points");
    assertTrue(h.size() >= 50, "history too sparse: " + h.size());
    assertEquals(0, h.get(0).iteration());
    assertEquals(run.iterations(), h.get(h.size() - 1).iteration());
    assertEquals(run.objective(), h.get(h.size() - 1).objective());
    for (int i = 1; i < h.size(); i++) {
      assertTrue(h.get(i).iteration() > h.get(i - 1).iteration());
    }
  }

  @Test
  void sameSeedGivesTheSameRunAndAnotherSeedDoesNot() {
    Run a = new Lbfgs().minimize(new Objective(UFM_ALIVE), 5, 0.5);
    Run b = new Lbfgs().minimize(new Objective(UFM_ALIVE), 5, 0.5);
    assertArrayEquals(a.x(), b.x());
    assertEquals(a.iterations(), b.iterations());
    double[] other = Initializer.start(new Objective(UFM_ALIVE), 6, 0.5);
    assertTrue(distance(other, Initializer.start(new Objective(UFM_ALIVE), 5, 0.5)) > 0.1);
  }

  @Test
  void initializerRespectsScaleAndNonnegativity() {
    Objective f = new Objective(Setting.parse(
        "loss=ce bias=none features=nonneg n=50,50 d=20 M=1 lambdaW=0.01 lambdaH=0.01"));
    double[] x = Initializer.start(f, 9, 0.3);
    double ss = 0;
    for (double v : x) {
      ss += v * v;
    }
    double rms = Math.sqrt(ss / x.length);
    assertEquals(0.3, rms, 0.3 * 0.05, "sample standard deviation"); // 2040 entries: ±2% (3σ ≈ 5%)
    int[] nn = f.nonnegativeRange();
    for (int i = nn[0]; i < nn[1]; i++) {
      assertTrue(x[i] >= 0);
    }
  }

  static double distance(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(acc);
  }

  static double dot(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += a[i] * b[i];
    }
    return acc;
  }

  /** Gaussian elimination with partial pivoting (small dense SPD systems only). */
  static double[] solve(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) a[i] = a0[i].clone();
    double[] b = b0.clone();
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
      double[] t = a[c]; a[c] = a[p]; a[p] = t;
      double tb = b[c]; b[c] = b[p]; b[p] = tb;
      for (int i = c + 1; i < n; i++) {
        double m = a[i][c] / a[c][c];
        for (int j = c; j < n; j++) a[i][j] -= m * a[c][j];
        b[i] -= m * b[c];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
      x[i] = s / a[i][i];
    }
    return x;
  }
}

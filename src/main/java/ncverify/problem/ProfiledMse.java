package ncverify.problem;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The MSE objective of a linear head with free features, with the features H and the bias b
 * minimised out (variable projection): g(W_1, …, W_M) = min_{H, b} f(W_1, …, W_M, H, b).
 *
 * <p><b>Why.</b> At vanishing λ the full problem has two curvature scales: O(1) across the fit
 * manifold W H + b1ᵀ ≈ Y and ~λ along it, and the manifold is curved in (W, H), so a quadratic
 * model is accurate only for steps ≲ √λ; L-BFGS from a random start then uses its whole budget
 * (measured: 2 000 iterations at 2.5× f* for `n=6,2,7 d=3 M=1 λ≈1e-9`, condition ~1e10) and
 * Newton fares no better. f is a convex quadratic in (H, b) for fixed weights (the outputs are
 * linear in them), so the inner minimum is closed-form and the fit manifold disappears: g is a
 * function of the weights alone whose terms are all of the size of f.
 *
 * <p><b>The inner minimum</b> (f as in {@link Objective}: (1/2N)‖WH + b1ᵀ − Y‖² + (λ_H/2)‖H‖²
 * + (λ_B/2)‖b‖², W = W_M⋯W_1, K × d; μ = Nλ_H): for fixed b each sample's h_i minimises
 * (1/2N)‖W h_i − (y_i − b)‖² + (λ_H/2)‖h_i‖², so h_i = (WᵀW + μI)⁻¹Wᵀ(y_i − b), leaving
 * (1/2N)(y_i − b)ᵀS(y_i − b) with S = I − W(WᵀW + μI)⁻¹Wᵀ = μ(WWᵀ + μI)⁻¹ (positive definite).
 * Summed over samples and with (λ_B/2)‖b‖², the minimiser in b solves (S + λ_B I) b = S π with
 * π = (n_k/N)_k the class proportions (Σ_i y_i = Nπ): b = π for a free bias (λ_B = 0), b = 0
 * without one. Every sample of a class gets the same h.
 *
 * <p><b>Gradient</b> by the envelope theorem: ∇g(W) = ∇_W f(W, H*(W), b*(W)), the full
 * objective's weight gradient at the lifted point ({@link #lift}), since ∇_{H,b} f = 0 there.
 *
 * <p><b>Centred outputs (free bias).</b> With d = K − 1 an exact fit needs range(W) = 1⊥
 * exactly (the targets y_i − π span 1⊥), so tilting range(W) towards 1 costs O(1) while
 * everything else costs ~λ: the same 1/λ conditioning again. For a free bias the search therefore
 * runs on the subspace 1ᵀW_M = 0 (each column of W_M centred: g(P W_M, …), gradient P∇, P =
 * I − 11ᵀ/K), where every term is of the size of f. The reflection W_M → (I − 2·11ᵀ/K) W_M is a
 * symmetry of g (C = diag(π) − ππᵀ has C1 = 0); whether or not the optimum lies on the subspace,
 * this only chooses where the search looks: its end point is polished and certified on the full
 * problem, where every coordinate is free.
 *
 * <p>Used only to search (a profiled minimiser is lifted and then certified on the full
 * {@link Objective} by the one certificate); its {@link #blocks} are the weight blocks, so an
 * optimiser's scale-free residual on g means the same as on f restricted to the weights.
 * Shapes: x holds W_1 … W_M in {@link Layout}'s order (the first {@link #dimension()} entries of
 * the full layout). Not thread-safe (it owns a full {@link Objective}).
 */
public final class ProfiledMse implements DifferentiableFunction {
  private final Setting s;
  private final Layout layout;
  private final Objective full;
  private final int dim;
  private final double[] fullX;
  private final double[] fullG;
  private final boolean centred;

  /**
   * @throws IllegalArgumentException for a setting it does not cover: not MSE, H ≥ 0, or ReLU
   *     between the layers (the inner problem is then not a quadratic)
   */
  public ProfiledMse(Setting s) {
    if (!covers(s)) {
      throw new IllegalArgumentException("the profiled MSE form needs loss=mse, features=free and a"
          + " linear head: " + s);
    }
    this.s = s;
    this.layout = new Layout(s);
    this.full = new Objective(s);
    this.dim = layout.hOffset();
    this.fullX = new double[layout.size()];
    this.fullG = new double[layout.size()];
    this.centred = s.bias() == Bias.FREE;
  }

  /** Whether the profiled form exists for s (MSE, free features, linear head). */
  public static boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.features() == Features.FREE && !s.relu();
  }

  @Override
  public int dimension() {
    return dim;
  }

  /** The weights of a full-layout point (its first {@link #dimension()} entries). */
  public double[] weights(double[] x) {
    double[] w = java.util.Arrays.copyOf(x, dim);
    if (centred) {
      centreTopLayer(w);
    }
    return w;
  }

  /**
   * The full-layout point (weights, H*(W), b*(W)) at which the inner minimum is attained.
   *
   * @throws org.hipparchus.exception.MathIllegalArgumentException where WᵀW + μI is not positive
   *     definite in double precision (weights so large that μ is lost against them)
   */
  public double[] lift(double[] weights) {
    double[] x = new double[layout.size()];
    liftInto(weights, x);
    return x;
  }

  private void liftInto(double[] weights, double[] x) {
    System.arraycopy(weights, 0, x, 0, dim);
    if (centred) {
      centreTopLayer(x);
    }
    int k = s.K();
    int d = s.d();
    double mu = s.N() * s.lambdaH();
    RealMatrix w = new Array2DRowRealMatrix(layout.product(x), false);
    RealMatrix gram = w.transpose().multiply(w);
    for (int r = 0; r < d; r++) {
      gram.addToEntry(r, r, mu);
    }
    DecompositionSolver inner = new CholeskyDecomposition(symmetrised(gram), 0.0, 0.0).getSolver();
    double[] b = new double[k];
    if (s.hasBias()) {
      double[] pi = new double[k];
      for (int c = 0; c < k; c++) {
        pi[c] = s.counts()[c] / (double) s.N();
      }
      if (s.bias() == Bias.REGULARIZED && s.lambdaB() > 0) {
        // S = I − W (WᵀW + μI)⁻¹ Wᵀ; b solves (S + λ_B I) b = S π
        RealMatrix sMat = MatrixUtils.createRealIdentityMatrix(k)
            .subtract(w.multiply(inner.solve(w.transpose())));
        RealMatrix lhs = sMat.copy();
        for (int r = 0; r < k; r++) {
          lhs.addToEntry(r, r, s.lambdaB());
        }
        b = new CholeskyDecomposition(symmetrised(lhs), 0.0, 0.0).getSolver()
            .solve(sMat.operate(MatrixUtils.createRealVector(pi))).toArray();
      } else {
        b = pi;
      }
      System.arraycopy(b, 0, x, layout.bOffset(), k);
    }
    // h for class c: (WᵀW + μI)⁻¹ Wᵀ (e_c − b)
    RealMatrix targets = new Array2DRowRealMatrix(k, k);
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < k; r++) {
        targets.setEntry(r, c, (r == c ? 1.0 : 0.0) - b[r]);
      }
    }
    RealMatrix hClass = inner.solve(w.transpose().multiply(targets)); // d × K
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < d; r++) {
        x[layout.h(r, i)] = hClass.getEntry(r, labels[i]);
      }
    }
  }

  /** Centres every column of the W_M block of x (length ≥ {@link #dimension()}) in place. */
  private void centreTopLayer(double[] x) {
    int m = s.depth();
    int rows = layout.wRows(m);
    for (int c = 0; c < layout.wCols(m); c++) {
      int from = layout.w(m, 0, c);
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += x[from + r];
      }
      mean /= rows;
      for (int r = 0; r < rows; r++) {
        x[from + r] -= mean;
      }
    }
  }

  private static RealMatrix symmetrised(RealMatrix a) {
    return a.add(a.transpose()).scalarMultiply(0.5);
  }

  @Override
  public double valueAndGradient(double[] weights, double[] gradient) {
    try {
      liftInto(weights, fullX);
    } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
      // WᵀW + μI not positive definite in double precision: weights so large (a line search's
      // trial step) that μ is lost against them. Not finite, so optimisers step back.
      java.util.Arrays.fill(gradient, Double.NaN);
      return Double.NaN;
    }
    double value = full.valueAndGradient(fullX, fullG);
    System.arraycopy(fullG, 0, gradient, 0, dim);
    if (centred) {
      centreTopLayer(gradient);
    }
    return value;
  }

  @Override
  public List<Block> blocks() {
    List<Block> out = new ArrayList<>();
    for (int m = 1; m <= s.depth(); m++) {
      out.add(new Block(layout.wOffset(m), layout.wOffset(m) + layout.wSize(m), s.lambdaW(m), false));
    }
    return out;
  }
}

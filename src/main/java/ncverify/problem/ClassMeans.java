package ncverify.problem;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The reduced problem on which critical points are searched, and its lift to the full problem.
 *
 * <p><b>Class means (THEORY.md §3.1).</b> For fixed weights each sample solves a strictly convex
 * problem that depends on it only through its label, so at every critical point h_i = h̄_{y_i}.
 * Restricted to H = H̄Y the objective of a setting with counts n_1 … n_K is
 * <pre>
 *   g(W_1…W_M, H̄, b) = Σ_k (n_k/N) loss(W h̄_k + b, k) + Σ_m (λ_m/2)‖W_m‖² + (λ_H/2) Σ_k n_k ‖h̄_k‖²,
 * </pre>
 * of size K×d instead of N×d. Its gradient in W and b equals the full gradient at the lift and
 * ∂g/∂h̄_k = n_k ∂f/∂h_i for every sample i of class k, so the lift of a critical point of g is a
 * critical point of f.
 *
 * <p><b>Narrow widths (optional).</b> At a critical point with every λ_m &gt; 0 and λ_H &gt; 0 and
 * unconstrained features, the layers are balanced (λ_{m+1}W_{m+1}ᵀW_{m+1} = λ_m W_m W_mᵀ,
 * λ_1 W_1ᵀW_1 = λ_H H Hᵀ; THEORY.md §3.2: both sides equal the same product of the loss gradient),
 * so every W_m and H has rank ≤ K (the rank of the K-row W_M) and the column space of W_m is the row
 * space of W_{m+1}. Up to an orthogonal change of basis in each hidden space, every critical point,
 * the global minimisers included, therefore lives in the first min(width, K) coordinates of every
 * hidden space. Padding with zeros embeds a critical point of the narrow problem as a critical point
 * of the wide one (the padded gradient entries are products with zero blocks plus λ·0).
 *
 * <p><b>ReLU between the layers (activation=relu).</b> For fixed weights the per-sample problem is
 * no longer convex, so class features need not coincide at a critical point of the full problem
 * (a class's per-sample problem may have several minimisers). The reduction stays exact where it
 * matters: f separates over samples given the weights, and every sample of class k faces the same
 * function φ_k, so min_H f = Σ_k n_k min_h φ_k(h) = min_H̄ g; the lift maps a global minimiser of g
 * to a global minimiser of f with the same value, and a critical point of g to a critical point of
 * f (the gradient identities above hold for any activation). Widths: H feeds W_1 linearly, so
 * rotating the feature space is still a symmetry and d is cut to min(d, K); the inner widths are
 * NOT cut, because a ReLU is not rotation-invariant (a low-rank optimum may need more than K
 * neurons per layer: Súkeník et al., arXiv 2405.14468).
 *
 * <p>Whatever is searched on the reduced problem, certificates are computed on the full
 * {@link Objective} at the lifted point.
 */
public final class ClassMeans {
  private final Setting full;
  private final Setting reduced;
  private final Layout small;
  private final Layout large;

  private ClassMeans(Setting full, Setting reduced) {
    this.full = full;
    this.reduced = reduced;
    this.small = new Layout(reduced);
    this.large = new Layout(full);
  }

  /** The class-mean problem at full widths (H̄ is d × K). */
  public static ClassMeans of(Setting s) {
    return new ClassMeans(s, s.withCounts(ones(s.K())));
  }

  /**
   * The class-mean problem with every width cut to min(width, K) when the narrow-width argument of the
   * class comment applies (all λ &gt; 0, free features); otherwise the same as {@link #of}.
   */
  public static ClassMeans narrow(Setting s) {
    boolean applies = s.features() == Features.FREE && s.lambdaH() > 0
        && Arrays.stream(s.lambdaW()).allMatch(l -> l > 0);
    if (!applies) {
      return of(s);
    }
    int k = s.K();
    int[] widths = s.relu() ? s.innerWidths()
        : Arrays.stream(s.innerWidths()).map(w -> Math.min(w, k)).toArray();
    Setting r = new Setting(s.loss(), s.bias(), s.features(), ones(k), Math.min(s.d(), k), widths,
        s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation());
    return new ClassMeans(s, r);
  }

  private static int[] ones(int k) {
    int[] ones = new int[k];
    Arrays.fill(ones, 1);
    return ones;
  }

  public Setting full() { return full; }
  /** The reduced setting (one sample per class; possibly narrower widths). */
  public Setting reduced() { return reduced; }
  /** Whether widths were cut. */
  public boolean narrowed() { return reduced.d() != full.d()
      || !Arrays.equals(reduced.innerWidths(), full.innerWidths()); }

  /** g above, in double precision: an {@link Objective} on {@link #reduced()} with the counts as weights. */
  public Objective objective() {
    double[] weights = Arrays.stream(full.counts()).asDoubleStream().toArray();
    return new Objective(reduced, DataType.DOUBLE, weights, full.N());
  }

  /** The full point: zero-padded weights, h_i = h̄_{y_i}, b copied. */
  public double[] lift(double[] reducedPoint) {
    if (reducedPoint.length != small.size()) {
      throw new IllegalArgumentException("expected " + small.size() + " reduced parameters, got "
          + reducedPoint.length);
    }
    double[] x = new double[large.size()];
    for (int m = 1; m <= full.depth(); m++) {
      int rows = small.wRows(m);
      for (int c = 0; c < small.wCols(m); c++) {
        System.arraycopy(reducedPoint, small.w(m, 0, c), x, large.w(m, 0, c), rows);
      }
    }
    int d = reduced.d();
    int[] labels = full.labels();
    for (int i = 0; i < labels.length; i++) {
      System.arraycopy(reducedPoint, small.h(0, labels[i]), x, large.h(0, i), d);
    }
    if (full.hasBias()) {
      System.arraycopy(reducedPoint, small.bOffset(), x, large.bOffset(), full.K());
    }
    return x;
  }

  /**
   * The reduced point whose h̄_k is the mean of class k's feature columns of x, with every block cut
   * to its leading reduced rows and columns (the inverse of {@link #lift} on lifted points; on other
   * points a projection, used to start the reduced search from a full point).
   */
  public double[] restrict(double[] x) {
    if (x.length != large.size()) {
      throw new IllegalArgumentException("expected " + large.size() + " parameters, got " + x.length);
    }
    double[] r = new double[small.size()];
    for (int m = 1; m <= full.depth(); m++) {
      int rows = small.wRows(m);
      for (int c = 0; c < small.wCols(m); c++) {
        System.arraycopy(x, large.w(m, 0, c), r, small.w(m, 0, c), rows);
      }
    }
    int d = reduced.d();
    int[] labels = full.labels();
    for (int i = 0; i < labels.length; i++) {
      double share = 1.0 / full.count(labels[i]);
      for (int c = 0; c < d; c++) {
        r[small.h(c, labels[i])] += share * x[large.h(c, i)];
      }
    }
    if (full.hasBias()) {
      System.arraycopy(x, large.bOffset(), r, small.bOffset(), full.K());
    }
    return r;
  }
}

package ncverify.theory;

import ncverify.measure.PointGeometry;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Layout;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * P2, CE with non-negative (ReLU) features, M = 1, bias-free, balanced or imbalanced (THEORY §5).
 *
 * <p>Derivation used (for the orthogonal-support structure the theorem asserts): with h̄_k = r_k e_k,
 * W h̄_k = r_k W e_k, so class k's loss only involves column v_k = W e_k and the objective separates:
 * (n_k/N) CE(r_k v_k, k) + (λ_W/2)‖v_k‖² + (λ_H n_k/2) r_k². With z = r_k v_k, AM–GM gives the
 * penalty √(λ_W λ_H n_k)‖z‖ (balanced: λ_W‖v_k‖² = λ_H n_k r_k²); the shift invariance of CE and
 * symmetry give z = m(e_k − 1/K), ‖z‖ = m√((K−1)/K), so class k solves the convex
 * φ_k(m) = (n_k/N) log(1 + (K−1)e^{−m}) + m √(λ_W λ_H n_k (K−1)/K), with stationary point
 * e^m = (K−1)(1/c_k − 1), c_k = N √(λ_W λ_H (K−1)/(K n_k)). Then
 * r_k² = m √((K−1)/K) √(λ_W/(λ_H n_k)) and v_k = (m/r_k)(e_k − 1/K).
 * KKT for H ≥ 0: the gradient on coordinate j ≠ k of h̄_k is (1/N)(m_j/r_j) p_j ≥ 0.
 */
public final class CeReluImbalancedTheory implements Theory {
  @Override
  public String family() {
    return "p2-ce-relu-imbalanced";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.CE && s.features() == Features.NONNEG && s.bias() == Bias.NONE
        && s.depth() == 1 && Families.positiveRegularisers(s) && s.d() >= s.K();
  }

  /** φ_k(m). */
  public static double phi(Setting s, int k, double m) {
    int kk = s.K();
    return s.count(k) / (double) s.N() * Math.log1p((kk - 1) * Math.exp(-m))
        + m * Math.sqrt(s.lambdaW(1) * s.lambdaH() * s.count(k) * (kk - 1) / kk);
  }

  /** The stationary point of φ_k (convex), or none. */
  public static double[] criticalPoints(Setting s, int k) {
    int kk = s.K();
    double ck = s.N() * Math.sqrt(s.lambdaW(1) * s.lambdaH() * (kk - 1) / (kk * (double) s.count(k)));
    if (!(ck < 1)) {
      return new double[0];
    }
    double m = Math.log((kk - 1) * (1 / ck - 1));
    return m > 0 ? new double[] {m} : new double[0];
  }

  public static ScalarMinimizer.Result solve(Setting s, int k) {
    return ScalarMinimizer.selectGlobal(m -> phi(s, k, m), criticalPoints(s, k));
  }

  @Override
  public Prediction predict(Setting s) {
    int k = s.K();
    double[] margin = new double[k];
    double[] root = new double[k];
    java.util.List<Integer> open = new java.util.ArrayList<>();
    boolean atThreshold = false;
    for (int c = 0; c < k; c++) {
      ScalarMinimizer.Result r = solve(s, c);
      margin[c] = r.argmin();
      atThreshold |= r.atThreshold();
      if (r.atThreshold()) {
        // Tied with 0 (chosen): φ_c's non-zero critical point has the same value.
        root[c] = r.candidates().stream().mapToDouble(ScalarMinimizer.Candidate::point)
            .filter(m -> m > 0).findFirst().orElse(0);
        if (root[c] > 0) {
          open.add(c);
        }
      }
    }
    Prediction p = build(s, margin, atThreshold);
    if (!atThreshold || open.isEmpty() || open.size() > MAX_TIED_CLASSES) {
      return p; // no tie, or more tied structures than listed: flagged, not listed
    }
    // f = Σ_k φ_k(m_k) is separable with no coupling (d ≥ K, P2 Theorem 3.1's reduction), so the
    // global minimisers at the tie are exactly the choices of 0 or the tied root for each open class.
    java.util.List<Prediction> tied = new java.util.ArrayList<>();
    for (int mask = 1; mask < 1 << open.size(); mask++) {
      double[] other = margin.clone();
      for (int i = 0; i < open.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          other[open.get(i)] = root[open.get(i)];
        }
      }
      tied.add(build(s, other, true));
    }
    return p.withTied(tied);
  }

  /** The most open classes whose 2^open − 1 other choices are listed (at most 63 structures). */
  static final int MAX_TIED_CLASSES = 6;

  /** The point with given per-class margins (the global ones from {@link #predict}, or others). */
  public Prediction build(Setting s, double[] margin, boolean atThreshold) {
    int k = s.K();
    double lw = s.lambdaW(1);
    double lh = s.lambdaH();
    double[] r = new double[k];
    double value = 0;
    double[][] w = new double[k][s.d()];
    double[][] hbar = new double[s.d()][k];
    boolean[] collapsed = new boolean[k];
    for (int c = 0; c < k; c++) {
      value += phi(s, c, margin[c]);
      collapsed[c] = margin[c] == 0;
      if (collapsed[c]) {
        continue;
      }
      r[c] = Math.sqrt(margin[c] * Math.sqrt((k - 1.0) / k) * Math.sqrt(lw / (lh * s.count(c))));
      hbar[c][c] = r[c];
      for (int j = 0; j < k; j++) {
        w[j][c] = margin[c] / r[c] * ((j == c ? 1.0 : 0.0) - 1.0 / k);
      }
    }
    Layout layout = new Layout(s);
    double[] x = new double[layout.size()];
    layout.setW(x, 1, w);
    layout.setH(x, Minimisers.replicateMeans(s, hbar));
    // Theory-derived norms: W Wᵀ = P diag(c) P with c_j = (m_j/r_j)², so ‖w_k‖² = Σ_j c_j (δ_kj − 1/K)².
    double[] wn = new double[k];
    double[] hn = new double[k];
    double[][] predictedGram = new double[k][k];
    for (int a = 0; a < k; a++) {
      hn[a] = r[a] * r[a];
      for (int b = 0; b < k; b++) {
        for (int j = 0; j < k; j++) {
          double cj = collapsed[j] ? 0 : margin[j] * margin[j] / (r[j] * r[j]);
          predictedGram[a][b] += cj * ((a == j ? 1.0 : 0.0) - 1.0 / k) * ((b == j ? 1.0 : 0.0) - 1.0 / k);
        }
      }
      wn[a] = predictedGram[a][a];
    }
    double[] sv = new EigenDecomposition(MatrixUtils.createRealMatrix(predictedGram)).getRealEigenvalues();
    double[] layerSv = new double[Math.min(k, s.d())];
    double[] sorted = java.util.Arrays.stream(sv).map(e -> Math.sqrt(Math.max(0, e))).sorted().toArray();
    for (int i = 0; i < sorted.length; i++) {
      layerSv[i] = sorted[sorted.length - 1 - i];
    }
    // W = a P D^{1/2} H̄ᵀ with a = √(K λ_H/((K−1) λ_W)).
    double a = Math.sqrt(k * lh / ((k - 1.0) * lw));
    double[][] align = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        align[i][j] = a * ((i == j ? 1.0 : 0.0) - 1.0 / k) * Math.sqrt(s.count(j));
      }
    }
    PointGeometry g = PointGeometry.of(s, x);
    double[][] logits = g.logits();
    return new Prediction(family(), s, value, Families.indicesWhere(collapsed), wn, hn,
        margin.clone(), g.wGram(), g.hGram(), align, logits, null,
        new double[][] {layerSv}, x, atThreshold, 0, false);
  }
}

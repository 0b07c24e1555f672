package ncverify.problem;

/**
 * Exact Hessian–vector products of the deep linear UFM objective ({@link Objective} with a linear
 * head, loss MSE or CE, any bias, optional column weights), by forward-over-reverse
 * differentiation written out by hand:
 * <pre>
 *   forward   A₀ = H,  A_m = W_m A_{m−1},  Z = A_M + b1ᵀ
 *   tangent   Ȧ₀ = V_H,  Ȧ_m = V_m A_{m−1} + W_m Ȧ_{m−1},  Ż = Ȧ_M + v_b1ᵀ
 *   loss      G = ∂loss/∂Z,  Ġ = ∂²loss/∂Z² [Ż]   (column i, weight ω_i:
 *             MSE  G_i = ω_i/N (z_i − e_y),  Ġ_i = ω_i/N ż_i;
 *             CE   G_i = ω_i/N (p − e_y),    Ġ_i = ω_i/N (p ⊙ ż − p pᵀż),  p = softmax(z_i))
 *   reverse   B_M = G,  B_{m−1} = W_mᵀ B_m;   Ḃ_M = Ġ,  Ḃ_{m−1} = V_mᵀ B_m + W_mᵀ Ḃ_m
 *   product   (Hv)_{W_m} = Ḃ_m A_{m−1}ᵀ + B_m Ȧ_{m−1}ᵀ + λ_m V_m,
 *             (Hv)_H = Ḃ₀ + λ_H V_H diag(ω),  (Hv)_b = Ġ1 + λ_b v_b (λ_b = 0 for a free bias)
 * </pre>
 * the derivative along v of the gradient that {@link Objective} computes (THEORY.md §2: f =
 * (1/N) Σ ω_i ℓ(z_i, y_i) + Σ λ_m/2 ‖W_m‖² + λ_H/2 Σ ω_i ‖h_i‖² (+ λ_b/2 ‖b‖²)). Plain Java
 * loops: it serves the class-mean problems of {@code train.CertifiedSearch}, whose blocks are at
 * most K × K. Other heads (ReLU between layers, label smoothing, focal) have no exact product here.
 */
final class DeepLinearHessian {
  private DeepLinearHessian() {}

  /** Whether {@link #apply} covers the setting. */
  static boolean covers(Setting s) {
    return !s.relu() && (s.loss() == Loss.MSE || s.loss() == Loss.CE);
  }

  /**
   * Writes H(x)·v into out.
   *
   * @param weights column multiplicities ω_i (null: all 1)
   * @param invN the loss normaliser 1/N
   */
  static void apply(Setting s, Layout layout, double[] weights, double invN, double[] x, double[] v,
      double[] out) {
    int depth = s.depth();
    int k = s.K();
    int n = s.N();
    int[] labels = s.labels();
    double[][][] w = new double[depth + 1][][];
    double[][][] vw = new double[depth + 1][][];
    double[][][] a = new double[depth + 1][][];
    double[][][] da = new double[depth + 1][][];
    a[0] = layout.hMatrix(x);
    da[0] = layout.hMatrix(v);
    for (int m = 1; m <= depth; m++) {
      w[m] = layout.wMatrix(x, m);
      vw[m] = layout.wMatrix(v, m);
      a[m] = Layout.multiply(w[m], a[m - 1]);
      da[m] = Layout.multiply(vw[m], a[m - 1]);
      AnchoredObjective.addTo(da[m], Layout.multiply(w[m], da[m - 1]));
    }
    double[][] g = new double[k][n];
    double[][] dg = new double[k][n];
    double[] z = new double[k];
    double[] dz = new double[k];
    for (int i = 0; i < n; i++) {
      double scale = invN * (weights == null ? 1.0 : weights[i]);
      for (int c = 0; c < k; c++) {
        z[c] = a[depth][c][i] + (s.hasBias() ? x[layout.bOffset() + c] : 0.0);
        dz[c] = da[depth][c][i] + (s.hasBias() ? v[layout.bOffset() + c] : 0.0);
      }
      if (s.loss() == Loss.MSE) {
        for (int c = 0; c < k; c++) {
          g[c][i] = scale * (z[c] - (c == labels[i] ? 1.0 : 0.0));
          dg[c][i] = scale * dz[c];
        }
      } else {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, z[c]);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
          p[c] = Math.exp(z[c] - max);
          sum += p[c];
        }
        double pdz = 0;
        for (int c = 0; c < k; c++) {
          p[c] /= sum;
          pdz += p[c] * dz[c];
        }
        for (int c = 0; c < k; c++) {
          g[c][i] = scale * (p[c] - (c == labels[i] ? 1.0 : 0.0));
          dg[c][i] = scale * p[c] * (dz[c] - pdz);
        }
      }
    }
    double[][] b = g;
    double[][] db = dg;
    for (int m = depth; m >= 1; m--) {
      double[][] block = Layout.multiply(db, AnchoredObjective.transpose(a[m - 1]));
      AnchoredObjective.addTo(block, Layout.multiply(b, AnchoredObjective.transpose(da[m - 1])));
      double lambda = s.lambdaW(m);
      for (int r = 0; r < block.length; r++) {
        for (int c = 0; c < block[r].length; c++) {
          out[layout.w(m, r, c)] = block[r][c] + lambda * vw[m][r][c];
        }
      }
      double[][] nextDb = Layout.multiply(AnchoredObjective.transpose(vw[m]), b);
      AnchoredObjective.addTo(nextDb, Layout.multiply(AnchoredObjective.transpose(w[m]), db));
      b = Layout.multiply(AnchoredObjective.transpose(w[m]), b);
      db = nextDb;
    }
    for (int i = 0; i < n; i++) {
      double decay = s.lambdaH() * (weights == null ? 1.0 : weights[i]);
      for (int r = 0; r < s.d(); r++) {
        out[layout.h(r, i)] = db[r][i] + decay * da[0][r][i];
      }
    }
    if (s.hasBias()) {
      double lb = s.bias() == Bias.REGULARIZED ? s.lambdaB() : 0.0;
      for (int c = 0; c < k; c++) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += dg[c][i];
        }
        out[layout.bOffset() + c] = acc + lb * v[layout.bOffset() + c];
      }
    }
  }
}

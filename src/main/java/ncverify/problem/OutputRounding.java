package ncverify.problem;

/**
 * The round-off noise that the MSE gradient of {@link Objective} carries from the rounding of the
 * network's outputs, per parameter (the model behind {@code train.Certificate#roundOffFloor}).
 *
 * <p><b>Why the outputs.</b> MSE's loss gradient is G = (out − Y)/N. At a good fit the residual
 * R = out − Y is much smaller than the magnitudes actually summed to form it, |out| ≈ |Y| = 1 on the
 * label entries: the subtraction itself is exact (Sterbenz: out ∈ [Y/2, 2Y]), but the computed
 * out_ij is the rounding of a value of size |out_ij|, an error of up to half its ulp and of
 * root-mean-square size ulp(out_ij)/√12 under the standard model (uniform in [−ulp/2, ulp/2]).
 * That error enters R unchanged, i.e. with relative size ~2⁻⁵³|out|/|R|, which is ~1e-16/λ at an
 * optimum with λ-sized residuals. Every other rounding (the products forming out, the prefix
 * products of a deep head, the backward pass, the sum with the weight decay) adds independent noise
 * of its own, so this is a <i>lower</i> estimate of the gradient's round-off, not a bound on it.
 *
 * <p><b>Propagation.</b> The gradient is linear in G: ∂f/∂θ = Σ_ij G_ij ∂out_ij/∂θ + (decay). With
 * independent errors ε_ij (RMS s_ij = ulp(out_ij)·w_j/(√12 N), w_j the column weight) the RMS error of
 * the entry for θ is √(Σ_ij s_ij² (∂out_ij/∂θ)²) (root-sum-square: rounding errors have random
 * signs; a sum of absolute values would be the worst case, not the floor). For sample j with
 * post-activations z_m (z_0 = h_j) and C_m = ∂out/∂a_m (C_M = I_K, C_{m−1} = C_m W_m D_{m−1}, D the
 * ReLU's 0/1 mask, the identity for a linear head):
 * <pre>
 *   ∂out_ij/∂(W_m)_pq = (C_m)_ip (z_{m−1})_q,   ∂out_ij/∂(h_j)_q = (C_0)_iq,   ∂out_ij/∂b_i = 1.
 * </pre>
 * Cost O(N · K · Σ_m d_m d_{m−1}) in plain loops: the verifier asks once per setting.
 */
final class OutputRounding {
  private OutputRounding() {}

  /**
   * RMS of a rounding to nearest in units of the result's ulp: the error is uniform in
   * [−ulp/2, ulp/2], RMS ulp/√12. Taken from the computed value's own ulp (just below 1, where an
   * MSE optimum's label outputs sit, the ulp is 2⁻⁵³, half the ulp just above 1).
   */
  static final double RMS_ROUNDING = 1 / Math.sqrt(12.0);

  /**
   * Per-coordinate RMS noise of the MSE gradient of {@code s} at x (layout of {@link Layout}).
   *
   * @param weights column multiplicities (class-mean problem) or null (all 1)
   * @param invN 1/N of the normalisation
   */
  static double[] gradientNoise(Setting s, Layout layout, double[] weights, double invN, double[] x) {
    int depth = s.depth();
    int k = s.K();
    int n = s.N();
    boolean relu = s.relu();
    double[][][] w = new double[depth + 1][][];
    for (int m = 1; m <= depth; m++) {
      w[m] = layout.wMatrix(x, m);
    }
    double[] variance = new double[x.length];
    double[][] z = new double[depth][];
    for (int j = 0; j < n; j++) {
      // forward: z[m] = σ(W_m z[m−1]) (m < M), out = W_M z[M−1] + b
      z[0] = new double[s.d()];
      for (int r = 0; r < s.d(); r++) {
        z[0][r] = x[layout.h(r, j)];
      }
      for (int m = 1; m < depth; m++) {
        z[m] = apply(w[m], z[m - 1]);
        if (relu) {
          for (int r = 0; r < z[m].length; r++) {
            z[m][r] = Math.max(0.0, z[m][r]);
          }
        }
      }
      double[] out = apply(w[depth], z[depth - 1]);
      double scale = RMS_ROUNDING * invN * (weights == null ? 1.0 : weights[j]);
      double[] sq = new double[k]; // s_ij²
      for (int i = 0; i < k; i++) {
        double o = out[i] + (s.hasBias() ? x[layout.bOffset() + i] : 0.0);
        double rms = scale * Math.ulp(o); // the final rounding of a value of size |o|
        sq[i] = rms * rms;
        if (s.hasBias()) {
          variance[layout.bOffset() + i] += sq[i];
        }
      }
      // backward: c = C_m (K × layerOut(m)), starting from C_M = I_K
      double[][] c = identity(k);
      for (int m = depth; m >= 1; m--) {
        double[] below = z[m - 1];
        for (int p = 0; p < c[0].length; p++) {
          double colSq = 0;
          for (int i = 0; i < k; i++) {
            colSq += sq[i] * c[i][p] * c[i][p];
          }
          for (int q = 0; q < below.length; q++) {
            variance[layout.w(m, p, q)] += colSq * below[q] * below[q];
          }
        }
        c = Layout.multiply(c, w[m]);
        if (relu && m >= 2) {
          for (int q = 0; q < below.length; q++) {
            if (!(below[q] > 0)) {
              for (int i = 0; i < k; i++) {
                c[i][q] = 0.0; // σ'(a) = 0 where the unit is off (σ'(0) = 0, as the gradient)
              }
            }
          }
        }
      }
      for (int q = 0; q < s.d(); q++) {
        double acc = 0;
        for (int i = 0; i < k; i++) {
          acc += sq[i] * c[i][q] * c[i][q];
        }
        variance[layout.h(q, j)] += acc;
      }
    }
    for (int i = 0; i < variance.length; i++) {
      variance[i] = Math.sqrt(variance[i]);
    }
    return variance;
  }

  private static double[] apply(double[][] a, double[] v) {
    double[] out = new double[a.length];
    for (int r = 0; r < a.length; r++) {
      double acc = 0;
      for (int c = 0; c < v.length; c++) {
        acc += a[r][c] * v[c];
      }
      out[r] = acc;
    }
    return out;
  }

  private static double[][] identity(int k) {
    double[][] id = new double[k][k];
    for (int i = 0; i < k; i++) {
      id[i][i] = 1.0;
    }
    return id;
  }
}

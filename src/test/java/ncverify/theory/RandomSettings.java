package ncverify.theory;

import java.util.Arrays;
import java.util.Random;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * Random small settings from a seed (K ≤ 5, d ≤ 8, n_k ≤ 50, M ≤ 4) whose regularisation is placed
 * around the collapse threshold of a median-sized class, so both sides of every threshold occur.
 */
final class RandomSettings {
  private RandomSettings() {}

  static Setting mse(long seed, Bias bias) {
    return mse(seed, bias, 0);
  }

  /** @param fixedDepth M, or 0 for a random M in 1..4 */
  static Setting mse(long seed, Bias bias, int fixedDepth) {
    Random r = new Random(seed);
    int k = 2 + r.nextInt(4);
    int depth = 1 + r.nextInt(4);
    if (fixedDepth > 0) {
      depth = fixedDepth;
    }
    int[] n = counts(r, k);
    int d = k + r.nextInt(9 - k);
    int[] widths = new int[depth - 1];
    for (int m = 0; m < widths.length; m++) {
      widths[m] = k + r.nextInt(9 - k);
    }
    double[] lw = new double[depth];
    for (int m = 0; m < depth; m++) {
      lw[m] = Math.pow(10, -4 + 3 * r.nextDouble());
    }
    double lh = Math.pow(10, -4 + 3 * r.nextDouble());
    Setting s = new Setting(Loss.MSE, bias, Features.FREE, n, d, widths, lw, lh, 0);
    // b/n_med = β_M · 10^u with u ∈ [−1, 0.4]; b ∝ λ_H^{1/M}.
    int nMed = sortedCopy(n)[k / 2];
    double target = betaM(depth) * Math.pow(10, -1 + 1.4 * r.nextDouble()) * nMed;
    double b = P1Parametrisation.b(s);
    return s.withLambdas(lw, lh * Math.pow(target / b, depth));
  }

  static Setting ceRelu(long seed) {
    Random r = new Random(seed);
    int k = 2 + r.nextInt(4);
    int[] n = counts(r, k);
    int d = k + r.nextInt(9 - k);
    int nMed = sortedCopy(n)[k / 2];
    int total = Arrays.stream(n).sum();
    // threshold n_k = (K/(K−1)) N² λ_W λ_H; place the product around it for the median class.
    double prod = nMed * (k - 1.0) / k / ((double) total * total) * Math.pow(10, -1.5 + 1.9 * r.nextDouble());
    double lw = Math.pow(10, -4 + 3 * r.nextDouble());
    return Setting.of(Loss.CE, Bias.NONE, Features.NONNEG, n, d, 1, lw, prod / lw);
  }

  /** Balanced CE, free features, bias none or free, M ≤ 4, λ's placed around the ETF's collapse. */
  static Setting ceBalanced(long seed) {
    Random r = new Random(seed);
    int k = 2 + r.nextInt(4);
    int depth = 1 + r.nextInt(4);
    int n = 1 + r.nextInt(50);
    Bias bias = r.nextBoolean() ? Bias.NONE : Bias.FREE;
    int d = k + r.nextInt(9 - k);
    int[] counts = new int[k];
    Arrays.fill(counts, n);
    double[] lw = new double[depth];
    for (int m = 0; m < depth; m++) {
      lw[m] = Math.pow(10, -4 + 3 * r.nextDouble());
    }
    int[] widths = new int[depth - 1];
    Arrays.fill(widths, d);
    Setting s = new Setting(Loss.CE, bias, Features.FREE, counts, d, widths, lw, 1.0, 0);
    // G'(ρ) = 0 ⇔ ρ^α/(e^ρ+K−1) = 2c'/(M+1); put 2c'/(M+1) at 10^u times the value of the left
    // side at ρ = 1 (u ∈ [−1.5, 0.5]) so collapse and survival both occur; c' ∝ λ_H^{1/(M+1)}.
    double level = Math.pow(10, -1.5 + 2 * r.nextDouble()) / (Math.E + k - 1);
    double cTarget = level * (depth + 1) / 2;
    double lh = Math.pow(cTarget / CeBalancedEtfTheory.cPrime(s), depth + 1);
    return s.withLambdas(lw, lh);
  }

  static int[] counts(Random r, int k) {
    int[] n = new int[k];
    for (int i = 0; i < k; i++) {
      n[i] = 1 + r.nextInt(50);
    }
    return n;
  }

  static int[] sortedCopy(int[] a) {
    int[] c = a.clone();
    Arrays.sort(c);
    return c;
  }

  /** β_M = (M−1)^{(M−1)/M}/M (THEORY §3.4), with 0^0 = 1. */
  static double betaM(int depth) {
    return depth == 1 ? 1 : Math.pow(depth - 1, (depth - 1.0) / depth) / depth;
  }
}

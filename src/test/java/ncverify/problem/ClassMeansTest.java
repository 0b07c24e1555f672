package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The class-mean problem equals the full objective on class-constant points (THEORY.md §3.1):
 * same value, same W/b gradient, and ∂g/∂h̄_k = n_k ∂f/∂h_i, for every loss, bias and feature kind.
 */
class ClassMeansTest {
  /** Two evaluations of sums of ≤ N·K terms of size O(f): rounding well below 1e-12 relative. */
  static final double AGREEMENT = 1e-12;

  static final String[] SETTINGS = {
      "loss=mse bias=none features=free n=5,3,1 d=4 M=3 lambdaW=0.01 lambdaH=0.02",
      "loss=ce bias=free features=free n=2,6,3,1 d=5 M=2 lambdaW=0.01,0.03 lambdaH=0.02",
      "loss=mse bias=regularized features=free n=4,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0.02 lambdaB=0.1",
      "loss=ce bias=none features=nonneg n=7,2,3 d=4 M=1 lambdaW=0.01 lambdaH=0.03",
      // ReLU between the layers: the reduction is exact for any activation (ClassMeans comment)
      "loss=mse bias=none features=free n=5,3,1 d=4 M=3 lambdaW=0.01 lambdaH=0.02 activation=relu",
      "loss=ce bias=free features=free n=2,6,3 d=3 widths=5 M=2 lambdaW=0.01 lambdaH=0.02 activation=relu",
  };

  @Test
  void reducedObjectiveMatchesTheFullOneAtTheLift() {
    for (String text : SETTINGS) {
      Setting s = Setting.parse(text);
      ClassMeans cm = ClassMeans.of(s);
      double[] gap = gaps(s, cm, cm.objective(), new Random(3));
      assertTrue(gap[0] <= AGREEMENT && gap[1] <= AGREEMENT && gap[2] <= AGREEMENT,
          text + ": value, W/b, H gaps " + java.util.Arrays.toString(gap));
    }
  }

  @Test
  void negativeControlTheUnweightedMeanProblemDisagrees() {
    // The same reduction without the counts as weights (a plain one-sample-per-class objective)
    // must fail the comparison on an imbalanced setting.
    Setting s = Setting.parse(SETTINGS[0]);
    ClassMeans cm = ClassMeans.of(s);
    double[] gap = gaps(s, cm, new Objective(cm.reduced()), new Random(3));
    assertTrue(gap[0] > 1e-3, "value gap " + gap[0]);
  }

  @Test
  void restrictInvertsLiftAndNarrowLiftsAreCriticalInTheWideProblem() {
    Setting s = Setting.parse("loss=mse bias=none features=free n=5,3,1 d=6 M=3 lambdaW=0.01 lambdaH=0.02");
    ClassMeans wide = ClassMeans.of(s);
    double[] y = randomPoint(wide.objective().dimension(), new Random(5));
    double[] back = wide.restrict(wide.lift(y));
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i], back[i], 1e-15);
    }
    ClassMeans narrow = ClassMeans.narrow(s);
    assertEquals(3, narrow.reduced().d());
    // zero-padding: the wide gradient at the lift vanishes on the padded entries and equals the
    // narrow one elsewhere (so a narrow critical point lifts to a wide critical point)
    Objective small = narrow.objective();
    double[] z = randomPoint(small.dimension(), new Random(6));
    double[] gSmall = new double[z.length];
    small.valueAndGradient(z, gSmall);
    double[] x = narrow.lift(z);
    Objective full = new Objective(s);
    double[] g = new double[x.length];
    full.valueAndGradient(x, g);
    double[] gBack = narrow.restrict(g); // class sums/n_k of ∂f/∂h_i = ∂g/∂h̄_k / n_k
    Layout l = new Layout(narrow.reduced());
    for (int i = 0; i < l.hOffset(); i++) {
      assertEquals(gSmall[i], gBack[i], AGREEMENT, "W entry " + i);
    }
    // lift(all ones) marks exactly the embedded entries
    double[] ones = new double[small.dimension()];
    java.util.Arrays.fill(ones, 1.0);
    double[] mask = narrow.lift(ones);
    assertTrue(paddedMass(g, mask) <= 1e-28, "padded gradient mass " + paddedMass(g, mask));
    // negative control: at a generic wide point the padded entries carry gradient
    double[] generic = randomPoint(x.length, new Random(7));
    full.valueAndGradient(generic, g);
    assertTrue(paddedMass(g, mask) > 1e-6, "generic padded mass " + paddedMass(g, mask));
  }

  private static double paddedMass(double[] g, double[] mask) {
    double acc = 0;
    for (int i = 0; i < g.length; i++) {
      acc += mask[i] == 0 ? g[i] * g[i] : 0;
    }
    return acc;
  }

  /** {value gap, max W/b gradient gap, max H gradient gap} relative to max(1, scale). */
  private static double[] gaps(Setting s, ClassMeans cm, Objective reduced, Random r) {
    Objective full = new Objective(s);
    double[] y = randomPoint(reduced.dimension(), r);
    if (s.features() == Features.NONNEG) {
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.abs(y[i]);
      }
    }
    double[] gy = new double[y.length];
    double fy = reduced.valueAndGradient(y, gy);
    double[] x = cm.lift(y);
    double[] gx = new double[x.length];
    double fx = full.valueAndGradient(x, gx);
    Layout small = new Layout(cm.reduced());
    Layout large = new Layout(s);
    double wGap = 0;
    for (int i = 0; i < small.hOffset(); i++) {
      wGap = Math.max(wGap, Math.abs(gy[i] - gx[i]));
    }
    if (s.hasBias()) {
      for (int c = 0; c < s.K(); c++) {
        wGap = Math.max(wGap, Math.abs(gy[small.bOffset() + c] - gx[large.bOffset() + c]));
      }
    }
    double hGap = 0;
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < s.d(); c++) {
        hGap = Math.max(hGap, Math.abs(gy[small.h(c, labels[i])]
            - s.count(labels[i]) * gx[large.h(c, i)]));
      }
    }
    return new double[] {Math.abs(fy - fx) / Math.max(1, Math.abs(fx)), wGap, hGap};
  }

  private static double[] randomPoint(int n, Random r) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.7 * r.nextGaussian();
    }
    return x;
  }
}

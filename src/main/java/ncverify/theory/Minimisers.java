package ncverify.theory;

import ncverify.measure.PointGeometry;

import ncverify.problem.Layout;
import ncverify.problem.Setting;

/** Helpers shared by the families to build explicit minimisers (measurement: {@link PointGeometry}). */
public final class Minimisers {
  private Minimisers() {}

  /** H (d × N) with every sample of class k equal to column k of {@code hbar} (NC1). */
  static double[][] replicateMeans(Setting s, double[][] hbar) {
    int d = s.d();
    double[][] h = new double[d][s.N()];
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < d; r++) {
        h[r][i] = hbar[r][labels[i]];
      }
    }
    return h;
  }

  /** b of the point x, or null without bias. */
  public static double[] bias(Setting s, double[] x) {
    return PointGeometry.of(s, x).bias();
  }
}

package ncverify.practical;

import ncverify.measure.ClassStatistics;
import ncverify.measure.Distances;
import ncverify.measure.Nc2;
import ncverify.measure.Nc3;
import ncverify.measure.PointGeometry;
import ncverify.measure.NcMetrics;

/**
 * The NC quantities of one {@link Snapshot}, all computed by {@code ncverify.measure} (THEORY §8
 * conventions, named there). This class only adapts the network's state to that package.
 *
 * @param metrics the standard NC metrics (NC1 trace ratio with uniform Σ_B, NC2/NC3 distances, NC4,
 *     class-mean and classifier norms)
 * @param classMeans H̄ (d × K), uncentred
 * @param headProduct W = W_M⋯W_1 (K × d)
 * @param bias b, or null
 * @param classMeanCosines cos(h̄_j, h̄_k) of the uncentred class means (NaN for a zero mean)
 * @param margins per class, (z̄_k)_k − max_{j≠k} (z̄_k)_j with z̄_k = W h̄_k (+ b), the same
 *     definition as the theory's predicted margins
 */
public record NcMeasures(NcMetrics metrics, double[][] classMeans, double[][] headProduct,
    double[] bias, double[][] classMeanCosines, double[] margins) {

  public double nc1() { return metrics.nc1(); }
  public double nc4Agreement() { return metrics.nc4(); }

  /** ‖h̄_k‖ per class. */
  public double[] classMeanNorms() {
    return java.util.Arrays.stream(metrics.classMeanNormsSq()).map(Math::sqrt).toArray();
  }

  /** W Wᵀ of the head product. */
  public double[][] classifierGram() { return Nc2.classifierGram(headProduct); }

  public static NcMeasures of(Snapshot s) {
    ClassStatistics stats = ClassStatistics.of(s.features(), s.labels(), s.counts().length);
    double[][] w = s.headProduct();
    NcMetrics metrics = NcMetrics.of(w, s.headBias(), stats);
    double[][] means = stats.means();
    double[] margins = PointGeometry.margins(Nc3.logits(w, means, s.headBias()));
    return new NcMeasures(metrics, means, w, s.headBias(), Nc2.meanCosines(means), margins);
  }

  /** nd(A, B) = ‖A/‖A‖ − B/‖B‖‖_F ({@link Distances#normalized}). */
  public static double normalisedDistance(double[][] a, double[][] b) {
    return Distances.normalized(a, b);
  }
}

package ncverify.practical;

import java.util.Optional;

/**
 * The NC quantities of one {@link Snapshot}, computed by {@code ncverify.measure} (THEORY §8
 * conventions). This class only adapts: it must not compute NC metrics itself.
 *
 * <p>INTEGRATION POINT (ncverify.measure): until that package is merged, {@link #of} returns empty
 * and every check that needs these quantities is INCONCLUSIVE with the reason stated.
 *
 * @param nc1 (1/K) tr(Σ_W Σ_B⁺), Σ_B unweighted over classes
 * @param classMeanNorms ‖h̄_k‖ per class
 * @param classMeanCosines cos(h̄_j, h̄_k) of the (uncentred) class means
 * @param nc4Agreement fraction of samples where the classifier and the nearest-class-mean rule agree
 * @param margins per class, (z̄_k)_k − mean_{j≠k} (z̄_k)_j with z̄_k = W h̄_k (+ b)
 * @param classifierGram W Wᵀ (K × K) of the head product
 * @param meanGram H̄ᵀH̄ (K × K)
 */
public record NcMeasures(double nc1, double[] classMeanNorms, double[][] classMeanCosines,
    double nc4Agreement, double[] margins, double[][] classifierGram, double[][] meanGram,
    double[][] classMeans, double[][] headProduct) {

  /** Why {@link #of} can be empty (printed in verdicts and reports). */
  public static final String UNAVAILABLE = "NC metrics unavailable: ncverify.measure is not merged";

  public static Optional<NcMeasures> of(Snapshot s) {
    return Optional.empty();
  }

  /** nd(A, B) = ‖A/‖A‖ − B/‖B‖‖_F from ncverify.measure; empty until it is merged. */
  public static Optional<Double> normalisedDistance(double[][] a, double[][] b) {
    return Optional.empty();
  }
}

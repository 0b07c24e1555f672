package ncverify.measure;

/**
 * The three {@link Distances} of a measured matrix A from a reference (predicted) matrix B, kept
 * together because a scale-free agreement must be read with the unnormalised ones (THEORY §7).
 *
 * @param normalized nd(A, B) = ‖A/‖A‖_F − B/‖B‖_F‖_F (NaN if either is 0)
 * @param relative ‖A − B‖_F / max(‖B‖_F, {@link Distances#RELATIVE_FLOOR})
 * @param absolute ‖A − B‖_F
 */
public record Distance(double normalized, double relative, double absolute) {
  /** All three distances of {@code measured} from {@code reference}. */
  public static Distance between(double[][] measured, double[][] reference) {
    return new Distance(Distances.normalized(measured, reference),
        Distances.relative(measured, reference), Distances.absolute(measured, reference));
  }
}

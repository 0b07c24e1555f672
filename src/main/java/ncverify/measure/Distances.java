package ncverify.measure;

/**
 * Frobenius distances between two matrices of the same shape (THEORY §7–8).
 *
 * <ul>
 *   <li>{@link #normalized} nd(A, B) = ‖A/‖A‖_F − B/‖B‖_F‖_F, in [0, 2]: compares shapes only and is
 *       blind to scale, so a wrong length formula can pass it (THEORY §7);</li>
 *   <li>{@link #relative} ‖A − B‖_F / max(‖B‖_F, {@link #RELATIVE_FLOOR}): B is the reference
 *       (the prediction);</li>
 *   <li>{@link #absolute} ‖A − B‖_F.</li>
 * </ul>
 */
public final class Distances {
  private Distances() {}

  /**
   * Guards the division in {@link #relative} against B = 0 only; it does not mask anything: with
   * B = 0 the relative distance is 0 if A = 0 too, and ‖A‖_F/2.2e-308 (huge or +∞) otherwise.
   */
  public static final double RELATIVE_FLOOR = Double.MIN_NORMAL;

  /**
   * nd(A, B) = ‖A/‖A‖_F − B/‖B‖_F‖_F.
   *
   * @return the distance, or {@code NaN} if ‖A‖_F = 0 or ‖B‖_F = 0 (a zero matrix has no shape;
   *     0 would be a false pass and 2 an invented failure), or if either contains NaN/∞
   */
  public static double normalized(double[][] a, double[][] b) {
    Matrices.requireSameShape(a, b);
    double na = Matrices.frobeniusNorm(a);
    double nb = Matrices.frobeniusNorm(b);
    if (na == 0 || nb == 0 || !Double.isFinite(na) || !Double.isFinite(nb)) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        double d = a[i][j] / na - b[i][j] / nb;
        s += d * d;
      }
    }
    return Math.sqrt(s);
  }

  /** ‖A − B‖_F / max(‖B‖_F, RELATIVE_FLOOR); B is the reference. */
  public static double relative(double[][] a, double[][] b) {
    return absolute(a, b) / Math.max(Matrices.frobeniusNorm(b), RELATIVE_FLOOR);
  }

  /** ‖A − B‖_F. */
  public static double absolute(double[][] a, double[][] b) {
    return Matrices.frobeniusNorm(Matrices.subtract(a, b));
  }
}

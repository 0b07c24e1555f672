package ncverify.report;

import java.util.Objects;

/**
 * Predicted and measured value of one per-class quantity.
 *
 * @param quantity   what is compared, e.g. {@code ‖h̄_k‖} or {@code ‖w_k‖}; one plot series each
 * @param classIndex the class k (0-based)
 * @param n          the class size n_k
 * @param predicted  value predicted by theory
 * @param measured   value measured at the trained point
 */
public record ClassLength(String quantity, int classIndex, int n, double predicted,
    double measured) {
  public ClassLength {
    Objects.requireNonNull(quantity, "quantity");
  }
}

package ncverify.report;

import java.util.List;
import java.util.Objects;

/**
 * Plot (c): a measured collapse quantity against the minority class size n_k, with the predicted
 * collapse threshold marked.
 *
 * @param setting            the base setting in its one-line form (the swept count varies)
 * @param quantity           what is measured, e.g. {@code ‖h̄_k‖²} or {@code ‖w_k‖²}
 * @param predictedThreshold the n_k at or below which theory predicts collapse
 * @param points             sweep points in increasing n
 */
public record CollapseSweep(String setting, String quantity, double predictedThreshold,
    List<SweepPoint> points) {
  public CollapseSweep {
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(quantity, "quantity");
    points = List.copyOf(points);
  }
}

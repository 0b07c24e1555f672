package ncverify.report;

import java.util.Objects;

/**
 * What refutes a claim: a (shrunk) setting and seed at which a competing point beats the predicted
 * objective, or at which the prediction fails a check.
 *
 * @param setting            the setting in its one-line form (copy-pasteable into a command)
 * @param seed               the seed that reproduces the competing point
 * @param predictedObjective objective value of the predicted minimiser
 * @param competingObjective objective value of the competing point (lower means the claim is false)
 * @param detail             what contradicts the claim, in one or two sentences (never null)
 */
public record Counterexample(String setting, long seed, double predictedObjective,
    double competingObjective, String detail) {
  public Counterexample {
    Objects.requireNonNull(setting, "setting");
    detail = detail == null ? "" : detail;
  }
}

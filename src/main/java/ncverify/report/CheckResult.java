package ncverify.report;

import java.util.Objects;

/**
 * One named check of a claim, aggregated over all settings and seeds tried.
 *
 * @param name           the quantity checked, e.g. {@code nc2-gram-unnormalised}
 * @param worstDeviation the largest deviation seen over all tries (NaN if nothing was measured)
 * @param tolerance      the value of the named tolerance it was compared with
 * @param toleranceName  the constant's name, e.g. {@code OPTIMISATION_REL}
 * @param reason         why the tolerance has that size (round-off vs optimisation)
 * @param passed         whether every try stayed within the tolerance
 */
public record CheckResult(String name, double worstDeviation, double tolerance, String toleranceName,
    String reason, boolean passed) {
  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(toleranceName, "toleranceName");
    reason = reason == null ? "" : reason;
  }
}

package ncverify.claim;

import java.util.List;
import java.util.Map;

/**
 * A claim judged on many settings.
 *
 * @param verdict REFUTED if any setting refuted it (then {@link #counterexample} is the shrunk
 *     smallest one), INCONCLUSIVE if any setting could not be certified, else VERIFIED
 * @param outcomes the settings drawn, in order (before shrinking)
 * @param worstDeviations check name → worst deviation over all certified settings
 * @param counterexample the smallest refuting setting's outcome, or null
 * @param shrinkEvaluations settings evaluated while shrinking
 */
public record ClaimResult(Claim claim, long seed, Verdict verdict, List<SettingOutcome> outcomes,
    Map<String, Double> worstDeviations, SettingOutcome counterexample, int shrinkEvaluations) {

  public int tries() {
    return outcomes.size();
  }

  public long count(Verdict v) {
    return outcomes.stream().filter(o -> o.verdict() == v).count();
  }
}

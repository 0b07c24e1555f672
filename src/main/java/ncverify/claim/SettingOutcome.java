package ncverify.claim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.train.Run;

/**
 * The verdict of one claim on one setting. Built through the factories, one per verdict, so the
 * fields a verdict implies (a counterexample for REFUTED, none otherwise) cannot be forgotten.
 *
 * @param prediction the prediction judged (its minimiser, Grams, lengths), or null when the claim
 *     made none (a declared conjecture, or a setting outside the theory)
 * @param predictedObjective the predicted optimal value (NaN if none)
 * @param bestObjective the lowest objective seen (for REFUTED: the competing point's)
 * @param deviations check name → measured deviation at the certified optimum (checks that apply)
 * @param counterexample the refuting point, non-null exactly when REFUTED
 * @param bestRun the lowest certified run that reached the predicted value (for plots), or null
 * @param runs number of optimiser runs (restarts + polished competitors)
 */
public record SettingOutcome(Setting setting, long seed, Verdict verdict, String reason,
    Prediction prediction, double predictedObjective, double bestObjective,
    Map<String, Double> deviations, Counterexample counterexample, Run bestRun, int runs) {

  public SettingOutcome {
    if ((verdict == Verdict.REFUTED) != (counterexample != null)) {
      throw new IllegalArgumentException("a counterexample goes with REFUTED and only with it: "
          + verdict);
    }
    // Insertion order is the order of the checks in the report.
    deviations = Collections.unmodifiableMap(new LinkedHashMap<>(deviations));
  }

  /** The prediction held at a certified optimum. */
  public static SettingOutcome verified(Prediction p, long seed, String reason, double best,
      Map<String, Double> deviations, Run bestRun, int runs) {
    return new SettingOutcome(p.setting(), seed, Verdict.VERIFIED, reason, p, p.optimalValue(), best,
        deviations, null, bestRun, runs);
  }

  /** Every predicted quantity of a declared conjecture matched the lowest certified run. */
  public static SettingOutcome verifiedQuantities(Setting s, long seed, double predictedObjective,
      String reason, double best, Map<String, Double> deviations, Run bestRun) {
    return new SettingOutcome(s, seed, Verdict.VERIFIED, reason, null, predictedObjective, best,
        deviations, null, bestRun, 0);
  }

  /** Refuted by {@code c} (its setting, seed and objectives are the outcome's). */
  public static SettingOutcome refuted(Counterexample c, Prediction p, String reason,
      Map<String, Double> deviations, Run run, int runs) {
    return new SettingOutcome(c.setting(), c.seed(), Verdict.REFUTED, reason, p,
        c.predictedObjective(), c.competingObjective(), deviations, c, run, runs);
  }

  /** Could not be decided, with the reason; {@code p} may be null. */
  public static SettingOutcome inconclusive(Setting s, long seed, String reason, Prediction p,
      double predictedObjective, double best, Map<String, Double> deviations, Run run, int runs) {
    return new SettingOutcome(s, seed, Verdict.INCONCLUSIVE, reason, p, predictedObjective, best,
        deviations, null, run, runs);
  }

  /** Could not be decided before any prediction or run (e.g. the prediction failed). */
  public static SettingOutcome inconclusive(Setting s, long seed, String reason) {
    return inconclusive(s, seed, reason, null, Double.NaN, Double.NaN, Map.of(), null, 0);
  }
}

package ncverify.claim;

import java.util.Map;
import ncverify.problem.Setting;
import ncverify.train.Run;

/**
 * The verdict of one claim on one setting.
 *
 * @param deviations check name → measured deviation at the certified optimum (checks that apply)
 * @param bestRun the lowest certified run that reached the predicted value (for plots), or null
 * @param runs number of optimiser runs (restarts + polished competitors)
 */
public record SettingOutcome(Setting setting, long seed, Verdict verdict, String reason,
    double predictedObjective, double bestObjective, Map<String, Double> deviations,
    Counterexample counterexample, Run bestRun, int runs) {}

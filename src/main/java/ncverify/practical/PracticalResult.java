package ncverify.practical;

import java.util.List;
import java.util.Optional;
import ncverify.data.ClassSubset;
import ncverify.problem.Setting;

/**
 * Everything a practical run produced: what was trained (subset, architecture, configuration),
 * the UFM setting it corresponds to, the measured history, the final measurements, the UFM
 * prediction (if available) and the verdicts.
 */
public record PracticalResult(String dataDir, ClassSubset subset, MlpShape shape,
    TrainingConfig config, EffectiveLambdas effective, Setting setting, List<EpochRecord> history,
    Optional<NcMeasures> finalMeasures, Optional<UfmPrediction> prediction,
    List<PracticalVerdict> verdicts) {}

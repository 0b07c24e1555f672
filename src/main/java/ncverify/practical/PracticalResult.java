package ncverify.practical;

import java.util.List;
import java.util.Optional;
import ncverify.data.ClassSubset;
import ncverify.problem.Setting;

/**
 * Everything a practical run produced: what was trained (subset, architecture, configuration),
 * the UFM setting it corresponds to, the measured history, the final measurements, the UFM
 * prediction (if available) and the verdicts. {@code engine} names what trained it
 * ({@link Engine#describe}).
 */
public record PracticalResult(String dataDir, String engine, ClassSubset subset, MlpShape shape,
    TrainingConfig config, EffectiveLambdas effective, Setting setting, List<EpochRecord> history,
    NcMeasures finalMeasures, Optional<UfmPrediction> prediction, String predictionNote,
    List<PracticalVerdict> verdicts) {}

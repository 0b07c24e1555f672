package ncverify.practical;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ncverify.data.ClassSubset;
import ncverify.data.FashionMnist;
import ncverify.data.LabelledImages;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Setting;

/**
 * One practical experiment: load the training split, choose the class subset, train the MLP,
 * measure the features at every measured epoch, and judge the final state against the UFM.
 */
public final class Experiment {
  private Experiment() {}

  /**
   * The UFM setting a network maps to: its loss, the head bias as a free bias, features ≥ 0 for
   * ReLU outputs and free otherwise, the class counts, the feature width d, the head's inner
   * widths (depth M = innerWidths + 1), λ_W,eff on every head layer and λ_H,eff.
   */
  public static Setting setting(ncverify.problem.Loss loss, boolean headBias,
      MlpShape.FeatureLayer features, int[] counts, int d, int[] headInner, EffectiveLambdas eff) {
    double[] lambdaW = new double[headInner.length + 1];
    java.util.Arrays.fill(lambdaW, eff.lambdaW());
    return new Setting(loss, headBias ? Bias.FREE : Bias.NONE,
        features.nonNegative() ? Features.NONNEG : Features.FREE, counts, d, headInner, lambdaW,
        eff.lambdaH(), 0.0);
  }

  /**
   * @param counts class counts n_k (profile already applied)
   * @param engine what trains the network (named in the report)
   * @param progress where the progress bar goes, or null
   */
  public static PracticalResult run(Path dataDir, String profile, int[] counts, int[] backbone,
      int[] headInner, boolean headBias, TrainingConfig cfg, Engine engine, PrintStream progress) {
    return run(dataDir, profile, counts, backbone, headInner, headBias,
        MlpShape.FeatureLayer.RELU, cfg, engine, progress);
  }

  /**
   * @param features the feature layer; ReLU features map to the UFM with H ≥ 0, BatchNorm and
   *     linear ones to free features
   */
  public static PracticalResult run(Path dataDir, String profile, int[] counts, int[] backbone,
      int[] headInner, boolean headBias, MlpShape.FeatureLayer features, TrainingConfig cfg,
      Engine engine, PrintStream progress) {
    LabelledImages all = FashionMnist.loadTrain(dataDir);
    ClassSubset subset = ClassSubset.choose(profile, all, counts, cfg.seed());
    LabelledImages data = all.select(subset.indices());
    MlpShape shape = new MlpShape(data.pixels(), backbone, headInner, data.classes(), headBias,
        features);
    EffectiveLambdas eff = EffectiveLambdas.of(cfg.lambdaW(), cfg.lambdaH(), data.count());
    Setting setting = setting(cfg.loss(), headBias, features, counts, shape.featureWidth(),
        headInner, eff);

    List<EpochRecord> history = new ArrayList<>();
    Snapshot[] last = new Snapshot[1];
    engine.train(shape, data, counts, cfg, setting, s -> {
      history.add(EpochRecord.of(s, NcMeasures.of(s)));
      last[0] = s;
    }, progress);
    NcMeasures measured = NcMeasures.of(last[0]);
    Optional<UfmPrediction> predicted = UfmPrediction.of(setting);
    String note = predicted.map(UfmPrediction::theory).orElseGet(() -> UfmPrediction.whyNot(setting));
    List<PracticalVerdict> verdicts = Verdicts.judge(history, counts, measured, predicted, note);
    return new PracticalResult(dataDir.toString(), engine.describe(), subset, shape, cfg, eff,
        setting, history,
        measured, predicted, note, verdicts);
  }
}

package ncverify.practical;

import java.io.PrintStream;
import java.util.function.Consumer;
import ncverify.data.LabelledImages;
import ncverify.problem.Setting;

/**
 * What trains the practical network: {@link Nd4jEngine} (in this JVM, CPU) or {@link TorchEngine}
 * (a PyTorch worker, CPU or CUDA). Both run the same recipe (architecture, initialisation, batch
 * order, schedule, objective, optimiser) and hand back the same {@link Snapshot}s, so the
 * measurement, the gate and the report do not depend on the engine.
 */
public interface Engine {
  /** The engine as the report names it, e.g. {@code nd4j (CPU)}, {@code pytorch 1.13.0 (cuda)}. */
  String describe();

  /**
   * Trains a freshly initialised network of {@code shape} on all images of {@code data} and
   * passes the state at every measured epoch ({@link TrainingConfig#measuredAt}, epoch 0 first).
   *
   * @param setting the matching UFM setting (effective λ's), whose objective the snapshots report
   * @param progress where the progress bar goes, or null
   * @throws TrainingDiverged when the objective is no longer finite
   */
  void train(MlpShape shape, LabelledImages data, int[] counts, TrainingConfig cfg,
      Setting setting, Consumer<Snapshot> measured, PrintStream progress);
}

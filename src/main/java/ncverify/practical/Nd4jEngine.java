package ncverify.practical;

import java.io.PrintStream;
import java.util.function.Consumer;
import ncverify.data.LabelledImages;
import ncverify.problem.Setting;
import org.nd4j.linalg.api.buffer.DataType;

/** The in-JVM engine: {@link Mlp} in float32 trained by {@link Trainer}, on the CPU. */
public final class Nd4jEngine implements Engine {
  @Override
  public String describe() {
    return "nd4j (CPU)"; // no thread count: the report holds only what the seed determines
  }

  @Override
  public void train(MlpShape shape, LabelledImages data, int[] counts, TrainingConfig cfg,
      Setting setting, Consumer<Snapshot> measured, PrintStream progress) {
    // Training in float (speed); every measurement in double from a Snapshot.
    Mlp net = new Mlp(shape, DataType.FLOAT, cfg.seed());
    Trainer.train(net, data, cfg,
        (epoch, m) -> measured.accept(Snapshot.take(epoch, m, data, counts, cfg)), progress);
  }
}

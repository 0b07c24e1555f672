package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ncverify.data.ClassSubset;
import ncverify.data.FashionMnist;
import ncverify.data.LabelledImages;
import ncverify.data.SyntheticImages;
import ncverify.problem.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class TrainerTest {
  @TempDir Path dir;

  private List<Snapshot> run(TrainingConfig cfg) {
    return run(cfg, null);
  }

  private List<Snapshot> run(TrainingConfig cfg, java.io.PrintStream progress) {
    SyntheticImages.write(dir, 10, 20, 1);
    LabelledImages all = FashionMnist.loadTrain(dir);
    int[] counts = ClassSubset.balanced(10, 12);
    LabelledImages data = all.select(ClassSubset.choose("balanced", all, counts, 1).indices());
    Mlp net = new Mlp(new MlpShape(784, new int[] {32, 32}, new int[0], 10, false),
        DataType.FLOAT, cfg.seed());
    List<Snapshot> snaps = new ArrayList<>();
    Trainer.train(net, data, cfg, (e, m) -> snaps.add(Snapshot.take(e, m, data, counts, cfg)), progress);
    return snaps;
  }

  @Test
  void adamFitsTheSyntheticClassesWithEitherLoss() {
    for (Loss loss : Loss.examples()) {
      TrainingConfig cfg = new TrainingConfig(loss, 1e-4, 1e-4, TrainingConfig.UpdateRule.ADAM,
          1e-3, 0, 16, 20, 10, 7);
      List<Snapshot> a = run(cfg);
      assertEquals(List.of(0, 10, 20), a.stream().map(Snapshot::epoch).toList());
      Snapshot first = a.get(0);
      Snapshot last = a.get(a.size() - 1);
      assertTrue(first.trainError() > 0.5, "an untrained net should not fit: " + first.trainError());
      assertEquals(0.0, last.trainError(), loss + ": trained net misclassifies");
      assertTrue(last.objective() < 0.5 * first.objective(), loss + " objective did not fall");
    }
  }

  /**
   * Progress to a stream that is not a terminal (as in every test JVM) is plain text: the
   * library's default bar wrote its ANSI colour codes there at once (the defect this guards).
   */
  @Test
  void progressToALogHasNoEscapeCodes() {
    TrainingConfig cfg = new TrainingConfig(Loss.CE, 1e-4, 1e-4, TrainingConfig.UpdateRule.ADAM,
        1e-3, 0, 16, 3, 3, 7);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    run(cfg, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    String s = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(-1, s.indexOf('\u001b'), "ANSI code in a log: " + s);
    assertEquals(-1, s.indexOf('\r'), "carriage return in a log: " + s);
    assertTrue(s.isEmpty() || s.startsWith("train: "), s);
  }

  @Test
  void sameSeedGivesTheSameFeatures() {
    TrainingConfig cfg = new TrainingConfig(Loss.CE, 1e-4, 1e-4, TrainingConfig.UpdateRule.ADAM,
        1e-3, 0, 16, 3, 3, 7);
    List<Snapshot> a = run(cfg);
    List<Snapshot> b = run(cfg);
    for (int r = 0; r < a.get(1).features().length; r++) {
      assertArrayEquals(a.get(1).features()[r], b.get(1).features()[r]);
    }
  }

  @Test
  void negativeControlATinyLearningRateDoesNotFit() {
    TrainingConfig cfg = new TrainingConfig(Loss.CE, 1e-4, 1e-4, TrainingConfig.UpdateRule.SGD,
        1e-9, 0.9, 16, 5, 5, 7);
    List<Snapshot> s = run(cfg);
    assertTrue(s.get(s.size() - 1).trainError() > 0.5);
  }

  @Test
  void sgdWithMomentumAlsoFits() {
    TrainingConfig cfg = new TrainingConfig(Loss.CE, 1e-4, 1e-4, TrainingConfig.UpdateRule.SGD,
        0.05, 0.9, 16, 20, 20, 7);
    List<Snapshot> s = run(cfg);
    assertEquals(0.0, s.get(s.size() - 1).trainError());
  }
}

package ncverify.practical;

import java.io.PrintStream;
import ncverify.core.Progress;
import ncverify.data.LabelledImages;

/**
 * Mini-batch (or full-batch) training of an {@link Mlp} with a seeded batch order, calling back at
 * every measured epoch. The optimiser sees the gradient of the regularised objective (weight decay
 * and feature penalty inside the gradient, i.e. L2 regularisation, not decoupled AdamW), so the
 * trained point is a stationary point of the objective that {@link EffectiveLambdas} maps to the UFM.
 */
public final class Trainer {
  private Trainer() {}

  /** Something to do at a measured epoch (epoch 0 is the initialisation). */
  public interface EpochListener {
    void atEpoch(int epoch, Mlp net);
  }

  /**
   * Trains {@code net} on all images of {@code data}.
   *
   * @param progress where the progress bar goes (stderr in the command), or null for none
   */
  public static void train(Mlp net, LabelledImages data, TrainingConfig cfg, EpochListener listener,
      PrintStream progress) {
    int n = data.count();
    int batch = cfg.batchSize() == 0 ? n : Math.min(cfg.batchSize(), n);
    Updater updater = new Updater(cfg, net.parameterCount());

    BatchOrder order = new BatchOrder(n, cfg.seed(), cfg.shuffle());
    int[] batchIdx = new int[batch];
    listener.atEpoch(0, net);
    try (Progress bar = progress == null ? null
        : Progress.start("train", cfg.epochs(), "epoch", progress)) {
      for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
        int[] perm = order.next(epoch); // a fixed order is still a seeded permutation, drawn once
        double sum = 0;
        int steps = 0;
        for (int from = 0; from < n; from += batch) {
          int size = Math.min(batch, n - from);
          System.arraycopy(perm, from, batchIdx, 0, size);
          sum += net.lossAndGradient(data, batchIdx, size, cfg.loss(), cfg.lambdaW(), cfg.lambdaH());
          steps++;
          updater.step(net.params(), net.gradient(), cfg.learningRateAt(epoch));
        }
        if (!Double.isFinite(sum)) {
          throw new TrainingDiverged("training diverged at epoch " + epoch
              + " (objective " + sum + "); lower --lr");
        }
        if (bar != null) {
          bar.step();
          bar.say(String.format(java.util.Locale.ROOT, "objective %.4g", sum / steps));
        }
        if (cfg.measuredAt(epoch)) {
          listener.atEpoch(epoch, net);
        }
      }
    }
  }
}

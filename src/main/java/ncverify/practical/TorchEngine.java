package ncverify.practical;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import ncverify.core.Progress;
import ncverify.core.InvalidInput;
import ncverify.data.LabelledImages;
import ncverify.data.NpzWriter;
import ncverify.problem.Setting;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The PyTorch engine ({@code practical --engine torch}): the recipe run by {@link TorchWorker}.
 * Everything the run depends on is decided here and handed to the worker, so the two engines train
 * the same thing: the initial parameters are the ND4J engine's own ({@link Mlp}'s seeded
 * initialisation, float32), the batch order of every epoch comes from {@link BatchOrder}, the
 * learning rate of every epoch from {@link TrainingConfig#learningRateAt}, and the worker's
 * objective and optimiser are those of {@link Mlp} and {@code Updater} (the worker's docstring;
 * {@code TorchEngineTest} checks objective and gradient against {@link Mlp} on the same weights).
 * The worker writes features and head weights as an .npz at every measured epoch; they are read
 * back by {@link NetworkState} and measured by {@link MeasureRun}'s snapshot, as {@code measure}
 * does.
 *
 * <p>Reproducibility: on the CPU the worker is deterministic (same bytes for the same seed, torch
 * version and thread count); on CUDA it runs with deterministic algorithms and a fixed cuBLAS
 * workspace, so a run repeats on the same GPU, driver and torch version, but its float32 sums are
 * ordered differently from the CPU's, so CPU and CUDA runs (and ND4J and torch runs) agree only to
 * rounding, which training amplifies (measured on an H200: two CUDA runs bit-identical; README).
 *
 * <p>The worker may run on another machine ({@link TorchWorker#exporting}, {@link
 * TorchWorker#replaying}): its checkpoint lines then name files of the hand-off folder
 * ({@link TorchWorker#output}).
 */
public final class TorchEngine implements Engine {
  /** Most batch-order entries handed to the worker (int32, 4 bytes each: 512 MiB). */
  static final long MAX_ORDER_ENTRIES = 1L << 27;

  private final TorchWorker worker;
  private final String device;
  private final int threads;

  /**
   * @param device cpu or cuda ({@link TorchWorker.Runtime#device})
   * @param threads torch's CPU threads (the same as ND4J's for a fair comparison)
   */
  public TorchEngine(TorchWorker worker, String device, int threads) {
    this.worker = worker;
    this.device = device;
    this.threads = threads;
  }

  @Override
  public String describe() {
    return "pytorch " + worker.runtime().torchVersion() + " (" + device + ")";
  }

  @Override
  public void train(MlpShape shape, LabelledImages data, int[] counts, TrainingConfig cfg,
      Setting setting, Consumer<Snapshot> measured, PrintStream progress) {
    int n = data.count();
    int epochs = cfg.epochs();
    int rows = cfg.shuffle() ? epochs : 1;
    if ((long) rows * n > MAX_ORDER_ENTRIES) {
      throw new InvalidInput("--engine torch", "shuffled batch orders of " + epochs + " epochs x "
          + n + " samples exceed " + MAX_ORDER_ENTRIES + " entries; use fewer epochs or samples, "
          + "--batch-order fixed, or the nd4j engine");
    }
    int[] order = new int[rows * n];
    BatchOrder batches = new BatchOrder(n, cfg.seed(), cfg.shuffle());
    for (int r = 0; r < rows; r++) {
      System.arraycopy(batches.next(r + 1), 0, order, r * n, n);
    }
    double[] lr = new double[epochs];
    int[] measure = java.util.stream.IntStream.rangeClosed(0, epochs).filter(cfg::measuredAt)
        .toArray();
    for (int e = 1; e <= epochs; e++) {
      lr[e - 1] = cfg.learningRateAt(e);
    }
    float[] init = floats(new Mlp(shape, DataType.FLOAT, cfg.seed()).getParameters());

    Map<String, Object> config = base("train", shape, cfg);
    config.put("device", device);
    config.put("dtype", "float32");
    config.put("epochs", epochs);
    config.put("batch", cfg.batchSize() == 0 ? n : Math.min(cfg.batchSize(), n));
    config.put("updateRule", cfg.updateRule().name().toLowerCase(Locale.ROOT));
    config.put("momentum", cfg.momentum());
    int[] labels = data.labels();
    try (Progress bar = progress == null ? null
        : Progress.start("train (" + describe() + ")", epochs, "epoch", progress)) {
      worker.run(config, threads, folder -> {
        try (NpzWriter w = new NpzWriter(folder.resolve("input.npz"))) {
          w.floats32("X", new int[] {n, data.pixels()}, data.values());
          w.ints32("y", new int[] {n}, labels);
          w.floats32("params", new int[] {init.length}, init);
          w.ints32("order", new int[] {rows, n}, order);
          w.floats64("lr", new int[] {epochs}, lr);
          w.ints32("measure", new int[] {measure.length}, measure);
        }
      }, line -> {
        String[] f = line.strip().split(" ", 3);
        switch (f[0]) {
          case "epoch" -> {
            if (bar != null) {
              bar.stepTo(Long.parseLong(f[1]));
              bar.say("objective " + fourDigits(f[2]));
            }
          }
          case "checkpoint" -> measured.accept(checkpoint(Integer.parseInt(f[1]), worker.output(f[2]),
              labels, setting));
          case "diverged" -> throw new TrainingDiverged("training diverged at epoch " + f[1]
              + " (objective " + f[2] + "); lower --lr");
          default -> { } // anything else the worker prints is not ours to interpret
        }
      });
    }
  }

  /** The worker's objective to 4 significant digits, as the nd4j engine shows it; else as given. */
  private static String fourDigits(String objective) {
    try {
      return String.format(Locale.ROOT, "%.4g", Double.parseDouble(objective));
    } catch (NumberFormatException e) {
      return objective;
    }
  }

  /** The snapshot of a checkpoint file; a file that breaks {@link NetworkState}'s rules is the worker's fault. */
  private Snapshot checkpoint(int epoch, Path file, int[] labels, Setting setting) {
    NetworkState state;
    try {
      state = NetworkState.read(file);
    } catch (InvalidInput e) {
      throw new TorchWorkerFailed("the PyTorch worker wrote a bad checkpoint: " + e.getMessage()
          + keep(file));
    }
    if (!Arrays.equals(state.labels(), labels)) {
      throw new TorchWorkerFailed("the PyTorch worker wrote a bad checkpoint: " + file
          + ": array 'labels' differs from the training labels");
    }
    Snapshot s = MeasureRun.snapshot(state, setting);
    return new Snapshot(epoch, s.features(), s.logits(), s.headWeights(), s.headBias(), s.labels(),
        s.counts(), s.dataLoss(), s.objective(), s.trainError());
  }

  /** Copies a bad checkpoint out of the run folder (which is deleted) and says where. */
  private static String keep(Path file) {
    try {
      Path kept = java.nio.file.Files.createTempFile("ncverify-torch-checkpoint-", ".npz");
      java.nio.file.Files.copy(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return " (the file is kept as " + kept + ")";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * The worker's batch objective F_B ({@link Mlp}'s class comment) and its gradient in Mlp's flat
   * layout, in float64, at {@code params} on the images {@code batch} of {@code data}.
   *
   * @return {objective} followed by the gradient
   */
  public double[] objective(MlpShape shape, LabelledImages data, int[] batch, double[] params,
      TrainingConfig cfg) {
    Map<String, Object> config = base("objective", shape, cfg);
    config.put("device", device);
    double[][] result = new double[1][];
    Path[] at = new Path[1];
    worker.run(config, threads, folder -> {
      at[0] = folder;
      try (NpzWriter w = new NpzWriter(folder.resolve("input.npz"))) {
        w.floats32("X", new int[] {data.count(), data.pixels()}, data.values());
        w.ints32("y", new int[] {data.count()}, data.labels());
        w.floats64("params", new int[] {params.length}, params);
        w.ints32("batch", new int[] {batch.length}, batch);
      }
    }, line -> {
      if (line.startsWith("result")) {
        Path file = at[0].resolve("result.npz");
        Map<String, ncverify.data.NpyArray> arrays = ncverify.data.NpzReader.read(file);
        if (!arrays.containsKey("objective") || !arrays.containsKey("gradient")) {
          throw new TorchWorkerFailed("the PyTorch worker wrote a bad result: " + file
              + " lacks 'objective' or 'gradient', found " + arrays.keySet());
        }
        double[] g = arrays.get("gradient").values();
        result[0] = new double[g.length + 1];
        result[0][0] = arrays.get("objective").values()[0];
        System.arraycopy(g, 0, result[0], 1, g.length);
      }
    });
    if (result[0] == null) {
      throw new TorchWorkerFailed("the PyTorch worker ended without a result line");
    }
    return result[0];
  }

  private static Map<String, Object> base(String mode, MlpShape shape, TrainingConfig cfg) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mode", mode);
    config.put("seed", cfg.seed());
    config.put("shape", shapeJson(shape));
    config.put("loss", cfg.loss().key());
    // the loss's parameter under the setting key's name (the worker's loss_of)
    if (cfg.loss() instanceof ncverify.problem.Loss.LabelSmoothing ls) {
      config.put("smoothing", ls.alpha());
    } else if (cfg.loss() instanceof ncverify.problem.Loss.Focal f) {
      config.put("gamma", f.gamma());
    }
    config.put("lambdaW", cfg.lambdaW());
    config.put("lambdaH", cfg.lambdaH());
    return config;
  }

  /** The architecture as the worker reads it. */
  static Map<String, Object> shapeJson(MlpShape shape) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("input", shape.input());
    s.put("backbone", shape.backbone());
    s.put("headInner", shape.headInner());
    s.put("classes", shape.classes());
    s.put("headBias", shape.headBias());
    s.put("featureLayer", shape.featureLayer().label());
    return s;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}

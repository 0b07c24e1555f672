package ncverify.practical;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ncverify.data.NpzWriter;
import ncverify.problem.Bias;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * PyTorch's side of {@code bench}: the same computation timed in the worker ({@link TorchWorker},
 * CPU, the thread count given), so that {@code bench} can print ND4J / PyTorch ratios measured in
 * the same run. Each timing is the median over repetitions after warm-up, wall and process CPU
 * seconds ({@code time.perf_counter}, {@code time.process_time}).
 */
public final class TorchBench {
  private TorchBench() {}

  /**
   * @param value the worker's objective at the point (UFM step only; NaN otherwise), to show that
   *     both sides computed the same thing
   */
  public record Timing(double value, double wall, double cpu) {}

  /**
   * One UFM objective + gradient (THEORY §2, the same as {@link ncverify.problem.Objective}'s
   * valueAndGradient) at the point {@code x} of {@code setting} (Layout's order), via autograd.
   */
  public static Timing ufmStep(TorchWorker worker, Setting setting, double[] x, boolean float32,
      int threads, int warmup, int repetitions) {
    Layout layout = new Layout(setting);
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("mode", "bench-ufm");
    cfg.put("device", "cpu");
    cfg.put("dtype", float32 ? "float32" : "float64");
    cfg.put("depth", setting.depth());
    cfg.put("bias", setting.bias().name().toLowerCase(Locale.ROOT));
    cfg.put("loss", setting.loss().name().toLowerCase(Locale.ROOT));
    cfg.put("lambdaW", setting.lambdaW());
    cfg.put("lambdaH", setting.lambdaH());
    cfg.put("lambdaB", setting.lambdaB());
    cfg.put("warmup", warmup);
    cfg.put("repetitions", repetitions);
    double[][] out = new double[1][];
    worker.run(cfg, threads, folder -> {
      try (NpzWriter w = new NpzWriter(folder.resolve("input.npz"))) {
        for (int m = 1; m <= setting.depth(); m++) {
          w.matrix64("W" + m, layout.wMatrix(x, m));
        }
        w.matrix64("H", layout.hMatrix(x));
        int[] y = setting.labels();
        w.ints32("y", new int[] {y.length}, y);
        if (setting.bias() != Bias.NONE) {
          w.floats64("b", new int[] {setting.K()},
              Arrays.copyOfRange(x, layout.bOffset(), layout.bOffset() + setting.K()));
        }
      }
    }, line -> parse(line, 3, out));
    double[] r = result(out);
    return new Timing(r[0], r[1], r[2]);
  }

  /**
   * One training epoch of the worker on {@link EpochBench}'s shapes (784 → 6 × 128 ReLU → 10,
   * batch 256, N = 3000, float32, CE, Adam), from the ND4J engine's initial parameters.
   */
  public static Timing epoch(TorchWorker worker, int threads, int warmup, int repetitions) {
    int[] widths = new int[EpochBench.LAYERS];
    Arrays.fill(widths, EpochBench.WIDTH);
    MlpShape shape = new MlpShape(EpochBench.PIXELS, widths, new int[0], EpochBench.K, false);
    double[] p = new Mlp(shape, DataType.FLOAT, 1).getParameters();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("mode", "bench-epoch");
    cfg.put("device", "cpu");
    cfg.put("shape", TorchEngine.shapeJson(shape));
    cfg.put("samples", EpochBench.N);
    cfg.put("batch", EpochBench.BATCH);
    cfg.put("loss", "ce");
    cfg.put("lambdaW", 2e-4); // EpochBench's values: the work does not depend on them
    cfg.put("lambdaH", 5e-3);
    cfg.put("updateRule", "adam");
    cfg.put("momentum", 0.0);
    cfg.put("learningRate", 1e-4);
    cfg.put("warmup", warmup);
    cfg.put("repetitions", repetitions);
    double[][] out = new double[1][];
    worker.run(cfg, threads, folder -> {
      try (NpzWriter w = new NpzWriter(folder.resolve("input.npz"))) {
        w.floats64("params", new int[] {p.length}, p);
      }
    }, line -> parse(line, 2, out));
    double[] r = result(out);
    return new Timing(Double.NaN, r[0], r[1]);
  }

  private static double[] result(double[][] out) {
    if (out[0] == null) {
      throw new TorchWorkerFailed("the PyTorch worker ended without a result line");
    }
    return out[0];
  }

  private static void parse(String line, int count, double[][] out) {
    String[] f = line.strip().split("\\s+");
    if (f[0].equals("result")) {
      if (f.length != count + 1) {
        throw new TorchWorkerFailed("the PyTorch worker's result line has " + (f.length - 1)
            + " numbers, expected " + count + ": " + line);
      }
      out[0] = Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray();
    }
  }
}

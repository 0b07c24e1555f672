package ncverify.practical;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import ncverify.measure.Matrices;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Layout;
import ncverify.problem.Loss;
import ncverify.problem.Objective;
import ncverify.problem.Setting;

/**
 * {@code ncverify measure}: the NC metrics of a trained network's last-layer state
 * ({@link NetworkState}, read from an .npz) and, when the user names the regularisers, the UFM
 * prediction for the matching setting and the same verdicts as the practical track.
 *
 * <p>The matching setting: K = rows of W, n_k counted from the labels, d = feature width, head
 * depth and inner widths from W1 … WM (M = 1 without them), bias from the file, features
 * {@code nonneg} when every feature is ≥ 0 (e.g. ReLU outputs) unless the user says otherwise, and
 * λ_W, λ_H in THEORY §2's normalisation (the objective (1/N)Σℓ + Σ(λ_W/2)‖W_m‖² + (λ_H/2)‖H‖²;
 * {@link EffectiveLambdas} maps training code's penalties onto it). The objective of the file's
 * point under that setting is evaluated by {@link Objective} (the one loss implementation) and
 * compared with the optimum f* for the convergence gate of {@link Verdicts}.
 */
public final class MeasureRun {
  private MeasureRun() {}

  /** What the user states about the training that produced the file. */
  public record Request(Loss loss, Bias bias, Features features, double[] lambdaW, Double lambdaH,
      double lambdaB) {
    public boolean hasLambdas() {
      return lambdaW != null && lambdaH != null;
    }
  }

  /**
   * @param setting the matching UFM setting, or empty (with {@code settingNote} saying why)
   * @param snapshot the state as a snapshot (epoch 0); objective and data loss NaN without setting
   * @param verdicts as in {@link Verdicts#judge}
   */
  public record Result(Path file, NetworkState state, Optional<Setting> setting, String settingNote,
      Snapshot snapshot, NcMeasures measures, Optional<UfmPrediction> prediction,
      String predictionNote, List<PracticalVerdict> verdicts) {}

  /** Features are sign-free unless every entry is ≥ 0. */
  public static Features detectFeatures(NetworkState state) {
    for (double[] row : state.features()) {
      for (double v : row) {
        if (v < 0) {
          return Features.FREE;
        }
      }
    }
    return Features.NONNEG;
  }

  /**
   * The matching UFM setting; throws {@link ncverify.core.InvalidInput} (exit 2, naming the
   * key) when the flags and the file give an invalid one.
   */
  public static Setting setting(NetworkState s, Request r) {
    int depth = s.headWeights().length;
    double[] lw = r.lambdaW().length == 1 && depth > 1 ? filled(depth, r.lambdaW()[0]) : r.lambdaW();
    return new Setting(r.loss(), r.bias(), r.features(), s.counts(), s.width(), s.innerWidths(),
        lw, r.lambdaH(), r.bias() == Bias.REGULARIZED ? r.lambdaB() : 0.0);
  }

  public static Result run(Path file, NetworkState state, Request request) {
    Optional<Setting> setting = request.hasLambdas()
        ? Optional.of(setting(state, request)) : Optional.empty();
    String settingNote = setting.map(Setting::toString)
        .orElse("no --lambda-w/--lambda-h given: metrics only, no UFM prediction");
    Snapshot snap = snapshot(state, setting.orElse(null));
    NcMeasures m = NcMeasures.of(snap);
    Optional<UfmPrediction> predicted = setting.flatMap(UfmPrediction::of);
    String note = setting.isEmpty() ? settingNote : predicted.map(UfmPrediction::theory)
        .orElseGet(() -> UfmPrediction.whyNot(setting.get()));
    List<PracticalVerdict> verdicts = Verdicts.judge(List.of(EpochRecord.of(snap, m)),
        state.counts(), m, predicted, note);
    return new Result(file, state, setting, settingNote, snap, m, predicted, note, verdicts);
  }

  /**
   * The state as a {@link Snapshot}: logits W H + b, training error, and (with a setting) the UFM
   * objective from {@link Objective} and its data term (objective minus the penalties).
   */
  static Snapshot snapshot(NetworkState s, Setting setting) {
    double[][] w = s.headProduct();
    double[][] z = Matrices.multiply(w, s.features());
    int n = s.samples();
    int wrong = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 0; c < z.length; c++) {
        if (s.bias() != null) {
          z[c][i] += s.bias()[c];
        }
        if (z[c][i] > z[best][i]) {
          best = c;
        }
      }
      wrong += best == s.labels()[i] ? 0 : 1;
    }
    double objective = Double.NaN;
    double dataLoss = Double.NaN;
    if (setting != null) {
      objective = objective(s, setting);
      dataLoss = objective - penalties(s, setting);
    }
    return new Snapshot(0, s.features(), z, s.headWeights(), s.bias(), s.labels(), s.counts(),
        dataLoss, objective, (double) wrong / n);
  }

  /** f(W_1 … W_M, H, b) of {@code setting}: the samples are re-ordered class by class (Layout's order). */
  static double objective(NetworkState s, Setting setting) {
    Layout layout = new Layout(setting);
    double[] x = new double[layout.size()];
    for (int m = 1; m <= setting.depth(); m++) {
      layout.setW(x, m, s.headWeights()[m - 1]);
    }
    int d = s.width();
    int[] next = new int[s.classes()];
    int[] counts = s.counts();
    for (int c = 1; c < next.length; c++) {
      next[c] = next[c - 1] + counts[c - 1];
    }
    double[][] h = s.features();
    for (int i = 0; i < s.samples(); i++) {
      int col = next[s.labels()[i]]++;
      for (int r = 0; r < d; r++) {
        x[layout.h(r, col)] = h[r][i];
      }
    }
    if (setting.hasBias()) {
      System.arraycopy(s.bias(), 0, x, layout.bOffset(), s.classes());
    }
    return new Objective(setting).value(x);
  }

  private static double penalties(NetworkState s, Setting setting) {
    double p = 0;
    for (int m = 1; m <= setting.depth(); m++) {
      double f = Matrices.frobeniusNorm(s.headWeights()[m - 1]);
      p += 0.5 * setting.lambdaW(m) * f * f;
    }
    double fh = Matrices.frobeniusNorm(s.features());
    p += 0.5 * setting.lambdaH() * fh * fh;
    if (setting.bias() == Bias.REGULARIZED) {
      double nb = Matrices.norm(s.bias());
      p += 0.5 * setting.lambdaB() * nb * nb;
    }
    return p;
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }
}

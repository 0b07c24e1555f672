package ncverify.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;

/**
 * A parameter a sweep varies ({@code --vary P=LO..HI}), and how its value is written into a
 * setting. Regularisers and the imbalance ratio are positive reals and are gridded and bisected on
 * a log scale; widths, depth, class number and class size are whole numbers, gridded linearly.
 *
 * <p>Every parameter overwrites the setting keys it {@link #keys() sets}; the setting text may
 * write the placeholder {@code x} (first {@code --vary}) or {@code y} (second) as the whole value
 * of one of those keys instead of a number (see {@link SettingTemplate}).
 */
public enum Parameter {
  /** λ_W of every layer and λ_H, tied: λ_{W_1} = … = λ_{W_M} = λ_H = value. */
  LAMBDA("lambda", true, "lambdaW", "lambdaH"),
  /** λ_W of every layer (λ_H as in the setting). */
  LAMBDA_W("lambdaW", true, "lambdaW"),
  /** λ_H (λ_W as in the setting). */
  LAMBDA_H("lambdaH", true, "lambdaH"),
  /** λ_B (bias=regularized only). */
  LAMBDA_B("lambdaB", true, "lambdaB"),
  /**
   * Imbalance ratio R = n_maj / n_min of a step profile: the classes whose count in the setting is
   * the largest, n_max, are the majority and keep it; every other class is a minority class and
   * gets round(n_max / R) samples. With equal counts in the setting, the last ⌊K/2⌋ classes are
   * the minority. R ≥ 1, and round(n_max / R) must be at least 1 (R ≤ 2 n_max).
   */
  RATIO("ratio", true, "n"),
  /** Depth M; every inner width equals d, every layer the same λ_W. */
  DEPTH("M", false, "M"),
  /** Number of classes K, every class with the setting's (equal) count. */
  CLASSES("K", false, "n"),
  /** The count n of every class (the setting's counts must be equal). */
  COUNT("n", false, "n"),
  /** The feature width d (inner widths that equal d follow it). */
  WIDTH("d", false, "d");

  private final String key;
  private final boolean log;
  private final List<String> keys;

  Parameter(String key, boolean log, String... keys) {
    this.key = key;
    this.log = log;
    this.keys = List.of(keys);
  }

  /** The name on the command line and in the JSON ({@code lambda}, {@code ratio}, {@code M}, …). */
  public String key() {
    return key;
  }

  /** True for a positive real gridded and bisected in log space; false for a whole number. */
  public boolean log() {
    return log;
  }

  /** The setting keys this parameter overwrites (where a placeholder may stand). */
  public List<String> keys() {
    return keys;
  }

  /** The parameter named {@code name}, or a bad input naming {@code flag} and the known names. */
  public static Parameter byKey(String flag, String name) {
    for (Parameter p : values()) {
      if (p.key.equals(name)) {
        return p;
      }
    }
    throw new InvalidInput(flag, "unknown parameter '" + name + "'; known: "
        + Arrays.stream(values()).map(Parameter::key).collect(Collectors.joining(", ")));
  }

  /**
   * The setting {@code s} with this parameter at {@code v} (a whole number for the integer
   * parameters).
   *
   * @throws InvalidInput naming {@code flag} when the value does not give a valid setting (the
   *     setting's own rule is quoted)
   */
  public Setting apply(String flag, Setting s, double v) {
    try {
      return applyUnchecked(flag, s, v);
    } catch (InvalidInput e) {
      if (e.place().equals(flag)) {
        throw e;
      }
      throw new InvalidInput(flag, key + "=" + Setting.formatNumber(v) + " gives no valid setting: "
          + e.getMessage());
    }
  }

  private Setting applyUnchecked(String flag, Setting s, double v) {
    int[] widths = s.innerWidths();
    double[] lw = s.lambdaW();
    switch (this) {
      case LAMBDA:
        Arrays.fill(lw, v);
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), s.d(), widths, lw, v, s.lambdaB(), s.activation());
      case LAMBDA_W:
        Arrays.fill(lw, v);
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), s.d(), widths, lw, s.lambdaH(), s.lambdaB(), s.activation());
      case LAMBDA_H:
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), s.d(), widths, lw, v, s.lambdaB(), s.activation());
      case LAMBDA_B:
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), s.d(), widths, lw, s.lambdaH(), v, s.activation());
      case RATIO:
        return s.withCounts(stepProfile(flag, s.counts(), v));
      case DEPTH: {
        if (Arrays.stream(widths).anyMatch(w -> w != s.d())) {
          throw new InvalidInput(flag, "varying M needs every inner width equal to d (drop widths= from the setting)");
        }
        if (Arrays.stream(lw).anyMatch(l -> l != lw[0])) {
          throw new InvalidInput(flag, "varying M needs one lambdaW for every layer");
        }
        int m = whole(flag, v);
        int[] w = new int[Math.max(0, m - 1)];
        Arrays.fill(w, s.d());
        double[] l = new double[Math.max(1, m)];
        Arrays.fill(l, lw[0]);
        if (m < 1) {
          throw new InvalidInput(flag, "depth M must be at least 1, got " + m);
        }
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), s.d(), w, l, s.lambdaH(), s.lambdaB(), s.activation());
      }
      case CLASSES: {
        requireBalanced(flag, s);
        int k = whole(flag, v);
        if (k < 2) {
          throw new InvalidInput(flag, "K must be at least 2, got " + k);
        }
        int[] counts = new int[k];
        Arrays.fill(counts, s.count(0));
        return s.withCounts(counts);
      }
      case COUNT: {
        requireBalanced(flag, s);
        int[] counts = new int[s.K()];
        Arrays.fill(counts, whole(flag, v));
        return s.withCounts(counts);
      }
      case WIDTH: {
        int d = whole(flag, v);
        int[] w = Arrays.stream(widths).map(x -> x == s.d() ? d : x).toArray();
        return new Setting(s.loss(), s.bias(), s.features(), s.counts(), d, w, lw, s.lambdaH(), s.lambdaB(), s.activation());
      }
      default:
        throw new AssertionError(this);
    }
  }

  /** The step profile of {@link #RATIO} at ratio r. */
  static int[] stepProfile(String flag, int[] base, double r) {
    if (!(r >= 1)) {
      throw new InvalidInput(flag, "the imbalance ratio must be at least 1, got " + r);
    }
    int max = Arrays.stream(base).max().orElseThrow();
    boolean balanced = Arrays.stream(base).allMatch(n -> n == max);
    int minority = (int) Math.round(max / r);
    if (minority < 1) {
      throw new InvalidInput(flag, String.format(Locale.ROOT, "at ratio %s the minority count "
          + "round(%d/%s) is 0; the ratio must be at most %d (2 n_max)", Setting.formatNumber(r), max,
          Setting.formatNumber(r), 2 * max));
    }
    int[] out = base.clone();
    for (int k = 0; k < out.length; k++) {
      boolean isMinority = balanced ? k >= out.length - out.length / 2 : base[k] < max;
      if (isMinority) {
        out[k] = minority;
      }
    }
    return out;
  }

  private static void requireBalanced(String flag, Setting s) {
    if (!s.balanced()) {
      throw new InvalidInput(flag, "needs equal class counts in the setting's n=, got "
          + Arrays.toString(s.counts()));
    }
  }

  private static int whole(String flag, double v) {
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new InvalidInput(flag, "needs a whole number, got " + v);
    }
    return (int) v;
  }
}

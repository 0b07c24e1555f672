package ncverify.problem;

import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One training problem (THEORY.md §1–2): class counts n_k, feature width d, inner widths
 * d_1 … d_{M−1}, depth M (number of linear layers), loss, bias, feature constraint and the
 * regularisers λ_{W_1} … λ_{W_M}, λ_H (and λ_B for a regularised bias).
 *
 * <p>Immutable and validated on construction. Its one-line text form
 * <pre>loss=mse bias=none features=free n=200,100,50,50 d=8 M=3 lambdaW=5e-4 lambdaH=5e-4</pre>
 * parses back to an equal setting, so any counterexample can be pasted into a command.
 * Widths: d ≥ 1 and every inner width ≥ 1; {@link #rank()} (the smallest width) bounds the rank of
 * the logits, and each theory family states which rank it needs.
 * Optional keys: {@code K=} (must equal the number of counts), {@code widths=} (M−1 inner widths,
 * default d), {@code lambdaW=a,b,c} (one per layer), {@code lambdaB=} (only with bias=regularized),
 * {@code smoothing=α} (exactly with loss=ls, 0 ≤ α < 1), {@code gamma=γ} (exactly with
 * loss=focal, γ ≥ 0), {@code activation=linear|relu} (default linear; relu only for M ≥ 2: σ
 * after W_1 … W_{M−1}, see {@link Activation}).
 */
public final class Setting {
  private static final Set<String> REQUIRED =
      Set.of("loss", "bias", "features", "n", "d", "M", "lambdaW", "lambdaH");
  private static final Set<String> OPTIONAL = Set.of("K", "widths", "lambdaB", "smoothing", "gamma",
      "activation");

  private final Loss loss;
  private final Bias bias;
  private final Features features;
  private final int[] counts;
  private final int d;
  private final int[] innerWidths;
  private final double[] lambdaW;
  private final double lambdaH;
  private final double lambdaB;
  private final Activation activation;

  /**
   * @param innerWidths d_1 … d_{M−1} (length M−1); the depth is innerWidths.length + 1
   * @param lambdaW one value per layer (length M)
   * @param lambdaB used only when bias is REGULARIZED (must be 0 otherwise)
   */
  public Setting(Loss loss, Bias bias, Features features, int[] counts, int d, int[] innerWidths,
      double[] lambdaW, double lambdaH, double lambdaB) {
    this(loss, bias, features, counts, d, innerWidths, lambdaW, lambdaH, lambdaB, Activation.LINEAR);
  }

  /**
   * The same with an activation between the layers ({@link Activation#RELU} needs M ≥ 2).
   *
   * @throws InvalidInput naming {@code activation} for relu with M = 1
   */
  public Setting(Loss loss, Bias bias, Features features, int[] counts, int d, int[] innerWidths,
      double[] lambdaW, double lambdaH, double lambdaB, Activation activation) {
    this.activation = require("activation", activation);
    this.loss = require("loss", loss);
    this.bias = require("bias", bias);
    this.features = require("features", features);
    this.counts = require("n", counts).clone();
    this.d = d;
    this.innerWidths = require("widths", innerWidths).clone();
    this.lambdaW = require("lambdaW", lambdaW).clone();
    this.lambdaH = lambdaH;
    this.lambdaB = lambdaB;
    validate();
  }

  /** A setting with the same λ_W for every layer and every inner width equal to d. */
  public static Setting of(Loss loss, Bias bias, Features features, int[] counts, int d, int depth,
      double lambdaW, double lambdaH) {
    requireDepth(depth);
    int[] widths = new int[depth - 1];
    Arrays.fill(widths, d);
    double[] lw = new double[depth];
    Arrays.fill(lw, lambdaW);
    return new Setting(loss, bias, features, counts, d, widths, lw, lambdaH, 0.0);
  }

  private static <T> T require(String key, T value) {
    if (value == null) {
      throw InvalidInput.key(key, "must be given");
    }
    return value;
  }

  private static void requireDepth(int depth) {
    if (depth < 1 || depth > Limits.MAX_DEPTH) {
      throw InvalidInput.key("M", "depth M must be between 1 and " + Limits.MAX_DEPTH + ", got "
          + depth);
    }
  }

  private void validate() {
    requireDepth(innerWidths.length + 1);
    if (counts.length > Limits.MAX_CLASSES) {
      throw InvalidInput.key("n", "at most K=" + Limits.MAX_CLASSES + " class counts, got "
          + counts.length);
    }
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    if (counts.length < 2) {
      throw InvalidInput.key("n", "needs at least K=2 class counts, got " + counts.length);
    }
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] < 1) {
        throw InvalidInput.key("n", "every class count n_k must be at least 1, but n_" + (k + 1)
            + "=" + counts[k]);
      }
      if (counts[k] > Limits.MAX_CLASS_COUNT) {
        throw InvalidInput.key("n", "every class count n_k must be at most "
            + Limits.MAX_CLASS_COUNT + ", but n_" + (k + 1) + "=" + counts[k]);
      }
    }
    if (total > Limits.MAX_SAMPLES) {
      throw InvalidInput.key("n", "the counts sum to N=" + total + ", above the limit of "
          + Limits.MAX_SAMPLES + " samples");
    }
    if (lambdaW.length != innerWidths.length + 1) {
      throw InvalidInput.key("lambdaW", "needs one value for all layers or exactly M="
          + (innerWidths.length + 1) + " values, got " + lambdaW.length);
    }
    for (double l : lambdaW) {
      requireNonNegative("lambdaW", l);
    }
    requireNonNegative("lambdaH", lambdaH);
    requireNonNegative("lambdaB", lambdaB);
    if (activation == Activation.RELU && innerWidths.length == 0) {
      throw InvalidInput.key("activation", "activation=relu acts between the layers of a deep head "
          + "and needs M >= 2; with M = 1 there is no inner layer (got M = 1)");
    }
    if (bias != Bias.REGULARIZED && lambdaB != 0.0) {
      throw InvalidInput.key("lambdaB", "is only allowed with bias=regularized");
    }
    // Width rule (issue 13): the objective is defined for any width >= 1. Which widths a theory
    // covers is each family's business (theory.Theories explains an uncovered one); below the
    // rank a family needs, predict falls back to a labelled numerical best point.
    if (d < 1) {
      throw InvalidInput.key("d", "width d=" + d + " must be at least 1");
    }
    if (d > Limits.MAX_WIDTH) {
      throw InvalidInput.key("d", "width d=" + d + " is above the limit of " + Limits.MAX_WIDTH);
    }
    for (int m = 0; m < innerWidths.length; m++) {
      if (innerWidths[m] < 1) {
        throw InvalidInput.key("widths", "inner width d_" + (m + 1) + "=" + innerWidths[m]
            + " must be at least 1");
      }
      if (innerWidths[m] > Limits.MAX_WIDTH) {
        throw InvalidInput.key("widths", "inner width d_" + (m + 1) + "=" + innerWidths[m]
            + " is above the limit of " + Limits.MAX_WIDTH);
      }
    }
    long p = parameters();
    if (p > Limits.MAX_PARAMETERS) {
      // Name the key of the larger term: the features d·N (the samples) or the layers
      // Σ d_{m−1} d_m (the width d, the inner widths, the depth M).
      long features = (long) d * total;
      long layers = p - features - (hasBias() ? K() : 0);
      String key = features >= layers ? "n"
          : Arrays.stream(innerWidths).anyMatch(w -> w > d) ? "widths" : "d";
      throw InvalidInput.key(key, "the setting has " + p + " parameters (" + layers
          + " in the M=" + depth() + " layers plus d*N=" + features + " features), above the limit of "
          + Limits.MAX_PARAMETERS + " (about " + Limits.optimiserBytes(Limits.MAX_PARAMETERS) / 1_000_000_000
          + " GB for the optimiser); " + (features >= layers ? "use fewer samples or a smaller width"
          : "use a smaller width or fewer layers (M)"));
    }
  }

  /**
   * Number of trained parameters: Σ_m d_{m−1}·d_m (d_0 = d, d_M = K) plus d·N features, plus K
   * for a bias. Computed in long, so it cannot overflow for any valid setting.
   */
  public long parameters() {
    long p = 0;
    for (int m = 1; m <= depth(); m++) {
      p += (long) layerIn(m) * layerOut(m);
    }
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return p + (long) d * n + (hasBias() ? K() : 0);
  }

  private static void requireNonNegative(String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw InvalidInput.key(key, "must be a finite number >= 0, got " + v);
    }
  }

  // ---------------------------------------------------------------- parsing and printing

  /** Parses the one-line form. Keys may come in any order; each at most once. */
  public static Setting parse(String text) {
    if (text == null || text.isBlank()) {
      throw InvalidInput.key("setting", "is empty; expected e.g. '" + EXAMPLE + "'");
    }
    if (text.length() > Limits.MAX_SETTING_CHARS) {
      throw InvalidInput.key("setting", "is " + text.length() + " characters long, above the limit "
          + "of " + Limits.MAX_SETTING_CHARS);
    }
    Map<String, String> kv = new LinkedHashMap<>();
    for (String token : text.trim().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        // the place is the text around the stray token: e.g. a space inside a list "n=2, 1"
        throw new InvalidInput("setting", "expected key=value tokens separated by spaces, got '"
            + token + "'" + (kv.isEmpty() ? "" : " after key '" + kv.keySet().stream()
            .reduce((a, b) -> b).orElseThrow() + "'") + " (a value holds no spaces: n=2,1)");
      }
      String key = token.substring(0, eq);
      if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
        throw InvalidInput.key(key, "unknown key; known keys are "
            + String.join(", ", new java.util.TreeSet<>(union())));
      }
      if (kv.put(key, token.substring(eq + 1)) != null) {
        throw InvalidInput.key(key, "given more than once");
      }
    }
    for (String key : new java.util.TreeSet<>(REQUIRED)) {
      if (!kv.containsKey(key)) {
        throw InvalidInput.key(key, "missing; a setting needs " + String.join(", ",
            new java.util.TreeSet<>(REQUIRED)) + " (e.g. '" + EXAMPLE + "')");
      }
    }
    Loss loss = parseLoss(kv);
    Bias bias = parseEnum(Bias.class, "bias", kv.get("bias"));
    Features features = parseEnum(Features.class, "features", kv.get("features"));
    int[] counts = parseInts("n", kv.get("n"));
    if (kv.containsKey("K")) {
      int k = parseInt("K", kv.get("K"));
      if (k != counts.length) {
        throw InvalidInput.key("K", "K=" + k + " must equal the number of class counts in n= ("
            + counts.length + ")");
      }
    }
    int d = parseInt("d", kv.get("d"));
    int depth = parseInt("M", kv.get("M"));
    requireDepth(depth);
    int[] widths;
    if (kv.containsKey("widths")) {
      widths = kv.get("widths").isEmpty() ? new int[0] : parseInts("widths", kv.get("widths"));
      if (widths.length != depth - 1) {
        throw InvalidInput.key("widths", "needs M-1=" + (depth - 1) + " inner widths, got "
            + widths.length);
      }
    } else {
      widths = new int[depth - 1];
      Arrays.fill(widths, d);
    }
    double[] lw = parseDoubles("lambdaW", kv.get("lambdaW"));
    if (lw.length == 1 && depth > 1) {
      double v = lw[0];
      lw = new double[depth];
      Arrays.fill(lw, v);
    }
    double lh = parseDouble("lambdaH", kv.get("lambdaH"));
    double lb = 0.0;
    if (kv.containsKey("lambdaB")) {
      lb = parseDouble("lambdaB", kv.get("lambdaB"));
      if (bias != Bias.REGULARIZED) {
        throw InvalidInput.key("lambdaB", "is only allowed with bias=regularized");
      }
    } else if (bias == Bias.REGULARIZED) {
      throw InvalidInput.key("lambdaB", "missing; bias=regularized needs lambdaB=");
    }
    Activation act = kv.containsKey("activation")
        ? parseEnum(Activation.class, "activation", kv.get("activation")) : Activation.LINEAR;
    return new Setting(loss, bias, features, counts, d, widths, lw, lh, lb, act);
  }

  public static final String EXAMPLE =
      "loss=mse bias=none features=free n=200,100,50,50 d=8 M=3 lambdaW=5e-4 lambdaH=5e-4";

  private static Set<String> union() {
    Set<String> all = new java.util.HashSet<>(REQUIRED);
    all.addAll(OPTIONAL);
    return all;
  }

  /**
   * loss=mse|ce|ls|focal with its parameter key: smoothing= exactly with ls, gamma= exactly with
   * focal (the range is checked by the loss itself, naming the key).
   */
  private static Loss parseLoss(Map<String, String> kv) {
    String word = kv.get("loss");
    Loss loss = switch (word.toLowerCase(Locale.ROOT)) {
      case "mse" -> Loss.MSE;
      case "ce" -> Loss.CE;
      case "ls" -> kv.containsKey("smoothing")
          ? new Loss.LabelSmoothing(parseDouble("smoothing", kv.get("smoothing")))
          : null;
      case "focal" -> kv.containsKey("gamma")
          ? new Loss.Focal(parseDouble("gamma", kv.get("gamma")))
          : null;
      default -> throw InvalidInput.key("loss", "expected one of mse, ce, ls, focal, got '" + word
          + "'");
    };
    if (loss == null) {
      String key = word.equalsIgnoreCase("ls") ? "smoothing" : "gamma";
      throw InvalidInput.key(key, "missing; loss=" + word.toLowerCase(Locale.ROOT) + " needs "
          + key + "= (" + (key.equals("smoothing") ? "0 <= smoothing < 1" : "gamma >= 0") + ")");
    }
    if (kv.containsKey("smoothing") && !(loss instanceof Loss.LabelSmoothing)) {
      throw InvalidInput.key("smoothing", "is only allowed with loss=ls");
    }
    if (kv.containsKey("gamma") && !(loss instanceof Loss.Focal)) {
      throw InvalidInput.key("gamma", "is only allowed with loss=focal");
    }
    return loss;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw InvalidInput.key(key, "expected one of " + Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
        + ", got '" + value + "'");
  }

  /** A whole number in ASCII digits ({@link Numbers}); the limits are checked by validate(). */
  private static int parseInt(String key, String value) {
    return Numbers.parseInt(place(key), value, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private static String place(String key) {
    return InvalidInput.key(key, "").place();
  }

  private static int[] parseInts(String key, String value) {
    if (value.isEmpty()) {
      throw InvalidInput.key(key, "expected a comma-separated list of whole numbers, got ''");
    }
    return Arrays.stream(value.split(",", -1)).mapToInt(v -> parseInt(key, v)).toArray();
  }

  /** A finite ASCII decimal that neither underflows nor overflows ({@link Numbers}). */
  private static double parseDouble(String key, String value) {
    return Numbers.parseDouble(place(key), value, -Double.MAX_VALUE, Double.MAX_VALUE);
  }

  private static double[] parseDoubles(String key, String value) {
    if (value.isEmpty()) {
      throw InvalidInput.key(key, "expected a number or a comma-separated list, got ''");
    }
    return Arrays.stream(value.split(",", -1)).mapToDouble(v -> parseDouble(key, v)).toArray();
  }

  /** The one-line form; {@code parse(s.toString()).equals(s)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("loss=").append(loss.key());
    if (loss instanceof Loss.LabelSmoothing ls) {
      sb.append(" smoothing=").append(formatNumber(ls.alpha()));
    } else if (loss instanceof Loss.Focal focal) {
      sb.append(" gamma=").append(formatNumber(focal.gamma()));
    }
    sb        .append(" bias=").append(bias.name().toLowerCase(Locale.ROOT))
        .append(" features=").append(features.name().toLowerCase(Locale.ROOT))
        .append(" n=").append(join(counts))
        .append(" d=").append(d)
        .append(" M=").append(depth());
    if (Arrays.stream(innerWidths).anyMatch(w -> w != d)) {
      sb.append(" widths=").append(join(innerWidths));
    }
    sb.append(" lambdaW=");
    if (Arrays.stream(lambdaW).allMatch(l -> l == lambdaW[0])) {
      sb.append(formatNumber(lambdaW[0]));
    } else {
      sb.append(Arrays.stream(lambdaW).mapToObj(Setting::formatNumber).collect(Collectors.joining(",")));
    }
    sb.append(" lambdaH=").append(formatNumber(lambdaH));
    if (bias == Bias.REGULARIZED) {
      sb.append(" lambdaB=").append(formatNumber(lambdaB));
    }
    if (activation != Activation.LINEAR) {
      sb.append(" activation=").append(activation.name().toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  private static String join(int[] v) {
    return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  /**
   * Shortest text that parses back to exactly {@code x}: "5e-4", "0.25", "3", "1.5e-3".
   * Uses the digits of {@link Double#toString}, which round-trip.
   */
  public static String formatNumber(double x) {
    if (x == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    int exponent = bd.precision() - bd.scale() - 1; // x = m.mmm × 10^exponent
    if (exponent >= -2 && exponent < 7) {
      return bd.toPlainString();
    }
    String digits = bd.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (bd.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
  }

  // ---------------------------------------------------------------- accessors

  public Loss loss() { return loss; }
  public Bias bias() { return bias; }
  public Features features() { return features; }
  public int K() { return counts.length; }
  /** n_k for class k (0-based). */
  public int count(int k) { return counts[k]; }
  public int[] counts() { return counts.clone(); }
  /** N = Σ n_k; fits an int because validation bounds it by {@link Limits#MAX_SAMPLES}. */
  public int N() { return (int) Arrays.stream(counts).asLongStream().sum(); }
  public int d() { return d; }
  /** M, the number of linear layers. */
  public int depth() { return innerWidths.length + 1; }
  public int[] innerWidths() { return innerWidths.clone(); }
  /** λ_{W_m} for layer m = 1 … M. */
  public double lambdaW(int m) { return lambdaW[m - 1]; }
  public double[] lambdaW() { return lambdaW.clone(); }
  public double lambdaH() { return lambdaH; }
  public double lambdaB() { return lambdaB; }
  public boolean hasBias() { return bias != Bias.NONE; }
  /** The activation between the layers (LINEAR unless activation=relu was given). */
  public Activation activation() { return activation; }
  /** Whether a ReLU sits after every inner layer W_1 … W_{M−1}. */
  public boolean relu() { return activation == Activation.RELU; }

  /** min(d, d_1, …, d_{M−1}): the largest rank the product W_M⋯W_1 H can have. */
  public int rank() { return Math.min(d, Arrays.stream(innerWidths).min().orElse(d)); }

  /** Input width of layer m (1-based): d for m = 1, else d_{m−1}. */
  public int layerIn(int m) { return m == 1 ? d : innerWidths[m - 2]; }

  /** Output width of layer m (1-based): K for m = M, else d_m. */
  public int layerOut(int m) { return m == depth() ? K() : innerWidths[m - 1]; }

  /** Label (0-based class) of sample i; samples are stored class by class, in class order. */
  public int[] labels() {
    return IntStream.range(0, K()).flatMap(k -> IntStream.range(0, counts[k]).map(i -> k)).toArray();
  }

  /** Π_m λ_{W_m}. */
  public double lambdaWProduct() {
    return Arrays.stream(lambdaW).reduce(1.0, (a, b) -> a * b);
  }

  public boolean balanced() {
    return Arrays.stream(counts).allMatch(n -> n == counts[0]);
  }

  /** A copy with other class counts (keeps everything else). */
  public Setting withCounts(int[] newCounts) {
    return new Setting(loss, bias, features, newCounts, d, innerWidths, lambdaW, lambdaH, lambdaB,
        activation);
  }

  /** A copy with other regularisers (keeps everything else). */
  public Setting withLambdas(double[] newLambdaW, double newLambdaH) {
    return new Setting(loss, bias, features, counts, d, innerWidths, newLambdaW, newLambdaH, lambdaB,
        activation);
  }

  /** A copy with another activation (keeps everything else). */
  public Setting withActivation(Activation newActivation) {
    return new Setting(loss, bias, features, counts, d, innerWidths, lambdaW, lambdaH, lambdaB,
        newActivation);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Setting s && loss.equals(s.loss) && bias == s.bias && features == s.features
        && Arrays.equals(counts, s.counts) && d == s.d && Arrays.equals(innerWidths, s.innerWidths)
        && Arrays.equals(lambdaW, s.lambdaW) && lambdaH == s.lambdaH && lambdaB == s.lambdaB
        && activation == s.activation;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(loss, bias, features, Arrays.hashCode(counts), d,
        Arrays.hashCode(innerWidths), Arrays.hashCode(lambdaW), lambdaH, lambdaB, activation);
  }
}

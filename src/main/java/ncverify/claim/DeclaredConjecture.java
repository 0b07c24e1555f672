package ncverify.claim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ncverify.claim.ConjectureFile.Expression;
import ncverify.claim.ConjectureFile.Let;
import ncverify.claim.ConjectureFile.Predicted;
import ncverify.claim.ConjectureFile.Vary;
import ncverify.core.InvalidInput;
import ncverify.measure.Matrices;
import ncverify.measure.PointGeometry;
import ncverify.measure.Quantity;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.symbolic.SymbolicEvaluator;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * A conjecture from a {@link ConjectureFile}: what it predicts for one setting ({@link #expect}),
 * and how a measured point deviates from that ({@link #mismatches}). The judging (which points
 * are compared, and when a mismatch is evidence) is the verifier's ({@code verify.QuantityJudge}).
 *
 * <p>Symbols visible in expressions: K, Ntotal (N; {@code N} is Symja's numeric function), M, d,
 * n (list of counts), widths (list of inner widths), lambdaW (layer 1), lambdaW1 … lambdaWM,
 * lambdaH, lambdaB, lambdaProduct (Π λ_m), lambdaInvariant (λ_H Π λ_m), every {@code let} name;
 * per entry k, j (1-based classes), nk, nj, m (layer), i (index); in assertions the measured
 * quantities by their camelCase symbols ({@link Quantity#symbol()}) and tol.
 */
public final class DeclaredConjecture extends Claim implements AutoCloseable {
  /** Evaluations allowed to one bounded 1-D minimum ({@code let NAME min t in LO..HI}). */
  public static final int MINIMISER_EVALUATIONS = 400;
  /** Grid cells scanned before refining (so the global minimum on the interval is bracketed). */
  public static final int MINIMISER_GRID = 64;
  /** Grid-local minima refined by Brent (each with an equal share of the evaluations). */
  public static final int MINIMISER_BASINS = 4;
  /** Relative accuracy of the 1-D minimum's location (Brent; the value is far more accurate). */
  public static final double MINIMISER_RELATIVE_ACCURACY = 1e-10;

  private final ConjectureFile file;
  private final SymbolicEvaluator evaluator;

  private DeclaredConjecture(ConjectureFile file, SymbolicEvaluator evaluator) {
    this.file = file;
    this.evaluator = evaluator;
  }

  /** Reads and checks a file (every error at once, in line order; exit 2 through InvalidInput). */
  public static DeclaredConjecture open(Path path) {
    SymbolicEvaluator evaluator = new SymbolicEvaluator();
    try {
      return new DeclaredConjecture(ConjectureFile.read(path, evaluator::builtInNamed,
          evaluator::syntaxError), evaluator);
    } catch (RuntimeException e) {
      evaluator.close();
      throw e;
    }
  }

  public ConjectureFile file() { return file; }
  @Override public String id() { return file.id(); }
  @Override public String title() { return file.title(); }
  @Override public String source() { return file.source(); }
  @Override public SourceStatus status() { return file.status(); }
  @Override public String proofFile() { return file.path().toString(); }

  /**
   * The file's fixed keys are its domain: {@code check FILE --setting S} refuses an S with another
   * loss, bias or features, unequal counts under {@code counts=balanced}, or another fixed K, M or
   * d, or a value outside a {@code vary} range for K, n, M, d, widths, lambdaW, lambdaW1…9, lambdaH,
   * lambdaB (exit 2 naming the file, the key and the rule). Ranges relative to a {@code let} value
   * are not checked here.
   */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(Setting s) {
    Map<String, String> fixed = file.fixed();
    String[][] keys = {{"loss", s.loss().name()}, {"bias", s.bias().name()},
        {"features", s.features().name()}, {"M", Integer.toString(s.depth())},
        {"d", Integer.toString(s.d())}, {"K", Integer.toString(s.K())}};
    for (String[] k : keys) {
      String want = fixed.get(k[0]) == null ? null : fixed.get(k[0]).strip();
      java.util.regex.Matcher relative = want == null ? null
          : Pattern.compile("K(?:\\s*\\+\\s*(\\d+))?").matcher(want);
      if (relative != null && relative.matches()) {
        // d = K or d = K + c: the width the file fixes relative to this setting's K
        want = Integer.toString(s.K() + (relative.group(1) == null ? 0 : Integer.parseInt(relative.group(1))));
      }
      if (want != null && want.matches("[A-Za-z0-9]+") && !want.equalsIgnoreCase(k[1])) {
        return java.util.Optional.of(ncverify.core.InvalidInput.key(k[0], "conjecture " + id()
            + " (" + file.path() + ") speaks about " + k[0] + "=" + fixed.get(k[0]).strip() + " only, got "
            + k[1].toLowerCase(java.util.Locale.ROOT)));
      }
    }
    if ("balanced".equals(fixed.get("counts")) && !s.balanced()) {
      return java.util.Optional.of(ncverify.core.InvalidInput.key("n", "conjecture " + id()
          + " (" + file.path() + ") speaks about balanced classes only (counts=balanced)"));
    }
    for (ConjectureFile.Vary v : file.ranges().values()) {
      if (v.relativeTo() != null) {
        continue; // a range relative to a let value: judged where the file's values are known
      }
      double lo = v.offsetFromK() ? s.K() + v.lo() : v.lo();
      double hi = v.offsetFromK() ? s.K() + v.hi() : v.hi();
      for (double value : rangedValues(v.name(), s, file.fixed().getOrDefault("counts", "free"))) {
        // Bounds as written in the file, read back through double: allow one part in 1e12.
        if (value < lo * (1 - 1e-12) - 1e-300 || value > hi * (1 + 1e-12)) {
          return java.util.Optional.of(ncverify.core.InvalidInput.key(v.name(), "conjecture "
              + id() + " (" + file.path() + ":" + v.line() + ") speaks about " + v.name() + " in ["
              + lo + ", " + hi + "] only, got " + value));
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The setting's values for a {@code vary} name this check understands (none for the others).
   * Under {@code counts=step|longtail} the n range is the head classes' count (the others are
   * n/ratio, see {@link ConjectureFile}): only the largest count is in it.
   */
  private static double[] rangedValues(String name, Setting s, String counts) {
    return switch (name) {
      case "K" -> new double[] {s.K()};
      case "n" -> counts.equals("step") || counts.equals("longtail")
          ? new double[] {Arrays.stream(s.counts()).max().orElse(0)}
          : Arrays.stream(s.counts()).asDoubleStream().toArray();
      case "M" -> new double[] {s.depth()};
      case "d" -> new double[] {s.d()};
      case "widths" -> Arrays.stream(s.innerWidths()).asDoubleStream().toArray();
      case "lambdaW" -> s.lambdaW();
      case "lambdaH" -> new double[] {s.lambdaH()};
      case "lambdaB" -> new double[] {s.lambdaB()};
      default -> name.matches("lambdaW[1-9]") && Integer.parseInt(name.substring(7)) <= s.depth()
          ? new double[] {s.lambdaW(Integer.parseInt(name.substring(7)))} : new double[0];
    };
  }
  @Override public List<Check> checks() { return List.of(); }
  /** A statement about where the papers' training recipe settles (mode=training). */
  public boolean aboutTraining() { return file.mode().equals("training"); }

  /** A declared conjecture has no theory of its own; its explicit point, if any, is {@link #expect}'s. */
  @Override
  public java.util.Optional<ncverify.theory.Prediction> predict(Setting s) {
    return java.util.Optional.empty();
  }

  @Override
  public String statement() {
    StringBuilder sb = new StringBuilder();
    for (Predicted p : file.predictions()) {
      sb.append(p.quantity().key()).append(p.upToScale() ? " ∝ " : " = ").append(p.value().text())
          .append(p.condition() == null ? "" : " where " + p.condition().text()).append("; ");
    }
    file.assertions().forEach(a -> sb.append("assert ").append(a.predicate().text()).append("; "));
    return sb.toString();
  }

  /** Every symbol the suite binds (a {@code let} may not reuse one, case-insensitively). */
  public static Set<String> reservedSymbols() {
    Set<String> out = new LinkedHashSet<>(List.of("K", "Ntotal", "M", "d", "n", "widths",
        "lambdaW", "lambdaH", "lambdaB", "lambdaProduct", "lambdaInvariant", "k", "j", "nk", "nj",
        "m", "i", "r", "tol", SymbolicEvaluator.DONT_CARE));
    for (int m = 1; m <= 9; m++) {
      out.add("lambdaW" + m);
    }
    for (Quantity q : Quantity.values()) {
      out.add(q.symbol());
    }
    return out;
  }

  // ------------------------------------------------------------------ domain

  @Override
  public Domain domain() {
    Map<String, String> fixed = file.fixed();
    Map<String, Vary> ranges = file.ranges();
    Domain.Builder b = Domain.builder(describeDomain());
    int maxK = ranges.containsKey("K") ? (int) ranges.get("K").hi() : fixedK();
    for (String name : List.of("K", "M", "d", "widths", "ratio")) {
      if (ranges.containsKey(name)) {
        b.choice(name, (int) ranges.get(name).lo(), (int) ranges.get(name).hi());
      }
    }
    if (ranges.containsKey("n")) {
      Vary n = ranges.get("n");
      if (fixed.getOrDefault("counts", "free").equals("free")) {
        for (int k = 0; k < maxK; k++) {
          b.choice("n" + k, (int) n.lo(), (int) n.hi());
        }
      } else {
        b.choice("n", (int) n.lo(), (int) n.hi());
      }
    }
    for (Vary v : ranges.values()) {
      if (ConjectureFile.LAMBDA.matcher(v.name()).matches()) {
        b.choice(v.name(), quarter(v.lo()), quarter(v.hi()));
      }
    }
    return b.build(this::build);
  }

  private String describeDomain() {
    StringBuilder sb = new StringBuilder();
    file.ranges().values().forEach(v -> sb.append(sb.length() == 0 ? "" : ", ").append(v.name())
        .append('=').append(v.offsetFromK() ? "K+" : "").append(Setting.formatNumber(v.lo()))
        .append("..").append(v.offsetFromK() ? "K+" : "").append(Setting.formatNumber(v.hi()))
        .append(v.relativeTo() == null ? "" : " x " + v.relativeTo()));
    file.ties().forEach((a, c) -> sb.append(", ").append(a).append('=').append(c));
    return sb.toString();
  }

  private int fixedK() {
    if (file.fixed().containsKey("n")) {
      return file.fixed().get("n").split(",").length;
    }
    return Integer.parseInt(file.fixed().get("K"));
  }

  /** The setting for one value per domain choice. */
  private Setting build(Domain.Values v) {
    Map<String, String> fixed = file.fixed();
    Map<String, Vary> ranges = file.ranges();
    int k = ranges.containsKey("K") ? v.get("K") : fixedK();
    int depth = ranges.containsKey("M") ? v.get("M") : Integer.parseInt(fixed.get("M"));
    int d = ranges.containsKey("d") ? width(ranges.get("d"), v.get("d"), k)
        : fixed.containsKey("d") ? widthText(fixed.get("d"), k) : k;
    int inner = ranges.containsKey("widths") ? width(ranges.get("widths"), v.get("widths"), k)
        : fixed.containsKey("widths") ? widthText(fixed.get("widths"), k) : d;
    int[] counts = counts(v, k);
    StringBuilder text = new StringBuilder("loss=" + fixed.get("loss") + " bias=" + fixed.get("bias")
        + " features=" + fixed.get("features") + " n=" + join(counts) + " d=" + d + " M=" + depth);
    if (depth > 1) {
      text.append(" widths=").append(join(filled(depth - 1, inner)));
    }
    Setting shape = parse(text + " lambdaW=1 lambdaH=1"
        + (fixed.get("bias").equalsIgnoreCase("regularized") ? " lambdaB=1" : ""));
    Map<String, Double> lambdas = lambdas(v, shape);
    double[] lw = new double[depth];
    for (int m = 1; m <= depth; m++) {
      lw[m - 1] = lambdas.getOrDefault("lambdaW" + m, lambdas.get("lambdaW"));
    }
    text.append(" lambdaW=").append(Arrays.stream(lw).mapToObj(Setting::formatNumber)
        .reduce((a, c) -> a + "," + c).orElseThrow());
    text.append(" lambdaH=").append(Setting.formatNumber(lambdas.get("lambdaH")));
    if (fixed.get("bias").equalsIgnoreCase("regularized")) {
      text.append(" lambdaB=").append(Setting.formatNumber(lambdas.get("lambdaB")));
    }
    return parse(text.toString());
  }

  private Setting parse(String text) {
    try {
      return Setting.parse(text);
    } catch (InvalidInput e) {
      throw InvalidInput.file(file.path(), "the domain draws an invalid setting '" + text + "': "
          + e.getMessage() + " (narrow the 'vary' ranges, e.g. 'vary d: K+0..K+2')");
    }
  }

  private static int width(Vary range, int value, int k) {
    return range.offsetFromK() ? k + value : value;
  }

  private int widthText(String text, int k) {
    String t = text.replace(" ", "");
    try {
      return t.startsWith("K") ? k + (t.length() == 1 ? 0 : Integer.parseInt(t.substring(1)))
          : Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw InvalidInput.file(file.path(), "setting: a width must be a whole number or K+c, got '" + text + "'");
    }
  }

  private int[] counts(Domain.Values v, int k) {
    if (file.fixed().containsKey("n")) {
      return Arrays.stream(file.fixed().get("n").split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    }
    String profile = file.fixed().getOrDefault("counts", "free");
    int[] c = new int[k];
    for (int j = 0; j < k; j++) {
      c[j] = switch (profile) {
        case "free" -> v.get("n" + j);
        case "balanced" -> v.get("n");
        case "step" -> j < (k + 1) / 2 ? v.get("n") : (int) Math.max(1, Math.round(v.get("n") / (double) v.get("ratio")));
        default -> (int) Math.max(1, Math.round(v.get("n") * Math.pow(v.get("ratio"), -j / (double) (k - 1))));
      };
    }
    return c;
  }

  /** λ values by name (lambdaW, lambdaW1…, lambdaH, lambdaB) for one draw. */
  private Map<String, Double> lambdas(Domain.Values v, Setting shape) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : List.of("lambdaW", "lambdaH", "lambdaB", "lambdaInvariant")) {
      if (file.fixed().containsKey(name)) {
        out.put(name, Double.parseDouble(file.fixed().get(name)));
      }
    }
    for (Vary r : file.ranges().values()) {
      if (ConjectureFile.LAMBDA.matcher(r.name()).matches()) {
        // The grid point nearest a range end may lie outside it (quarter(0.0035) = 10^-2.5 =
        // 0.00316): clamped, so every draw and every shrunk counterexample stays inside the
        // declared range and its reproduce command passes outsideDomain (issue 11).
        double value = Math.min(r.hi(), Math.max(r.lo(), v.quarterDecade(r.name())));
        if (r.relativeTo() != null) {
          value *= letValue(r.relativeTo(), shape, r.line());
        }
        out.put(r.name(), value);
      }
    }
    if (out.containsKey("lambdaInvariant")) {
      double each = Math.pow(out.get("lambdaInvariant"), 1.0 / (shape.depth() + 1));
      out.putIfAbsent("lambdaW", each);
      out.putIfAbsent("lambdaH", each);
      out.putIfAbsent("lambdaB", each);
    }
    file.ties().forEach((a, c) -> {
      Double value = out.get(c.equals("lambdaW1") && !out.containsKey(c) ? "lambdaW" : c);
      if (value == null) {
        throw InvalidInput.file(file.path(), "tie " + a + ": " + c + " has no value (vary or fix " + c + ")");
      }
      out.put(a, value);
    });
    return out;
  }

  /** A {@code let} value for a λ scale: evaluated without λ symbols (it must not depend on them). */
  private double letValue(String name, Setting shape, int line) {
    Map<String, Object> b = bindings(shape, false);
    for (Let let : file.lets()) {
      try {
        b.put(let.name(), let(let, b));
      } catch (InvalidInput e) {
        if (let.name().equals(name)) {
          throw InvalidInput.at(file.path(), line, "'" + name + "', used as a λ scale, must not "
              + "depend on a λ: " + e.rule());
        }
      }
      if (let.name().equals(name)) {
        double value = ((Number) b.get(name)).doubleValue();
        if (!(value > 0) || Double.isInfinite(value)) {
          throw InvalidInput.at(file.path(), line, "'" + name + "' = " + value + " at " + shape
              + ": a λ scale must be a positive number");
        }
        return value;
      }
    }
    throw InvalidInput.at(file.path(), line, "no 'let " + name + "'");
  }

  private static int quarter(double x) {
    return (int) Math.round(4 * Math.log10(x));
  }

  private static String join(int[] v) {
    return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
  }

  private static int[] filled(int length, int value) {
    int[] out = new int[length];
    Arrays.fill(out, value);
    return out;
  }

  // ------------------------------------------------------------------ predictions

  /**
   * What the file predicts for one setting.
   *
   * @param values quantity → blocks × rows × cols; NaN marks an entry not judged (DontCare or its
   *     condition false)
   * @param optimalValue the predicted optimal value, or NaN if none
   * @param point the explicit predicted point (flat, {@link Layout}), or null
   * @param bindings the setting's symbols and every {@code let} value
   * @param atOwnThreshold quantities with entries not judged because the prediction itself flips
   *     there under a {@link #THRESHOLD_PERTURBATION} move of the λ's
   */
  public record Expected(Setting setting, Map<Predicted, double[][][]> values, double optimalValue,
      double[] point, Map<String, Object> bindings, List<String> atOwnThreshold) {}

  /** Evaluates every let, prediction and point line for s (file errors → InvalidInput). */
  public Expected expect(Setting s) {
    Expected e = evaluateAll(s);
    // A boolean prediction (collapsed, or an 'if' condition) that flips when every λ moves by
    // THRESHOLD_PERTURBATION sits at the file's own threshold, where its floating-point value is
    // round-off (n_k <= N²λ_Wλ_H with equality in exact arithmetic): those entries are not judged.
    List<String> atThreshold = new ArrayList<>();
    if (file.predictions().stream().anyMatch(p -> p.quantity() == Quantity.COLLAPSED || p.condition() != null)) {
      for (double factor : new double[] {1 + THRESHOLD_PERTURBATION, 1 - THRESHOLD_PERTURBATION}) {
        double[] lw = s.lambdaW();
        for (int m = 0; m < lw.length; m++) {
          lw[m] *= factor;
        }
        Expected moved = evaluateAll(s.withLambdas(lw, s.lambdaH() * factor));
        for (Predicted p : file.predictions()) {
          if (p.quantity() != Quantity.COLLAPSED && p.condition() == null) {
            continue;
          }
          double[][][] here = e.values().get(p), there = moved.values().get(p);
          for (int blk = 0; blk < here.length; blk++) {
            for (int r = 0; r < here[blk].length; r++) {
              for (int c = 0; c < here[blk][r].length; c++) {
                double x = here[blk][r][c], y = there[blk][r][c];
                boolean flips = Double.isNaN(x) != Double.isNaN(y)
                    || (p.quantity() == Quantity.COLLAPSED && !Double.isNaN(x) && (x != 0) != (y != 0));
                if (flips && !Double.isNaN(x)) {
                  here[blk][r][c] = Double.NaN;
                  if (!atThreshold.contains(p.quantity().key())) {
                    atThreshold.add(p.quantity().key());
                  }
                }
              }
            }
          }
        }
      }
    }
    return new Expected(s, e.values(), e.optimalValue(), e.point(), e.bindings(), List.copyOf(atThreshold));
  }

  /**
   * Relative move of every λ that tells a prediction's own threshold from round-off: the
   * prediction's arithmetic errs by ~1e-15 relative, while settings on the quarter-decade grid
   * differ by >= 78%.
   */
  public static final double THRESHOLD_PERTURBATION = 1e-9;

  private Expected evaluateAll(Setting s) {
    Map<String, Object> b = bindings(s, true);
    for (Let let : file.lets()) {
      if (!perEntry(let)) {
        b.put(let.name(), let(let, b));
      }
    }
    Map<Predicted, double[][][]> values = new LinkedHashMap<>();
    double optimal = Double.NaN;
    for (Predicted p : file.predictions()) {
      double[][][] v = evaluate(p, s, b);
      values.put(p, v);
      if (p.quantity() == Quantity.OPTIMAL_VALUE) {
        optimal = v[0][0][0];
      }
    }
    return new Expected(s, values, optimal, point(s, b), b, List.of());
  }

  private double[][][] evaluate(Predicted p, Setting s, Map<String, Object> base) {
    int[][] dims = p.quantity().dimensions(s);
    boolean layered = p.quantity().shape() == Quantity.Shape.LAYER_VECTOR
        || p.quantity().shape() == Quantity.Shape.LAYER_PAIR;
    int firstLayer = p.quantity().shape() == Quantity.Shape.LAYER_PAIR ? 0 : 1;
    double[][][] out = new double[dims.length][][];
    for (int blk = 0; blk < dims.length; blk++) {
      out[blk] = new double[dims[blk][0]][dims[blk][1]];
      for (int r = 0; r < dims[blk][0]; r++) {
        for (int c = 0; c < dims[blk][1]; c++) {
          Map<String, Object> b = new LinkedHashMap<>(base);
          switch (p.quantity().shape()) {
            case CLASS -> classSymbols(b, s, "k", "nk", c);
            case PAIR, LAYER_PAIR -> {
              classSymbols(b, s, "k", "nk", r);
              classSymbols(b, s, "j", "nj", c);
            }
            case LAYER_VECTOR -> b.put("i", c + 1);
            default -> { }
          }
          if (layered) {
            b.put("m", blk + firstLayer);
          }
          for (Let let : file.lets()) {
            if (perEntry(let)) {
              b.put(let.name(), let(let, b));
            }
          }
          boolean judged = p.condition() == null || truth(p.condition(), b);
          out[blk][r][c] = judged ? value(p.value(), b) : Double.NaN;
        }
      }
    }
    return out;
  }

  private static void classSymbols(Map<String, Object> b, Setting s, String index, String count, int k) {
    b.put(index, k + 1);
    b.put(count, s.count(k));
  }

  /** The explicit point (M = 1): every sample at its class mean h̄_k, W and b as given. */
  private double[] point(Setting s, Map<String, Object> base) {
    if (file.point().isEmpty()) {
      return null;
    }
    Expression h = file.point().get("h"), w = file.point().get("w"), bias = file.point().get("b");
    Expression z = file.point().get("z");
    Expression first = z != null ? z : h;
    if (z == null && s.depth() != 1) {
      throw InvalidInput.at(file.path(), h.line(), "'point h/w' is for M = 1; for M = " + s.depth()
          + " give the logits with 'point z:'");
    }
    if (s.hasBias() != (bias != null)) {
      throw InvalidInput.at(file.path(), first.line(), s.hasBias() ? "this setting has a bias: add "
          + "'point b: …'" : "'point b:' needs a setting with a bias");
    }
    if (z != null) {
      double[][] logits = new double[s.K()][s.K()];
      for (int k = 0; k < s.K(); k++) {
        for (int j = 0; j < s.K(); j++) {
          Map<String, Object> b = new LinkedHashMap<>(base);
          classSymbols(b, s, "k", "nk", k);
          classSymbols(b, s, "j", "nj", j);
          logits[k][j] = value(z, b);
        }
      }
      double[] x = Lifting.cheapest(s, logits);
      if (bias != null) {
        Layout layout = new Layout(s);
        for (int k = 0; k < s.K(); k++) {
          Map<String, Object> b = new LinkedHashMap<>(base);
          classSymbols(b, s, "k", "nk", k);
          x[layout.bOffset() + k] = value(bias, b);
        }
      }
      return x;
    }
    Layout layout = new Layout(s);
    double[] x = new double[layout.size()];
    double[][] means = new double[s.d()][s.K()];
    double[][] wm = new double[s.K()][s.d()];
    for (int k = 0; k < s.K(); k++) {
      for (int r = 0; r < s.d(); r++) {
        Map<String, Object> b = new LinkedHashMap<>(base);
        classSymbols(b, s, "k", "nk", k);
        b.put("r", r + 1);
        means[r][k] = value(h, b);
        wm[k][r] = value(w, b);
      }
      if (bias != null) {
        Map<String, Object> b = new LinkedHashMap<>(base);
        classSymbols(b, s, "k", "nk", k);
        x[layout.bOffset() + k] = value(bias, b);
      }
    }
    double[][] hFull = new double[s.d()][s.N()];
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < s.d(); r++) {
        hFull[r][i] = means[r][labels[i]];
      }
    }
    layout.setW(x, 1, wm);
    layout.setH(x, hFull);
    return x;
  }

  // ------------------------------------------------------------------ comparison

  /** How far one prediction or assertion is from a measured point (an assertion: 0 or 1). */
  /**
   * One prediction's or assertion's deviation at a point. A NaN deviation means the quantity is
   * <b>undefined</b> at that point (an NC metric of zero class means, the direction of a zero
   * matrix compared "up to scale"): it neither holds nor refutes, the judge reports it as
   * INCONCLUSIVE.
   */
  public record Deviation(String name, double deviation, double tolerance, String detail) {
    public boolean holds() {
      return deviation <= tolerance;
    }

    /** The quantity has no value at this point (see the record's comment). */
    public boolean undefined() {
      return Double.isNaN(deviation);
    }
  }

  /**
   * Every prediction's and assertion's deviation at the point x (objective f), in file order. The optimal value is
   * compared with {@code valueTolerance} relative to max(1, |f*|); structure with each line's
   * tolerance (default {@link Tolerances#STRUCTURE}).
   */
  public List<Deviation> deviations(Expected e, double[] x, double f, double valueTolerance) {
    Setting s = e.setting();
    double scale = collapseScale(s, x);
    // Every class mean zero relative to round-off (a fully collapsed point): W and H̄ are zero
    // there (λ > 0), so a direction compared "up to scale" is undefined, not a mismatch.
    boolean fullyCollapsed = Arrays.stream(Quantity.COLLAPSED.measure(s, x, f, scale)[0][0])
        .allMatch(c -> c != 0);
    List<Deviation> out = new ArrayList<>();
    for (Map.Entry<Predicted, double[][][]> entry : e.values().entrySet()) {
      Predicted p = entry.getKey();
      double[][][] predicted = entry.getValue();
      double tolerance = p.tolerance() != null ? p.tolerance()
          : p.quantity() == Quantity.OPTIMAL_VALUE ? valueTolerance : Tolerances.STRUCTURE.value();
      double dev;
      String measuredText;
      if (p.quantity() == Quantity.OPTIMAL_VALUE) {
        dev = Math.abs(f - predicted[0][0][0]) / Math.max(1, Math.abs(predicted[0][0][0]));
        measuredText = Double.toString(f);
      } else if (p.quantity() == Quantity.COLLAPSED) {
        double[] measured = Quantity.COLLAPSED.measure(s, x, f, scale)[0][0];
        int wrong = 0;
        for (int k = 0; k < measured.length; k++) {
          double want = predicted[0][0][k];
          wrong += !Double.isNaN(want) && (want != 0) != (measured[k] != 0) ? 1 : 0;
        }
        dev = wrong;
        tolerance = 0;
        measuredText = Arrays.toString(measured);
      } else if (p.quantity() == Quantity.ALIGNMENT) {
        PointGeometry g = PointGeometry.of(s, x);
        double[][] target = Matrices.multiplyTransposed(predicted[0], g.means());
        double[][] w = g.classifier();
        double[][] mask = new double[w.length][w[0].length];
        for (int k = 0; k < w.length; k++) {
          boolean any = Arrays.stream(predicted[0][k]).anyMatch(Double::isNaN);
          Arrays.fill(mask[k], any ? Double.NaN : 0);
        }
        dev = deviation(new double[][][] {w}, new double[][][] {add(target, mask)}, p.upToScale(),
            false, fullyCollapsed);
        measuredText = "W = " + Arrays.deepToString(round(w));
      } else {
        double[][][] measured = p.quantity().measure(s, x, f, scale);
        boolean modShift = p.quantity() == Quantity.BIAS && s.loss().shiftInvariant();
        dev = deviation(measured, predicted, p.upToScale(), modShift, fullyCollapsed);
        measuredText = Arrays.deepToString(round(measured.length == 1 ? measured[0] : flatten(measured)));
      }
      {
        out.add(new Deviation(p.quantity().key() + (p.upToScale() ? " (up to scale)" : ""),
            dev, tolerance, (Double.isNaN(dev) ? "undefined at this point; " : "") + "line " + p.value().line() + ": measured " + measuredText + ", predicted "
            + Arrays.deepToString(round(predicted.length == 1 ? predicted[0] : flatten(predicted)))));
      }
    }
    for (ConjectureFile.Assertion a : file.assertions()) {
      Map<String, Object> b = new LinkedHashMap<>(e.bindings());
      b.put("tol", a.tolerance() != null ? a.tolerance() : Tolerances.STRUCTURE.value());
      List<String> measuredSymbols = new ArrayList<>();
      for (Quantity q : Quantity.values()) {
        if (Pattern.compile("\\b" + q.symbol() + "\\b").matcher(a.predicate().text()).find()) {
          double[][][] v = q.measure(s, x, f, scale);
          b.put(q.symbol(), switch (q.shape()) {
            case SCALAR -> v[0][0][0];
            case CLASS -> v[0][0];
            case PAIR -> v[0];
            default -> v;
          });
          measuredSymbols.add(q.symbol());
        }
      }
      boolean holds = truth(a.predicate(), b);
      String name = "assert line " + a.predicate().line();
      if (!holds && holdsWithinRoundOff(a.predicate(), b, measuredSymbols)) {
        out.add(new Deviation(name, Double.NaN, 0, "undefined at this point; '"
            + a.predicate().text() + "' is False here but True when the measured values move by "
            + THRESHOLD_PERTURBATION + " relative: it sits at its own equality, where the "
            + "measurement's round-off decides (write the slack, e.g. '+ tol', to judge it)"));
        continue;
      }
      out.add(new Deviation(name, holds ? 0 : 1, 0, "'"
          + a.predicate().text() + "' is " + (holds ? "True" : "False") + " at this point"));
    }
    return out;
  }

  /** ‖h̄_k‖ below this counts as collapsed: relative to the live classes' scale (as Comparison). */
  private static double collapseScale(Setting s, double[] x) {
    double largest = Arrays.stream(PointGeometry.of(s, x).hNormSq()).max().orElse(0);
    return Tolerances.COLLAPSED_NORM_FRACTION * Math.max(1.0, Math.sqrt(largest));
  }

  /**
   * Relative deviation over the entries judged (NaN in {@code predicted} = not judged): equal,
   * ‖a − p‖ / max(‖p‖, SCALE_FLOOR); up to a positive scale, ‖a/‖a‖ − p/‖p‖‖. Up to scale, a
   * measured side that is zero ({@code measuredZero}: the point is fully collapsed, or exactly 0)
   * has no direction: the deviation is NaN (undefined, judged INCONCLUSIVE, never a refutation:
   * "up to scale" does not say the quantity is nonzero) unless the prediction is zero too (0);
   * a zero prediction against a nonzero measurement deviates by 1. With {@code modShift}, both
   * sides are centred first (CE's b + c·1).
   */
  static double deviation(double[][][] measured, double[][][] predicted, boolean upToScale,
      boolean modShift, boolean measuredZero) {
    List<Double> a = new ArrayList<>(), p = new ArrayList<>();
    for (int blk = 0; blk < predicted.length; blk++) {
      for (int r = 0; r < predicted[blk].length; r++) {
        for (int c = 0; c < predicted[blk][r].length; c++) {
          if (!Double.isNaN(predicted[blk][r][c])) {
            a.add(measured[blk][r][c]);
            p.add(predicted[blk][r][c]);
          }
        }
      }
    }
    double[] av = a.stream().mapToDouble(Double::doubleValue).toArray();
    double[] pv = p.stream().mapToDouble(Double::doubleValue).toArray();
    if (modShift && av.length > 0) {
      double shift = Arrays.stream(pv).average().orElse(0) - Arrays.stream(av).average().orElse(0);
      for (int i = 0; i < av.length; i++) {
        av[i] += shift;
      }
    }
    if (!upToScale) {
      return Comparison.relative(av, pv);
    }
    if (predicted.length > 1) {
      // Layers scale differently (per-layer λ): one positive scale per block, worst block counts.
      double worst = 0;
      for (int blk = 0; blk < predicted.length; blk++) {
        double d = deviation(new double[][][] {measured[blk]},
            new double[][][] {predicted[blk]}, true, modShift, measuredZero);
        worst = Double.isNaN(d) || Double.isNaN(worst) ? Double.NaN : Math.max(worst, d);
      }
      return worst;
    }
    double na = Matrices.norm(av), np = Matrices.norm(pv);
    if (np == 0) {
      return na == 0 ? 0 : 1;
    }
    if (na == 0 || measuredZero) {
      return Double.NaN;
    }
    double diff = 0;
    for (int i = 0; i < av.length; i++) {
      double dv = av[i] / na - pv[i] / np;
      diff += dv * dv;
    }
    return Math.sqrt(diff);
  }

  private static double[][] add(double[][] a, double[][] b) {
    return Matrices.add(a, b);
  }

  private static double[][] flatten(double[][][] blocks) {
    return Arrays.stream(blocks).flatMap(Arrays::stream).toArray(double[][]::new);
  }

  private static double[][] round(double[][] a) {
    return Arrays.stream(a).map(row -> Arrays.stream(row).map(v -> Double.parseDouble(
        String.format(java.util.Locale.ROOT, "%.4g", v))).toArray()).toArray(double[][]::new);
  }

  // ------------------------------------------------------------------ evaluation

  /** The setting's symbols (with the λ's unless {@code withLambdas} is false). */
  private static Map<String, Object> bindings(Setting s, boolean withLambdas) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("K", s.K());
    b.put("Ntotal", s.N());
    b.put("M", s.depth());
    b.put("d", s.d());
    b.put("n", s.counts());
    b.put("widths", s.innerWidths());
    if (withLambdas) {
      b.put("lambdaW", s.lambdaW(1));
      for (int m = 1; m <= s.depth(); m++) {
        b.put("lambdaW" + m, s.lambdaW(m));
      }
      b.put("lambdaH", s.lambdaH());
      b.put("lambdaB", s.lambdaB());
      b.put("lambdaProduct", s.lambdaWProduct());
      b.put("lambdaInvariant", s.lambdaH() * s.lambdaWProduct());
    }
    return b;
  }

  private static final Pattern ENTRY_SYMBOL = Pattern.compile("\\b(k|j|nk|nj|m|i|r)\\b");

  /** A let that mentions an entry symbol (k, j, nk, nj, m, i, r) is evaluated per entry. */
  private boolean perEntry(Let let) {
    return java.util.stream.Stream.of(let.value(), let.lo(), let.hi())
        .anyMatch(e -> e != null && ENTRY_SYMBOL.matcher(e.text().replaceAll("\"[^\"]*\"", "")).find())
        || file.lets().stream().takeWhile(l -> l != let).anyMatch(l -> perEntry(l)
            && Pattern.compile("\\b" + l.name() + "\\b").matcher(let.value().text()).find());
  }

  private double let(Let let, Map<String, Object> b) {
    if (let.variable() == null) {
      return value(let.value(), b);
    }
    double lo = value(let.lo(), b), hi = value(let.hi(), b);
    if (!(lo < hi)) {
      throw InvalidInput.at(file.path(), let.value().line(), "let " + let.name() + ": the interval ["
          + lo + ", " + hi + "] is empty");
    }
    Map<String, Object> inner = new LinkedHashMap<>(b);
    java.util.function.DoubleUnaryOperator g = t -> {
      inner.put(let.variable(), t);
      return value(let.value(), inner);
    };
    // A grid first (the function may have several local minima, e.g. at 0 and at a positive
    // critical point), then Brent inside the cells around every grid-local minimum (at most
    // MINIMISER_BASINS of them, lowest first): the global minimum on the interval unless two
    // basins lie within one grid cell.
    double[] grid = new double[MINIMISER_GRID + 1];
    for (int q = 0; q <= MINIMISER_GRID; q++) {
      grid[q] = g.applyAsDouble(lo + (hi - lo) * q / MINIMISER_GRID);
    }
    List<Integer> basins = new ArrayList<>();
    for (int q = 0; q <= MINIMISER_GRID; q++) {
      if ((q == 0 || grid[q] <= grid[q - 1]) && (q == MINIMISER_GRID || grid[q] <= grid[q + 1])) {
        basins.add(q);
      }
    }
    basins.sort((p, q) -> Double.compare(grid[p], grid[q]));
    double best = grid[basins.get(0)];
    double where = lo + (hi - lo) * basins.get(0) / MINIMISER_GRID;
    int budget = (MINIMISER_EVALUATIONS - MINIMISER_GRID - 1) / MINIMISER_BASINS;
    try {
      for (int q : basins.subList(0, Math.min(MINIMISER_BASINS, basins.size()))) {
        double a = lo + (hi - lo) * Math.max(0, q - 1) / MINIMISER_GRID;
        double c = lo + (hi - lo) * Math.min(MINIMISER_GRID, q + 1) / MINIMISER_GRID;
        BrentOptimizer brent = new BrentOptimizer(MINIMISER_RELATIVE_ACCURACY,
            MINIMISER_RELATIVE_ACCURACY * (hi - lo));
        org.apache.commons.math3.optim.univariate.UnivariatePointValuePair found = brent.optimize(
            new MaxEval(budget), GoalType.MINIMIZE, new SearchInterval(a, c),
            new UnivariateObjectiveFunction(g::applyAsDouble));
        if (found.getValue() < best) {
          best = found.getValue();
          where = found.getPoint();
        }
      }
      return let.argmin() ? where : best;
    } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
      throw InvalidInput.at(file.path(), let.value().line(), "let " + let.name() + ": the minimum "
          + "was not located within " + MINIMISER_EVALUATIONS + " evaluations");
    }
  }

  private double value(Expression e, Map<String, Object> b) {
    try {
      return evaluator.evaluate(e.text(), b);
    } catch (IllegalArgumentException ex) {
      throw ConjectureFile.error(file.path(), e.line(), "'" + e.text() + "' " + ex.getMessage()
          + " at " + describe(b));
    }
  }

  /** Measured symbols scaled independently (2^q sign patterns) only up to this many symbols. */
  private static final int MAX_INDEPENDENT_SYMBOLS = 4;

  /**
   * Whether a predicate that is False at the measured values becomes True when they move by
   * {@link #THRESHOLD_PERTURBATION} relative (each measured symbol up or down, independently for
   * up to {@value #MAX_INDEPENDENT_SYMBOLS} symbols, else all together): then it sits at its own
   * equality (e.g. {@code optimalValue <= Log[K]} at a collapsed point, where f = log K up to an
   * ulp), and the point's round-off, not the statement, decides it. A predicate False by more
   * than that stays a mismatch.
   */
  private boolean holdsWithinRoundOff(Expression e, Map<String, Object> b, List<String> symbols) {
    if (symbols.isEmpty()) {
      return false;
    }
    int q = symbols.size();
    List<int[]> patterns = new ArrayList<>();
    if (q <= MAX_INDEPENDENT_SYMBOLS) {
      for (int mask = 0; mask < 1 << q; mask++) {
        int[] signs = new int[q];
        for (int i = 0; i < q; i++) {
          signs[i] = (mask >> i & 1) == 0 ? 1 : -1;
        }
        patterns.add(signs);
      }
    } else {
      int[] up = new int[q];
      Arrays.fill(up, 1);
      int[] down = new int[q];
      Arrays.fill(down, -1);
      patterns.add(up);
      patterns.add(down);
    }
    for (int[] signs : patterns) {
      Map<String, Object> moved = new LinkedHashMap<>(b);
      for (int i = 0; i < q; i++) {
        moved.put(symbols.get(i), scaled(b.get(symbols.get(i)), 1 + signs[i] * THRESHOLD_PERTURBATION));
      }
      if (truth(e, moved)) {
        return true;
      }
    }
    return false;
  }

  /** A measured value (a number or a nested array of numbers) times {@code factor}. */
  private static Object scaled(Object v, double factor) {
    if (v instanceof Double d) {
      return d * factor;
    }
    if (v instanceof double[] a) {
      return Arrays.stream(a).map(t -> t * factor).toArray();
    }
    if (v instanceof double[][] a) {
      return Arrays.stream(a).map(r -> (double[]) scaled(r, factor)).toArray(double[][]::new);
    }
    if (v instanceof double[][][] a) {
      return Arrays.stream(a).map(r -> (double[][]) scaled(r, factor)).toArray(double[][][]::new);
    }
    return v;
  }

  private boolean truth(Expression e, Map<String, Object> b) {
    try {
      return evaluator.truth(e.text(), b);
    } catch (IllegalArgumentException ex) {
      throw ConjectureFile.error(file.path(), e.line(), "'" + e.text() + "' " + ex.getMessage()
          + " at " + describe(b));
    }
  }

  private static String describe(Map<String, Object> b) {
    StringBuilder sb = new StringBuilder();
    for (String key : List.of("K", "M", "d", "k", "j", "m", "i")) {
      if (b.containsKey(key)) {
        sb.append(sb.length() == 0 ? "" : ", ").append(key).append('=').append(b.get(key));
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    evaluator.close();
  }
}

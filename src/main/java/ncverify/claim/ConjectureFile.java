package ncverify.claim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.core.TextFile;
import ncverify.measure.Quantity;

/**
 * A conjecture declared in a small text file, checked by {@code ncverify check FILE}. The grammar
 * (README, "Adding a conjecture", has one worked example per line kind under
 * {@code property-tests/conjectures/}):
 * <pre>
 * id: KEBAB-ID                     title: …   source: paper + theorem   status: THEOREM|CONJECTURE
 * setting: loss=… bias=… features=… [M=…] [d=…|d=K+c] [widths=…] [K=…] [n=n1,n2,…]
 *          [counts=free|balanced|step|longtail] [mode=optimum|training] [lambdaW=…] [lambdaH=…] [lambdaB=…]
 * vary NAME: LO..HI                NAME in K, n, M, d, widths, ratio, lambdaW, lambdaW1…lambdaW9,
 *                                  lambdaH, lambdaB, lambdaInvariant; d and widths also K+a..K+b;
 *                                  a λ also LO..HI x LETNAME (relative to a declared value)
 * tie NAME: OTHER                  one λ equals another (lambdaH: lambdaW)
 * let NAME: EXPR                   a named value in the setting's symbols
 * let NAME min t in LO..HI: EXPR   the minimum of EXPR over t in [LO, HI] (bounded 1-D search)
 * let NAME argmin t in LO..HI: EXPR  where that minimum is attained
 * predict QUANTITY [up to scale] [tol X] [if COND]: EXPR
 * assert [tol X]: PREDICATE        over measured quantities (their camelCase symbols)
 * point h|w|b: EXPR                an explicit predicted point (M = 1): h̄ entry (r, k), W entry (k, r), b_k
 * point z: EXPR                    or its logits W H̄ (entry k, j), lifted to the cheapest point (any M)
 * </pre>
 * Counts: {@code free} varies every n_k in the n range; {@code balanced} one n for all; {@code
 * step} the first ⌈K/2⌉ classes have n, the rest max(1, round(n/ratio)); {@code longtail} n_k =
 * max(1, round(n · ratio^{−(k−1)/(K−1)})). λ's are log-uniform on a quarter-decade grid;
 * {@code lambdaInvariant} sets every λ to v^{1/(M+1)} so that λ_H Π λ_m = v. Every error of the
 * file is reported at once, sorted by line.
 */
public record ConjectureFile(Path path, String id, String title, String source, SourceStatus status,
    String mode, Map<String, String> fixed, Map<String, Vary> ranges, Map<String, String> ties,
    List<Let> lets, List<Predicted> predictions, List<Assertion> assertions,
    Map<String, Expression> point) {

  /** One expression and the line it came from (for error messages). */
  public record Expression(String text, int line) {}

  /**
   * A {@code vary} line: [lo, hi], or an offset from K ({@code K+a..K+b}), or a factor range
   * relative to a {@code let} value.
   */
  public record Vary(String name, double lo, double hi, boolean offsetFromK, String relativeTo,
      int line) {}

  /**
   * A {@code let} line; {@code variable} non-null for a bounded minimum over [lo, hi] (its value,
   * or with {@code argmin} its location).
   */
  public record Let(String name, Expression value, String variable, boolean argmin, Expression lo,
      Expression hi) {}

  /**
   * A {@code predict} line. {@code condition} (may be null) restricts the entries judged; an entry
   * whose value is {@code DontCare} is not judged. {@code tolerance} null means the default.
   */
  public record Predicted(Quantity quantity, boolean upToScale, Double tolerance,
      Expression condition, Expression value) {}

  /** An {@code assert} line: a predicate over measured quantities. */
  public record Assertion(Double tolerance, Expression predicate) {}

  static final Set<String> MODES = Set.of("optimum", "training");
  static final Set<String> COUNTS = Set.of("free", "balanced", "step", "longtail");
  static final Set<String> FIXED_KEYS = Set.of("loss", "bias", "features", "M", "d", "widths",
      "K", "n", "counts", "mode", "lambdaW", "lambdaH", "lambdaB");
  static final Pattern LAMBDA = Pattern.compile("lambda(W[1-9]?|H|B|Invariant)");
  private static final Pattern PREDICT = Pattern.compile(
      "predict\\s+(\\w+)(\\s+up\\s+to\\s+scale)?(\\s+tol\\s+(\\S+))?(\\s+if\\s+(.+))?");
  private static final Pattern ASSERT = Pattern.compile("assert(\\s+tol\\s+(\\S+))?");
  private static final Pattern LET = Pattern.compile(
      "let\\s+([A-Za-z][A-Za-z0-9]*)(\\s+(min|argmin)\\s+([A-Za-z][A-Za-z0-9]*)\\s+in\\s+(.+)\\.\\.(.+))?");

  /**
   * Reads a file; {@code builtIn} names the Symja built-in a local name collides with, or null;
   * {@code syntaxError} gives the reason an expression does not parse, or null (so a malformed
   * expression is reported with its line when the file is read, not when it is first evaluated).
   */
  public static ConjectureFile read(Path path, Function<String, String> builtIn,
      Function<String, String> syntaxError) {
    List<String> lines = TextFile.read(path, "conjecture file").lines().toList();
    Errors errors = new Errors(path);
    Map<String, String> header = new LinkedHashMap<>();
    Map<String, String> fixed = new LinkedHashMap<>();
    Map<String, Vary> ranges = new LinkedHashMap<>();
    Map<String, String> ties = new LinkedHashMap<>();
    List<Let> lets = new ArrayList<>();
    List<Predicted> predictions = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>();
    Map<String, Expression> point = new LinkedHashMap<>();
    Set<String> named = new java.util.HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int colon = text.indexOf(':');
      if (colon <= 0) {
        errors.add(line, "expected 'key: value', got '" + text + "'");
        continue;
      }
      String key = text.substring(0, colon).strip().replaceAll("\\s+", " ");
      String value = text.substring(colon + 1).strip();
      Matcher m;
      if (key.startsWith("vary ")) {
        // A vary line with a bad range is reported on its own line, not again as "missing".
        named.add(key.substring(5).strip());
        vary(errors, line, key.substring(5).strip(), value, ranges);
      } else if (key.startsWith("tie ")) {
        String name = key.substring(4).strip();
        if (!LAMBDA.matcher(name).matches() || !LAMBDA.matcher(value).matches()) {
          errors.add(line, "'tie A: B' ties two regularisers (lambdaW, lambdaW1…9, lambdaH, "
              + "lambdaB), got '" + name + ": " + value + "'");
        } else {
          ties.put(name, value);
        }
      } else if ((m = LET.matcher(key)).matches()) {
        String name = m.group(1);
        String clash = clash(name, builtIn);
        if (clash != null) {
          errors.add(line, "let " + name + ": " + clash);
        } else if (value.isEmpty()) {
          errors.add(line, "'let " + name + "' needs an expression");
        } else {
          lets.add(new Let(name, new Expression(value, line), m.group(4),
              "argmin".equals(m.group(3)),
              m.group(5) == null ? null : new Expression(m.group(5).strip(), line),
              m.group(6) == null ? null : new Expression(m.group(6).strip(), line)));
        }
      } else if ((m = PREDICT.matcher(key)).matches()) {
        Quantity q = Quantity.byKey(m.group(1)).orElse(null);
        if (q == null) {
          errors.add(line, "unknown quantity '" + m.group(1) + "'; expected one of " + keys());
        } else if (value.isEmpty()) {
          errors.add(line, "'predict " + q.key() + "' needs an expression");
        } else if (m.group(2) != null && (q == Quantity.COLLAPSED || q.shape() == Quantity.Shape.SCALAR)) {
          errors.add(line, "'up to scale' needs a vector or matrix quantity, not " + q.key());
        } else {
          predictions.add(new Predicted(q, m.group(2) != null, tolerance(errors, line, m.group(4)),
              m.group(6) == null ? null : new Expression(m.group(6).strip(), line),
              new Expression(value, line)));
        }
      } else if ((m = ASSERT.matcher(key)).matches()) {
        if (value.isEmpty()) {
          errors.add(line, "'assert' needs a predicate");
        } else {
          assertions.add(new Assertion(tolerance(errors, line, m.group(2)), new Expression(value, line)));
        }
      } else if (key.startsWith("point ")) {
        String part = key.substring(6).strip();
        if (!Set.of("h", "w", "b", "z").contains(part)) {
          errors.add(line, "'point " + part + "': a point gives h (entry r, k of H̄) and w (entry k, "
              + "r of W), or z (logits W H̄, entry k, j), and with a bias b (entry k)");
        } else {
          point.put(part, new Expression(value, line));
        }
      } else if (key.equals("setting")) {
        for (String token : value.split("\\s+")) {
          int eq = token.indexOf('=');
          if (eq <= 0 || !FIXED_KEYS.contains(token.substring(0, eq))) {
            errors.add(line, "setting: expected key=value with key in " + new java.util.TreeSet<>(FIXED_KEYS)
                + ", got '" + token + "'");
          } else {
            String k = token.substring(0, eq);
            String v = token.substring(eq + 1);
            // whole numbers in ASCII digits within the limits (d may also be K+c)
            if (Set.of("M", "K").contains(k) || k.equals("d") && !v.startsWith("K")) {
              try {
                Numbers.parseInt("setting " + k, v, 1, k.equals("M") ? Limits.MAX_DEPTH
                    : k.equals("K") ? Limits.MAX_CLASSES : Limits.MAX_WIDTH);
              } catch (InvalidInput e) {
                errors.add(line, e.getMessage());
              }
            }
            fixed.put(k, v);
          }
        }
      } else if (Set.of("id", "title", "source", "status").contains(key)) {
        header.put(key, value);
      } else {
        errors.add(line, "unknown key '" + key + "'; expected id, title, source, status, setting, "
            + "'vary NAME', 'tie NAME', 'let NAME', 'predict QUANTITY', 'assert', 'point h|w|b'");
      }
    }
    for (String required : List.of("id", "title", "source", "status")) {
      if (!header.containsKey(required)) {
        errors.add(0, "missing '" + required + ":' line");
      }
    }
    for (String required : List.of("loss", "bias", "features")) {
      if (!fixed.containsKey(required)) {
        errors.add(0, "the 'setting:' line must fix " + required + "=");
      }
    }
    String mode = fixed.getOrDefault("mode", "optimum");
    if (!MODES.contains(mode)) {
      errors.add(0, "setting: mode must be one of " + MODES + ", got '" + mode + "'");
    }
    String counts = fixed.getOrDefault("counts", "free");
    if (!COUNTS.contains(counts)) {
      errors.add(0, "setting: counts must be one of " + COUNTS + ", got '" + counts + "'");
    }
    requireOne(errors, "K", fixed, ranges, fixed.containsKey("n") || named.contains("K"));
    if (!fixed.containsKey("n") && !ranges.containsKey("n") && !named.contains("n")) {
      errors.add(0, "missing 'vary n: LO..HI' (or setting: n=n1,n2,…)");
    }
    if (Set.of("step", "longtail").contains(counts) && !named.contains("ratio")) {
      errors.add(0, "counts=" + counts + " needs 'vary ratio: LO..HI' (the imbalance ratio)");
    }
    if (!fixed.containsKey("M") && !ranges.containsKey("M")) {
      fixed.put("M", "1");
    }
    boolean invariant = named.contains("lambdaInvariant") || fixed.containsKey("lambdaInvariant");
    if (!invariant) {
      if (!named.contains("lambdaW") && !fixed.containsKey("lambdaW") && !ties.containsKey("lambdaW")) {
        errors.add(0, "missing 'vary lambdaW: LO..HI' (or setting: lambdaW=…, or vary lambdaInvariant)");
      }
      if (!named.contains("lambdaH") && !fixed.containsKey("lambdaH") && !ties.containsKey("lambdaH")) {
        errors.add(0, "missing 'vary lambdaH: LO..HI' (or setting: lambdaH=…, tie lambdaH: lambdaW, "
            + "or vary lambdaInvariant)");
      }
    }
    boolean regularizedBias = "regularized".equalsIgnoreCase(fixed.get("bias"));
    boolean hasLambdaB = named.contains("lambdaB") || fixed.containsKey("lambdaB")
        || ties.containsKey("lambdaB");
    if (regularizedBias != hasLambdaB && !invariant) {
      errors.add(0, regularizedBias ? "bias=regularized needs 'vary lambdaB: LO..HI' (or setting: lambdaB=…)"
          : "lambdaB is only allowed with bias=regularized");
    }
    for (Vary v : ranges.values()) {
      if (v.relativeTo() != null && lets.stream().noneMatch(l -> l.name().equals(v.relativeTo()))) {
        errors.add(v.line(), "vary " + v.name() + ": '" + v.relativeTo() + "' is not a 'let' name");
      }
    }
    List<Expression> expressions = new ArrayList<>();
    for (Let let : lets) {
      java.util.stream.Stream.of(let.value(), let.lo(), let.hi()).filter(java.util.Objects::nonNull)
          .forEach(expressions::add);
    }
    for (Predicted p : predictions) {
      expressions.add(p.value());
      if (p.condition() != null) {
        expressions.add(p.condition());
      }
    }
    assertions.forEach(a -> expressions.add(a.predicate()));
    expressions.addAll(point.values());
    for (Expression e : expressions) {
      String why = syntaxError.apply(e.text());
      if (why != null) {
        errors.add(e.line(), "'" + e.text() + "' " + why);
      }
    }
    if (predictions.isEmpty() && assertions.isEmpty() && point.isEmpty()) {
      errors.add(0, "nothing to judge: no 'predict', 'assert' or 'point' line");
    }
    boolean byMeans = point.containsKey("h") || point.containsKey("w");
    if (!point.isEmpty() && (byMeans ? !(point.containsKey("h") && point.containsKey("w"))
        || point.containsKey("z") : !point.containsKey("z"))) {
      errors.add(0, "a point is 'point h:' with 'point w:' (M = 1), or 'point z:' (logits, any M)");
    }
    SourceStatus status = null;
    if (header.containsKey("status")) {
      try {
        status = SourceStatus.valueOf(header.get("status").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(0, "status must be THEOREM or CONJECTURE, got '" + header.get("status") + "'");
      }
    }
    if (header.containsKey("id") && !header.get("id").matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      errors.add(0, "id must be kebab-case, got '" + header.get("id") + "'");
    }
    errors.throwIfAny();
    return new ConjectureFile(path, header.get("id"), header.get("title"), header.get("source"),
        status, mode, fixed, ranges, ties, List.copyOf(lets), List.copyOf(predictions),
        List.copyOf(assertions), point);
  }

  /** The problem with a local name (a built-in or a setting/measured symbol), or null. */
  private static String clash(String name, Function<String, String> builtIn) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String reserved : DeclaredConjecture.reservedSymbols()) {
      if (reserved.toLowerCase(Locale.ROOT).equals(lower)) {
        return "the name is taken by the symbol '" + reserved + "' (names compare case-insensitively)";
      }
    }
    String b = builtIn.apply(name);
    return b == null ? null : "the name collides with Symja's built-in '" + b
        + "' (names compare case-insensitively); choose another name";
  }

  private static void requireOne(Errors errors, String name, Map<String, String> fixed,
      Map<String, Vary> ranges, boolean implied) {
    if (!fixed.containsKey(name) && !ranges.containsKey(name) && !implied) {
      errors.add(0, "missing 'vary " + name + ": LO..HI' (or setting: " + name + "=…)");
    }
  }

  private static Double tolerance(Errors errors, int line, String text) {
    if (text == null) {
      return null;
    }
    try {
      double t = decimal(text);
      if (!(t > 0 && t < 1)) {
        throw new NumberFormatException();
      }
      return t;
    } catch (NumberFormatException e) {
      errors.add(line, "tol must be a number in (0, 1), got '" + text + "'");
      return null;
    }
  }

  private static final Set<String> VARIABLES = Set.of("K", "n", "M", "d", "widths", "ratio");

  private static void vary(Errors errors, int line, String name, String value, Map<String, Vary> out) {
    boolean lambda = LAMBDA.matcher(name).matches();
    if (!VARIABLES.contains(name) && !lambda) {
      errors.add(line, "'vary " + name + "': can vary only K, n, M, d, widths, ratio, lambdaW, "
          + "lambdaW1…lambdaW9, lambdaH, lambdaB, lambdaInvariant");
      return;
    }
    String relative = null;
    String range = value;
    Matcher rel = Pattern.compile("(.+?)\\s+x\\s+([A-Za-z][A-Za-z0-9]*)").matcher(value);
    if (lambda && rel.matches()) {
      range = rel.group(1);
      relative = rel.group(2);
    }
    String[] parts = range.split("\\.\\.");
    boolean offset = (name.equals("d") || name.equals("widths")) && parts.length == 2
        && parts[0].strip().startsWith("K") && parts[1].strip().startsWith("K");
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      double lo = decimal(offset ? offsetOf(parts[0]) : parts[0].strip());
      double hi = decimal(offset ? offsetOf(parts[1]) : parts[1].strip());
      if (!lambda && (hi > (name.equals("n") ? Limits.MAX_CLASS_COUNT : Limits.MAX_CLASSES * 100.0)
          || name.equals("K") && hi > Limits.MAX_CLASSES)) {
        errors.add(line, "range for " + name + " exceeds the limit (K <= " + Limits.MAX_CLASSES
            + ", n_k <= " + Limits.MAX_CLASS_COUNT + "), got '" + value + "'");
        return;
      }
      boolean whole = !lambda;
      if (!(lo <= hi) || (!offset && lo <= 0) || (whole && (lo != Math.rint(lo) || hi != Math.rint(hi)))) {
        errors.add(line, "range for " + name + " must be LO..HI with " + (offset ? "" : "0 < ")
            + "LO <= HI" + (whole ? ", whole numbers" : "") + ", got '" + value + "'");
        return;
      }
      out.put(name, new Vary(name, lo, hi, offset, relative, line));
    } catch (NumberFormatException e) {
      errors.add(line, "expected a range LO..HI" + (name.equals("d") || name.equals("widths")
          ? " or K+a..K+b" : lambda ? " or LO..HI x LETNAME" : "") + " for " + name + ", got '" + value + "'");
    }
  }

  /** An ASCII decimal number ({@link Numbers}); anything else is a NumberFormatException here. */
  private static double decimal(String text) {
    try {
      return Numbers.parseDouble("value", text, -Double.MAX_VALUE, Double.MAX_VALUE);
    } catch (InvalidInput e) {
      throw new NumberFormatException(e.rule());
    }
  }

  private static String offsetOf(String text) {
    String t = text.strip().substring(1).replace(" ", "");
    return t.isEmpty() ? "0" : t.startsWith("+") ? t.substring(1) : t;
  }

  private static List<String> keys() {
    return java.util.Arrays.stream(Quantity.values()).map(Quantity::key).toList();
  }

  static InvalidInput error(Path path, int line, String message) {
    return InvalidInput.at(path, line, message);
  }

  /** Errors of one file, reported together in line order (0 = the file as a whole, last). */
  private static final class Errors {
    private record Entry(int line, String message) {}

    private final Path path;
    private final List<Entry> entries = new ArrayList<>();

    Errors(Path path) {
      this.path = path;
    }

    void add(int line, String message) {
      entries.add(new Entry(line, message));
    }

    void throwIfAny() {
      if (entries.isEmpty()) {
        return;
      }
      List<Entry> sorted = entries.stream().sorted(Comparator.comparingInt(
          (Entry e) -> e.line() == 0 ? Integer.MAX_VALUE : e.line())).toList();
      // The first error is the place + rule; the others follow on their own lines, same form.
      StringBuilder rest = new StringBuilder(sorted.get(0).message());
      for (Entry e : sorted.subList(1, sorted.size())) {
        rest.append('\n').append(place(e)).append(": ").append(e.message());
      }
      throw new InvalidInput(place(sorted.get(0)), rest.toString());
    }

    private String place(Entry e) {
      return path + (e.line() == 0 ? "" : ":" + e.line());
    }
  }
}

package ncverify.claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;

/**
 * A conjecture declared in a small text file, checked by {@code ncverify check FILE}. Example:
 * <pre>
 * id: user-mse-m1-lengths
 * title: M = 1 MSE: closed-form class lengths
 * source: THEORY.md §4, M = 1 closed forms
 * status: CONJECTURE
 * setting: loss=mse bias=none features=free M=1
 * vary K: 2..4
 * vary n: 1..40
 * vary lambdaW: 1e-4..1e-1
 * vary lambdaH: 1e-4..1e-1
 * predict h_norm_sq: Max[0, Sqrt[lambdaW/(nk*lambdaH)] - Ntotal*lambdaW/nk]
 * predict w_norm_sq: Max[0, Sqrt[nk*lambdaH/lambdaW] - Ntotal*lambdaH]
 * </pre>
 * {@code setting:} fixes loss, bias, features and M (and optionally d; default d = K).
 * {@code vary} ranges: K and n (per class) are whole-number ranges; lambdaW and lambdaH are
 * log-uniform on a quarter-decade grid. Predictions are Symja expressions in the symbols
 * K, Ntotal (N; the name N is Symja's numeric function), M, d, lambdaW (of layer 1), lambdaH,
 * n (the list of counts, n[[j]]), and for per-class quantities
 * k (1-based class) and nk (= n_k). Per-class quantities: w_norm_sq, h_norm_sq, margins,
 * collapsed (a condition, True if class k collapses); scalar: optimal_value.
 */
public record ConjectureFile(Path path, String id, String title, String source, SourceStatus status,
    Map<String, String> fixed, Map<String, double[]> ranges, Map<String, Expression> predictions) {

  /** One predicted quantity: its expression and the line it came from (for error messages). */
  public record Expression(String text, int line) {}

  public static final Set<String> PER_CLASS = Set.of("w_norm_sq", "h_norm_sq", "margins", "collapsed");
  public static final Set<String> QUANTITIES = Set.of("w_norm_sq", "h_norm_sq", "margins",
      "collapsed", "optimal_value");
  private static final Set<String> VARIABLES = Set.of("K", "n", "lambdaW", "lambdaH");
  private static final Set<String> FIXED_KEYS = Set.of("loss", "bias", "features", "M", "d");

  public static ConjectureFile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException e) {
      throw InvalidInput.file(path, "cannot read (" + e.getMessage() + ")");
    }
    Map<String, String> header = new LinkedHashMap<>();
    Map<String, String> fixed = new LinkedHashMap<>();
    Map<String, double[]> ranges = new LinkedHashMap<>();
    Map<String, Expression> predictions = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int colon = text.indexOf(':');
      if (colon <= 0) {
        throw error(path, line, "expected 'key: value', got '" + text + "'");
      }
      String key = text.substring(0, colon).strip();
      String value = text.substring(colon + 1).strip();
      if (key.startsWith("vary ")) {
        String name = key.substring(5).strip();
        if (!VARIABLES.contains(name)) {
          throw error(path, line, "'vary " + name + "': can vary only " + VARIABLES);
        }
        ranges.put(name, range(path, line, value, name));
      } else if (key.startsWith("predict ")) {
        String q = key.substring(8).strip();
        if (!QUANTITIES.contains(q)) {
          throw error(path, line, "unknown quantity '" + q + "'; expected one of " + QUANTITIES);
        }
        if (value.isEmpty()) {
          throw error(path, line, "'predict " + q + "' needs an expression");
        }
        predictions.put(q, new Expression(value, line));
      } else if (key.equals("setting")) {
        for (String token : value.split("\\s+")) {
          int eq = token.indexOf('=');
          if (eq <= 0 || !FIXED_KEYS.contains(token.substring(0, eq))) {
            throw error(path, line, "setting: expected key=value with key in " + FIXED_KEYS
                + ", got '" + token + "'");
          }
          fixed.put(token.substring(0, eq), token.substring(eq + 1));
        }
      } else if (Set.of("id", "title", "source", "status").contains(key)) {
        header.put(key, value);
      } else {
        throw error(path, line, "unknown key '" + key + "'; expected id, title, source, status, "
            + "setting, 'vary NAME', 'predict QUANTITY'");
      }
    }
    for (String required : List.of("id", "title", "source", "status")) {
      if (!header.containsKey(required)) {
        throw InvalidInput.file(path, "missing '" + required + ":' line");
      }
    }
    for (String required : List.of("loss", "bias", "features", "M")) {
      if (!fixed.containsKey(required)) {
        throw InvalidInput.file(path, "the 'setting:' line must fix " + required + "=");
      }
    }
    for (String required : VARIABLES) {
      if (!ranges.containsKey(required)) {
        throw InvalidInput.file(path, "missing 'vary " + required + ": LO..HI' line");
      }
    }
    if (predictions.isEmpty()) {
      throw InvalidInput.file(path, "no 'predict QUANTITY: expression' line");
    }
    SourceStatus status;
    try {
      status = SourceStatus.valueOf(header.get("status").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInput.file(path, "status must be THEOREM or CONJECTURE, got '" + header.get("status") + "'");
    }
    if (!header.get("id").matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw InvalidInput.file(path, "id must be kebab-case, got '" + header.get("id") + "'");
    }
    return new ConjectureFile(path, header.get("id"), header.get("title"), header.get("source"),
        status, fixed, ranges, predictions);
  }

  private static double[] range(Path path, int line, String value, String name) {
    String[] parts = value.split("\\.\\.");
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      double lo = Double.parseDouble(parts[0].strip());
      double hi = Double.parseDouble(parts[1].strip());
      if (!(lo <= hi) || lo <= 0) {
        throw error(path, line, "range for " + name + " must be LO..HI with 0 < LO <= HI, got '" + value + "'");
      }
      return new double[] {lo, hi};
    } catch (NumberFormatException e) {
      throw error(path, line, "expected a range LO..HI for " + name + ", got '" + value + "'");
    }
  }

  static InvalidInput error(Path path, int line, String message) {
    return InvalidInput.at(path, line, message);
  }

  /** The domain: K and n_k whole numbers, λ's log-uniform on a quarter-decade grid. */
  public Domain domain() {
    double[] kr = ranges.get("K"), nr = ranges.get("n"), wr = ranges.get("lambdaW"),
        hr = ranges.get("lambdaH");
    int maxK = (int) kr[1];
    Domain.Builder b = Domain.builder("K=" + (int) kr[0] + ".." + maxK + ", n_k=" + (int) nr[0]
        + ".." + (int) nr[1] + ", lambdaW=" + wr[0] + ".." + wr[1] + ", lambdaH=" + hr[0] + ".." + hr[1])
        .choice("K", (int) kr[0], maxK)
        .choice("lambdaW", quarter(wr[0]), quarter(wr[1]))
        .choice("lambdaH", quarter(hr[0]), quarter(hr[1]));
    for (int k = 0; k < maxK; k++) {
      b.choice("n" + k, (int) nr[0], (int) nr[1]);
    }
    return b.build(v -> {
      int k = v.get("K");
      StringBuilder counts = new StringBuilder();
      for (int c = 0; c < k; c++) {
        counts.append(c == 0 ? "" : ",").append(v.get("n" + c));
      }
      String d = fixed.getOrDefault("d", Integer.toString(k));
      return Setting.parse("loss=" + fixed.get("loss") + " bias=" + fixed.get("bias") + " features="
          + fixed.get("features") + " n=" + counts + " d=" + d + " M=" + fixed.get("M")
          + " lambdaW=" + Setting.formatNumber(v.quarterDecade("lambdaW"))
          + " lambdaH=" + Setting.formatNumber(v.quarterDecade("lambdaH")));
    });
  }

  private static int quarter(double x) {
    return (int) Math.round(4 * Math.log10(x));
  }
}

package ncverify.symbolic;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Evaluates a user's Symja expression numerically under bindings, in the same sandbox and with
 * the same CPU-time limit as proof steps (used by declarative conjecture files). The bindings
 * and the expression are parsed together and the WHOLE parsed expression is checked against the
 * sandbox, so text cannot escape its brackets into unchecked code.
 */
public final class SymbolicEvaluator implements AutoCloseable {
  /** CPU-time limit per evaluation (of the engine thread): these are closed forms, not searches. */
  public static final long LIMIT_MILLIS = 10_000;

  private final SymjaSession session = new SymjaSession();

  /**
   * @param bindings symbol → number (Double/Integer), list of numbers (double[] / int[]) or nested
   *     lists (double[][], double[][][]); NaN binds Indeterminate
   * @return the numeric value; True/False give 1/0
   * @throws IllegalArgumentException with a readable reason (refused symbol, not numeric, time)
   */
  public double evaluate(String expression, Map<String, Object> bindings) {
    IExpr value = evaluateExpr(expression, bindings);
    if (value.isTrue()) {
      return 1;
    }
    if (value.isFalse()) {
      return 0;
    }
    if (value.isSymbol() && ((org.matheclipse.core.interfaces.ISymbol) value).getSymbolName()
        .equalsIgnoreCase(DONT_CARE)) {
      return Double.NaN;
    }
    if (!value.isReal()) {
      String got = value.toString().replaceAll("\\s+", " ");
      throw new IllegalArgumentException("does not evaluate to a real number (got " + got + ")"
          + (got.matches(".*[0-9a-zA-Z)]\\[.*") ? "; note: in Symja's syntax 'a (b)' and 'a(b)' "
          + "apply a to b, write 'a*(b)' for a product" : ""));
    }
    return value.evalDouble();
  }

  /**
   * The symbol a prediction returns for an entry it does not speak about ("don't care");
   * {@link #evaluate} gives NaN for it, and only for it (0/0 and the like stay errors).
   */
  public static final String DONT_CARE = "DontCare";

  /**
   * Evaluates a predicate under bindings.
   *
   * @throws IllegalArgumentException when it evaluates to neither True nor False
   */
  public boolean truth(String predicate, Map<String, Object> bindings) {
    IExpr value = evaluateExpr(predicate, bindings);
    if (value.isTrue() || value.isFalse()) {
      return value.isTrue();
    }
    throw new IllegalArgumentException("is not True or False here (got "
        + value.toString().replaceAll("\\s+", " ") + ")");
  }

  /**
   * The Symja built-in that {@code name} resolves to (relaxed syntax: names of two or more
   * characters are case-insensitive; one-letter names are compared in both cases too), or null.
   */
  public String builtInNamed(String name) {
    for (String candidate : java.util.List.of(name, name.toUpperCase(Locale.ROOT),
        name.toLowerCase(Locale.ROOT))) {
      try {
        IExpr parsed = session.parse(candidate);
        if (parsed instanceof org.matheclipse.core.interfaces.ISymbol sym && sym.isBuiltInSymbol()) {
          return sym.toString(); // the canonical spelling ("Norm"); getSymbolName() is lower-case
        }
      } catch (Exception e) {
        // Not a parsable name: cannot collide with a built-in.
      }
    }
    return null;
  }

  /** Per expression text: the user symbols it mentions (localised, so nothing leaks). */
  private final Map<String, java.util.Set<String>> userSymbols = new java.util.HashMap<>();

  /**
   * A decimal in scientific notation ({@code 1e-6}, {@code 2.5E+3}) not part of a name. Symja
   * reads {@code 1e-6} as 1·E − 6 (E is Euler's number), which would silently change a
   * tolerance; {@link #withScientificNotation} rewrites it as an exact power of ten.
   */
  private static final java.util.regex.Pattern SCIENTIFIC = java.util.regex.Pattern.compile(
      "(?<![A-Za-z0-9_.$])(\\d+(?:\\.\\d*)?|\\.\\d+)[eE]([+-]?\\d+)(?![A-Za-z0-9_.$])");

  /**
   * The expression with every decimal in scientific notation written as Symja reads it:
   * {@code 1e-6} → {@code (1*10^(-6))}, {@code 2.5E3} → {@code (2.5*10^(3))}.
   */
  public static String withScientificNotation(String expression) {
    return SCIENTIFIC.matcher(expression).replaceAll("($1*10^($2))");
  }

  /**
   * The reason the expression cannot be parsed (unbalanced brackets, a dangling operator), or
   * null when it parses; lets a file be refused when it is read, with its line, rather than when
   * the expression is first evaluated.
   */
  public String syntaxError(String expression) {
    try {
      session.parse(withScientificNotation(expression));
      return null;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return "does not parse: " + why.lines().findFirst().orElse(why).strip();
    }
  }

  private IExpr evaluateExpr(String rawExpression, Map<String, Object> bindings) {
    String expression = withScientificNotation(rawExpression);
    try {
      session.freshScope(); // a fresh engine too: not even a definition's side effect survives
      java.util.Set<String> locals = userSymbols.get(expression);
      if (locals == null) {
        locals = new java.util.TreeSet<>();
        collectUserSymbols(session.parse(block(expression, bindings, Set.of())), locals);
        userSymbols.put(expression, locals);
      }
      // Every other symbol the expression mentions is a Block variable too: an assignment made
      // in one evaluation ('x = 3') never leaks into the next (a fresh scope per evaluation).
      IExpr parsed = session.parse(block(expression, bindings, locals));
      String refused = Sandbox.firstRefusedSymbol(parsed);
      if (refused != null) {
        throw new IllegalArgumentException("'" + refused + "' is not allowed (only pure "
            + "mathematics may run: no file, network, process or Java functions)");
      }
      return session.eval(parsed, LIMIT_MILLIS);
    } catch (SymjaSession.Timeout e) {
      throw new IllegalArgumentException("used more than " + LIMIT_MILLIS + " ms of CPU time");
    } catch (SymjaSession.Limit e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot be evaluated: " + e.getMessage());
    }
  }

  private static String block(String expression, Map<String, Object> bindings, Set<String> locals) {
    StringBuilder block = new StringBuilder("Block[{");
    boolean first = true;
    for (Map.Entry<String, Object> b : bindings.entrySet()) {
      block.append(first ? "" : ", ").append(b.getKey()).append(" = ").append(literal(b.getValue()));
      first = false;
    }
    // Relaxed syntax reports names of two or more characters in lower case: compare likewise.
    Set<String> bound = new java.util.HashSet<>();
    bindings.keySet().forEach(k -> bound.add(k.toLowerCase(Locale.ROOT)));
    for (String local : locals) {
      if (!bound.contains(local.toLowerCase(Locale.ROOT)) && !local.equalsIgnoreCase(DONT_CARE)) {
        block.append(first ? "" : ", ").append(local);
        first = false;
      }
    }
    return block.append("}, N[(").append(expression).append(")]]").toString();
  }

  private static void collectUserSymbols(IExpr e, Set<String> out) {
    if (e instanceof org.matheclipse.core.interfaces.ISymbol sym) {
      if (!sym.isBuiltInSymbol()) {
        out.add(sym.getSymbolName());
      }
    } else if (e != null && e.isAST()) {
      org.matheclipse.core.interfaces.IAST ast = (org.matheclipse.core.interfaces.IAST) e;
      for (int i = 0; i < ast.size(); i++) {
        collectUserSymbols(ast.get(i), out);
      }
    }
  }

  private static String literal(Object v) {
    if (v instanceof Object[] rows) {
      // double[][] (a matrix) or double[][][] (a list of matrices): nested lists
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < rows.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(literal(rows[i]));
      }
      return sb.append('}').toString();
    }
    if (v instanceof double[] a) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(number(a[i]));
      }
      return sb.append('}').toString();
    }
    if (v instanceof int[] a) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(a[i]);
      }
      return sb.append('}').toString();
    }
    if (v instanceof Integer i) {
      return Integer.toString(i);
    }
    return number(((Number) v).doubleValue());
  }

  /** Exact decimal text of a double in Symja syntax (*^ for the exponent). */
  private static String number(double x) {
    if (Double.isNaN(x)) {
      return "Indeterminate"; // an undefined measurement (e.g. NC1 of zero means)
    }
    return String.format(Locale.ROOT, "%.17g", x).replace("e", "*^").replace("E", "*^");
  }

  @Override
  public void close() {
    session.close();
  }
}

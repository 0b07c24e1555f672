package ncverify.symbolic;

import java.util.Locale;
import java.util.Map;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Evaluates a user's Symja expression numerically under bindings, in the same sandbox and with
 * the same wall-clock and memory limits as proof steps (used by declarative conjecture files).
 * Every evaluation runs in a fresh engine scope: an assignment made by one expression cannot
 * change the value of the next. The bindings
 * and the expression are parsed together and the WHOLE parsed expression is checked against the
 * sandbox, so text cannot escape its brackets into unchecked code.
 */
public final class SymbolicEvaluator implements AutoCloseable {
  /** Wall-clock limit per evaluation: these are closed forms, not searches. */
  public static final long LIMIT_MILLIS = 10_000;

  private final SymjaSession session = new SymjaSession();

  /**
   * @param bindings symbol → number (Double/Integer) or list of numbers (double[] / int[])
   * @return the numeric value; True/False give 1/0
   * @throws IllegalArgumentException with a readable reason (refused symbol, not numeric, time)
   */
  public double evaluate(String expression, Map<String, Object> bindings) {
    StringBuilder block = new StringBuilder("Block[{");
    boolean first = true;
    for (Map.Entry<String, Object> b : bindings.entrySet()) {
      block.append(first ? "" : ", ").append(b.getKey()).append(" = ").append(literal(b.getValue()));
      first = false;
    }
    block.append("}, N[(").append(expression).append(")]]");
    try {
      session.freshScope(); // nothing assigned by an earlier expression is visible to this one
      IExpr parsed = session.parse(block.toString());
      String refused = Sandbox.firstRefusedSymbol(parsed);
      if (refused != null) {
        throw new IllegalArgumentException("'" + refused + "' is not allowed (only pure "
            + "mathematics may run: no file, network, process or Java functions)");
      }
      IExpr value = session.eval(parsed, LIMIT_MILLIS);
      if (value.isTrue()) {
        return 1;
      }
      if (value.isFalse()) {
        return 0;
      }
      if (!value.isReal()) {
        throw new IllegalArgumentException("does not evaluate to a real number (got "
            + value.toString().replaceAll("\\s+", " ") + ")");
      }
      return value.evalDouble();
    } catch (SymjaSession.Timeout e) {
      throw new IllegalArgumentException("took longer than " + LIMIT_MILLIS + " ms");
    } catch (SymjaSession.Limit e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot be evaluated: " + e.getMessage());
    }
  }

  private static String literal(Object v) {
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
    return String.format(Locale.ROOT, "%.17g", x).replace("e", "*^").replace("E", "*^");
  }

  @Override
  public void close() {
    session.close();
  }
}

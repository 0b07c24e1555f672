package ncverify.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import ncverify.core.InvalidInput;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;
import org.matheclipse.parser.client.SyntaxError;

/**
 * The syntax of a proof file (format: proofs/README.md): each statement is parsed without
 * evaluation, inspected by the {@link Sandbox}, and checked to be one of the directives (Var,
 * Assume, Section, Step or NumericStep with an equation or inequality, or a definition), with no call of an
 * undefined function. Malformed input throws {@link InvalidInput} naming file:line and the rule.
 * Deciding whether a step holds is {@link StepDecision}'s job.
 */
final class ProofSyntax {
  private ProofSyntax() {}

  static IExpr parseChecked(SymjaSession session, String file, ProofSource.Statement s,
      Set<String> defined) {
    String where = file + ":" + s.line();
    IExpr e;
    try {
      e = session.parse(s.text());
    } catch (SyntaxError ex) {
      throw new InvalidInput(where, "syntax error: " + firstLine(ex.getMessage()));
    } catch (Exception ex) {
      throw new InvalidInput(where, "cannot parse: " + firstLine(String.valueOf(ex.getMessage())));
    }
    String refused = Sandbox.firstRefusedSymbol(e);
    if (refused != null) {
      throw new InvalidInput(where, "refused: '" + refused + "' is not allowed in a proof file "
          + "(only pure mathematics runs; no file, network, process or Java access)");
    }
    String head = headName(e);
    switch (head) {
      case "var" -> {
        if (e.argSize() != 4 || !e.first().isSymbol()
            || !(symbolName(e.second()).equals("reals") || symbolName(e.second()).equals("integers"))) {
          throw new InvalidInput(where, "Var needs Var[symbol, Reals|Integers, lo, hi]");
        }
      }
      case "assume" -> {
        if (e.argSize() != 1) {
          throw new InvalidInput(where, "Assume needs exactly one condition");
        }
      }
      case "section" -> {
        if (e.argSize() != 1 || !e.first().isString()) {
          throw new InvalidInput(where, "Section needs one string title");
        }
      }
      case "step", "numericstep" -> {
        if (e.argSize() != 2 || !e.first().isString()) {
          throw new InvalidInput(where, (head.equals("step") ? "Step" : "NumericStep")
              + " needs " + (head.equals("step") ? "Step" : "NumericStep") + "[\"name\", relation]");
        }
        relations(e.second(), where); // validates
      }
      case "setdelayed", "set" -> {
        IExpr lhs = e.first();
        IExpr h = lhs.isAST() ? lhs.head() : lhs;
        if (!h.isSymbol() || ((ISymbol) h).isBuiltInSymbol()) {
          throw new InvalidInput(where, "a definition must define a user symbol, got " + lhs);
        }
        if (lhs.isAST()) {
          defined.add(symbolName(h));
        }
      }
      default -> throw new InvalidInput(where, "unknown directive '" + firstLine(s.text())
          + "' (expected Var, Assume, Section, Step, or a definition f[x_] := …)");
    }
    // Symja's relaxed syntax reads "a (b + c)" as the call a[b + c]: refuse calls of anything
    // that is not a function defined earlier in the file, so a forgotten '*' cannot change meaning.
    for (int i = 1; i < ((IAST) e).size(); i++) {
      String call = undefinedCall(((IAST) e).get(i), defined);
      if (call != null) {
        throw new InvalidInput(where, "'" + call + "(...)' calls a function that is not defined "
            + "above; if a product is meant, write '" + call + "*(...)' (Symja reads 'a (b)' as "
            + "the call a[b])");
      }
    }
    return e;
  }

  private static String undefinedCall(IExpr e, Set<String> defined) {
    if (!e.isAST()) {
      return null;
    }
    IExpr h = e.head();
    if (h instanceof ISymbol sym && !sym.isBuiltInSymbol() && !defined.contains(symbolName(sym))) {
      return sym.toString();
    }
    for (IExpr x : (IAST) e) {
      String c = undefinedCall(x, defined);
      if (c != null) {
        return c;
      }
    }
    return undefinedCall(h, defined);
  }

  /** Splits a step's relation into atomic (lhs, op, rhs) relations; And/List/chains allowed. */
  static List<IAST> relations(IExpr rel, String where) {
    List<IAST> out = new ArrayList<>();
    String h = headName(rel);
    switch (h) {
      case "and", "list" -> {
        for (IExpr a : (IAST) rel) {
          out.addAll(relations(a, where));
        }
      }
      case "equal", "less", "lessequal", "greater", "greaterequal" -> {
        IAST ast = (IAST) rel;
        if (ast.argSize() < 2) {
          throw new InvalidInput(where, "relation needs two sides: " + rel);
        }
        for (int i = 1; i < ast.argSize(); i++) {
          out.add(F.binaryAST2(ast.head(), ast.get(i), ast.get(i + 1)));
        }
      }
      default -> throw new InvalidInput(where, "a Step must state an equation or inequality "
          + "(==, <, <=, >, >=, or And/List of them), got " + firstLine(rel.toString()));
    }
    return out;
  }

  static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl) + " …";
  }

  /** Lower-case name of a symbol (Symja's relaxed syntax is case-insensitive), else "". */
  static String symbolName(IExpr e) {
    return e instanceof ISymbol s ? s.getSymbolName().toLowerCase(Locale.ROOT) : "";
  }

  /** Whether a parsed statement is a step: {@code Step} or {@code NumericStep}. */
  static boolean isStep(IExpr e) {
    String h = headName(e);
    return h.equals("step") || h.equals("numericstep");
  }

  /** Lower-case name of an expression's head symbol, else "". */
  static String headName(IExpr e) {
    return e.isAST() ? symbolName(e.head()) : "";
  }

}

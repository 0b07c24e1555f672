package ncverify.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import ncverify.core.InvalidInput;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IASTAppendable;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.INumber;
import org.matheclipse.core.interfaces.ISymbol;

import static ncverify.symbolic.ProofChecker.MAX_DRAWS_PER_POINT;
import static ncverify.symbolic.ProofChecker.NUMERIC_POINTS;
import static ncverify.symbolic.ProofChecker.ROUND_OFF_TOLERANCE;
import static ncverify.symbolic.ProofSyntax.firstLine;
import static ncverify.symbolic.ProofSyntax.headName;
import static ncverify.symbolic.ProofSyntax.relations;
import static ncverify.symbolic.ProofSyntax.symbolName;

/**
 * The step decision for one proof file, statement by statement (after {@link ProofSyntax} has
 * accepted the whole file): declarations extend the state (variables with their domains,
 * assumptions, definitions), and each Step gets exactly one {@link StepStatus}: a symbolic
 * decision ({@link ProofChecker.ZeroTest}) is only accepted when the numeric spot check at random
 * points of the declared domain agrees.
 */
final class StepDecision {
  record Var(ISymbol symbol, boolean integer, double lo, double hi) {}

  final String file;
  final SymjaSession session;
  private final ProofChecker.Limits limits;
  private final ProofChecker.ZeroTest zeroTest;
  final Map<String, Var> vars = new LinkedHashMap<>();
  final List<IExpr> assumptions = new ArrayList<>();
  String section = "";
  /** Prose written since the last step (declarations between prose and step keep it). */
  final StringBuilder pendingProse = new StringBuilder();

  StepDecision(String file, SymjaSession session, ProofChecker.Limits limits,
      ProofChecker.ZeroTest zeroTest) {
    this.file = file;
    this.session = session;
    this.limits = limits;
    this.zeroTest = zeroTest;
  }

  StepResult run(ProofSource.Statement s, IExpr e) {
    String where = file + ":" + s.line();
    String head = headName(e);
    if (!head.equals("step") && !s.prose().isEmpty()) {
      if (head.equals("section")) {
        pendingProse.setLength(0);
      }
      pendingProse.append(s.prose()).append('\n');
    }
    try {
      switch (head) {
        case "var" -> declare(e, where);
        case "assume" -> assumptions.add(e.first());
        case "section" -> {
          vars.clear();
          assumptions.clear();
          section = e.first().toString();
        }
        case "step" -> {
          return step(s, e);
        }
        default -> session.define(e, limits.hardCallMillis());
      }
    } catch (SymjaSession.Timeout t) {
      throw new InvalidInput(where, String.valueOf(t.getMessage()) + " while evaluating a declaration");
    } catch (InvalidInput u) {
      throw u;
    } catch (Exception ex) {
      throw new InvalidInput(where, "Symja error: " + firstLine(String.valueOf(ex)));
    }
    return null;
  }

  private void declare(IExpr e, String where) throws Exception {
    ISymbol sym = (ISymbol) e.first();
    boolean integer = symbolName(e.second()).equals("integers");
    double lo = number(((IAST) e).arg3(), where);
    double hi = number(((IAST) e).arg4(), where);
    if (integer ? (lo != Math.rint(lo) || hi != Math.rint(hi) || lo > hi) : !(lo < hi)) {
      throw new InvalidInput(where, "empty or invalid domain for " + sym + ": [" + lo + ", " + hi
          + "]" + (integer ? " (integer bounds required)" : ""));
    }
    vars.put(sym.getSymbolName(), new Var(sym, integer, lo, hi));
  }

  private double number(IExpr bound, String where) throws Exception {
    IExpr v = session.eval(F.N(bound), limits.hardCallMillis());
    if (!v.isReal()) {
      throw new InvalidInput(where, "domain bound is not a real number: " + bound);
    }
    return v.evalf();
  }

  private StepResult step(ProofSource.Statement s, IExpr e) {
    long t0 = System.nanoTime();
    String where = file + ":" + s.line();
    String name = e.first().toString();
    StepStatus status = StepStatus.VERIFIED_SYMBOLIC;
    List<String> details = new ArrayList<>();
    List<IAST> rels = relations(e.second(), where);
    long seed = (file.replaceAll(".*/", "") + ":" + s.line() + ":" + name).hashCode();
    SplittableRandom random = new SplittableRandom(seed);
    for (IAST rel : rels) {
      String[] detail = new String[1];
      StepStatus st = relation(rel, random, detail);
      status = StepStatus.worse(status, st);
      details.add((rels.size() > 1 ? "[" + firstLine(rel.toString()) + "] " : "") + detail[0]);
    }
    String prose = (section.isEmpty() ? "" : "[" + section + "] ") + pendingProse + s.prose();
    pendingProse.setLength(0);
    return new StepResult(file, s.line(), name, s.text(), prose.strip(), status,
        String.join("; ", details), (System.nanoTime() - t0) / 1_000_000);
  }

  private StepStatus relation(IAST rel, SplittableRandom random, String[] detail) {
    String op = headName(rel);
    IExpr lhs;
    IExpr rhs;
    try {
      lhs = session.eval(rel.arg1(), limits.hardCallMillis());
      rhs = session.eval(rel.arg2(), limits.hardCallMillis());
    } catch (SymjaSession.Timeout t) {
      detail[0] = "evaluating the sides: " + t.getMessage();
      return StepStatus.FAILED;
    } catch (Exception ex) {
      detail[0] = "Symja error while evaluating the sides: " + firstLine(String.valueOf(ex));
      return StepStatus.FAILED;
    }
    Set<String> free = new LinkedHashSet<>();
    collectSymbols(lhs, free);
    collectSymbols(rhs, free);
    List<Var> used = new ArrayList<>();
    boolean allPositive = true;
    for (String v : free) {
      Var var = vars.get(v);
      if (var != null) {
        used.add(var);
        allPositive &= var.lo() >= 0;
      }
    }
    IExpr assume = domainAssumptions(used);

    // 1. symbolic decision
    String symbolic = null;
    boolean symbolicFalse = false;
    try {
      if (op.equals("equal")) {
        symbolic = zeroTest.provesZero(this::attempt, session.eval(F.Subtract(lhs, rhs),
            limits.hardCallMillis()), assume, allPositive);
      } else {
        IExpr r = attempt(F.Simplify(F.binaryAST2(rel.head(), lhs, rhs),
            F.Rule(F.Assumptions, assume)));
        if (r != null && r.isTrue()) {
          symbolic = "Simplify under the domain assumptions gives True";
        } else if (r != null && r.isFalse()) {
          symbolicFalse = true;
        }
      }
    } catch (Exception ex) {
      symbolic = null; // undecided; the spot check decides
    }

    // 2. numeric spot check, always
    Numeric num = spotCheck(op, lhs, rhs, used, random);
    if (!num.ok()) {
      detail[0] = (symbolic != null ? "symbolic (" + symbolic + ") claimed it, but " : "")
          + num.message();
      return StepStatus.FAILED;
    }
    if (symbolicFalse) {
      detail[0] = "Simplify under the domain assumptions gives False (" + num.message() + ")";
      return StepStatus.FAILED;
    }
    if (symbolic != null) {
      detail[0] = symbolic + "; " + num.message();
      return StepStatus.VERIFIED_SYMBOLIC;
    }
    detail[0] = "not decided symbolically; " + num.message();
    return StepStatus.CHECKED_NUMERIC;
  }

  /** One transformation under TimeConstrained; null if it timed out. */
  private IExpr attempt(IExpr expr) throws Exception {
    try {
      IExpr r = session.eval(F.TimeConstrained(expr, F.ZZ(limits.symbolicSeconds()),
          F.$Aborted), limits.hardCallMillis());
      return r == F.$Aborted ? null : r;
    } catch (SymjaSession.Timeout t) {
      return null;
    }
  }

  private IExpr domainAssumptions(List<Var> used) {
    IASTAppendable and = F.And();
    for (Var v : used) {
      if (v.integer()) {
        and.append(F.Element(v.symbol(), F.Integers));
        and.append(F.LessEqual(F.ZZ((long) v.lo()), v.symbol()));
        and.append(F.LessEqual(v.symbol(), F.ZZ((long) v.hi())));
      } else {
        and.append(F.Less(F.num(v.lo()), v.symbol()));
        and.append(F.Less(v.symbol(), F.num(v.hi())));
      }
    }
    for (IExpr a : assumptions) {
      and.append(a);
    }
    return and.argSize() == 0 ? F.True : and;
  }

  private record Numeric(boolean ok, String message) {}

  private Numeric spotCheck(String op, IExpr lhs, IExpr rhs, List<Var> used,
      SplittableRandom random) {
    int wanted = used.isEmpty() ? 1 : NUMERIC_POINTS;
    int accepted = 0;
    int draws = 0;
    int rejectedUndefined = 0;
    double worst = 0;
    String worstAt = "";
    while (accepted < wanted) {
      if (draws++ >= wanted * MAX_DRAWS_PER_POINT) {
        return new Numeric(false, "domain too narrow: only " + accepted + " of " + wanted
            + " points satisfied the Var/Assume domain and gave finite values after " + (draws - 1)
            + " draws (" + rejectedUndefined + " undefined values)");
      }
      Map<Var, IExpr> point = new LinkedHashMap<>();
      IASTAppendable rules = F.ListAlloc();
      for (Var v : vars.values()) {
        IExpr value = v.integer()
            ? F.ZZ(random.nextLong((long) v.lo(), (long) v.hi() + 1))
            : F.num(v.lo() + (v.hi() - v.lo()) * random.nextDouble());
        point.put(v, value);
        rules.append(F.Rule(v.symbol(), value));
      }
      String at = used.isEmpty() ? "(closed expression)" : describe(point, used);
      IExpr l;
      IExpr r;
      try {
        boolean inDomain = true;
        for (IExpr a : assumptions) {
          IExpr ok = session.eval(F.N(F.ReplaceAll(a, rules)), limits.hardCallMillis());
          if (!ok.isTrue()) {
            inDomain = false;
            break;
          }
        }
        if (!inDomain) {
          continue;
        }
        l = session.eval(F.N(F.ReplaceAll(lhs, rules)), limits.hardCallMillis());
        r = session.eval(F.N(F.ReplaceAll(rhs, rules)), limits.hardCallMillis());
      } catch (SymjaSession.Timeout t) {
        return new Numeric(false, "numeric evaluation at " + at + ": " + t.getMessage());
      } catch (Exception ex) {
        return new Numeric(false, "numeric evaluation failed at " + at + ": "
            + firstLine(String.valueOf(ex)));
      }
      double[] lv = value(l);
      double[] rv = value(r);
      if (lv == null || rv == null) {
        IExpr bad = lv == null ? l : r;
        if (bad.isIndeterminate() || bad.isInfinity() || bad.isNegativeInfinity()
            || bad.isComplexInfinity() || bad.isDirectedInfinity()) {
          rejectedUndefined++;
          continue; // a singular point of the formula, not evidence either way
        }
        return new Numeric(false, "not a number at " + at + ": " + firstLine(bad.toString())
            + " (undeclared variable or undefined function?)");
      }
      double scale = 1 + Math.abs(lv[0]) + Math.abs(rv[0]);
      double tol = ROUND_OFF_TOLERANCE * scale;
      if (Math.abs(lv[1]) > tol || Math.abs(rv[1]) > tol) {
        return new Numeric(false, "complex value at " + at + ": lhs = " + fmt(lv) + ", rhs = "
            + fmt(rv));
      }
      double diff = lv[0] - rv[0];
      boolean holds = switch (op) {
        case "equal" -> Math.abs(diff) <= tol;
        case "greater" -> diff > tol;
        case "greaterequal" -> diff >= -tol;
        case "less" -> -diff > tol;
        case "lessequal" -> -diff >= -tol;
        default -> false;
      };
      if (!holds) {
        return new Numeric(false, "counterexample at " + at + ": lhs = " + fmt(lv) + ", rhs = "
            + fmt(rv) + " (" + op + " fails; tolerance " + ROUND_OFF_TOLERANCE + " relative)");
      }
      double dev = op.equals("equal") ? Math.abs(diff) / scale : 0;
      if (dev >= worst) {
        worst = dev;
        worstAt = at;
      }
      accepted++;
    }
    String m = used.isEmpty() ? "numeric evaluation agrees"
        : "holds at " + accepted + " random points of the domain";
    if (op.equals("equal")) {
      m += String.format(Locale.ROOT, " (worst relative deviation %.1e%s)", worst,
          used.isEmpty() ? "" : " at " + worstAt);
    }
    if (rejectedUndefined > 0) {
      m += "; " + rejectedUndefined + " draws skipped where a side was undefined";
    }
    return new Numeric(true, m);
  }

  private static void collectSymbols(IExpr e, Set<String> out) {
    if (e instanceof ISymbol s) {
      if (!s.isBuiltInSymbol()) {
        out.add(s.getSymbolName());
      }
    } else if (e.isAST()) {
      for (int i = 0; i < ((IAST) e).size(); i++) {
        collectSymbols(((IAST) e).get(i), out);
      }
    }
  }

  /** {re, im} of a numeric result, or null if it is not a finite number. */
  private static double[] value(IExpr v) {
    if (v.isReal()) {
      double d = v.evalf();
      return Double.isFinite(d) ? new double[] {d, 0} : null;
    }
    if (v instanceof INumber n) {
      double re = n.reDoubleValue();
      double im = n.imDoubleValue();
      return Double.isFinite(re) && Double.isFinite(im) ? new double[] {re, im} : null;
    }
    return null;
  }

  private static String fmt(double[] v) {
    return v[1] == 0 ? String.format(Locale.ROOT, "%.12g", v[0])
        : String.format(Locale.ROOT, "%.12g%+.12gi", v[0], v[1]);
  }

  private static String describe(Map<Var, IExpr> point, List<Var> used) {
    StringBuilder b = new StringBuilder("{");
    for (Var v : used) {
      if (b.length() > 1) {
        b.append(", ");
      }
      IExpr x = point.get(v);
      b.append(v.symbol()).append(" = ")
          .append(v.integer() ? x.toString() : String.format(Locale.ROOT, "%.6g", x.evalf()));
    }
    return b.append('}').toString();
  }
}

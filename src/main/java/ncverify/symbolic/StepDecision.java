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
import org.matheclipse.core.expression.S;
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

  /**
   * Finite-difference steps (relative to 1 + |x|) for first and second derivatives: near the
   * optimal steps for central differences in double precision (eps^(1/3), eps^(1/4)).
   */
  private static final double[] FD_STEP = {0, 1e-5, 1e-4};
  /** Round-off of a central difference relative to |f|: eps/step and eps/step² (with margin). */
  private static final double[] FD_ROUND_OFF = {0, 1e-10, 1e-7};
  /**
   * Relative tolerance of the finite-difference cross-check of a symbolic derivative. Its error is
   * O(step²) ≈ 1e-8 relative, so 1e-4 never rejects a correct derivative of a smooth function,
   * while a definition that branches on symbols vs numbers is off by O(1).
   */
  static final double FD_TOLERANCE = 1e-4;

  /**
   * Constructs whose second argument names a variable they need as a symbol (Limit[f, x -> a],
   * Integrate[f, {x, a, b}], Series, Solve, …): evaluated by {@code symbolicAt}.
   */
  private static final Set<String> BOUND_VARIABLE_HEADS = Set.of("limit", "integrate", "series",
      "seriescoefficient", "solve", "nsolve", "reduce", "roots", "coefficient", "coefficientlist",
      "exponent");

  /** A symbolic derivative disagrees with its function's numeric values. */
  private static final class DerivativeMismatch extends Exception {
    DerivativeMismatch(String message) {
      super(message);
    }
  }

  /** Block[{s1 = v1, …}, body]: evaluates body with each symbol bound to its value. */
  private static IExpr block(Map<ISymbol, IExpr> env, IExpr body) {
    IASTAppendable list = F.ListAlloc(env.size());
    env.forEach((s, v) -> list.append(F.Set(s, v)));
    return F.binaryAST2(S.Block, list, body);
  }


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
    boolean isStep = ProofSyntax.isStep(e);
    if (!isStep && !s.prose().isEmpty()) {
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
        case "step", "numericstep" -> {
          return step(s, e, head.equals("step"));
        }
        default -> session.define(e, limits.hardCallMillis());
      }
    } catch (SymjaSession.Timeout | SymjaSession.Limit t) {
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

  /**
   * One step: each atomic relation decided by {@link #relation}. {@code symbolicAttempt} is false
   * for a {@code NumericStep}, which its author declares beyond Symja's simplifier (inequalities,
   * fractional powers of symbolic exponents): the simplification chain is skipped (it would only
   * spend its time limits and end undecided) and the spot check alone decides, so such a step is
   * at best CHECKED_NUMERIC, never VERIFIED_SYMBOLIC.
   */
  private StepResult step(ProofSource.Statement s, IExpr e, boolean symbolicAttempt) {
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
      StepStatus st = relation(rel, random, detail, symbolicAttempt);
      status = StepStatus.worse(status, st);
      details.add((rels.size() > 1 ? "[" + firstLine(rel.toString()) + "] " : "") + detail[0]);
    }
    String prose = (section.isEmpty() ? "" : "[" + section + "] ") + pendingProse + s.prose();
    pendingProse.setLength(0);
    return new StepResult(file, s.line(), name, s.text(), prose.strip(), status,
        String.join("; ", details), (System.nanoTime() - t0) / 1_000_000);
  }

  private StepStatus relation(IAST rel, SplittableRandom random, String[] detail,
      boolean symbolicAttempt) {
    String op = headName(rel);
    IExpr lhs;
    IExpr rhs;
    try {
      lhs = session.eval(rel.arg1(), limits.hardCallMillis());
      rhs = session.eval(rel.arg2(), limits.hardCallMillis());
    } catch (SymjaSession.Timeout | SymjaSession.Limit t) {
      detail[0] = "evaluating the sides: " + t.getMessage();
      return StepStatus.FAILED;
    } catch (Exception ex) {
      detail[0] = "Symja error while evaluating the sides: " + firstLine(String.valueOf(ex));
      return StepStatus.FAILED;
    }
    Set<String> free = new LinkedHashSet<>();
    collectSymbols(rel.arg1(), free); // the unevaluated sides name the variables a definition
    collectSymbols(rel.arg2(), free); // may hide from the evaluated ones (g[x] -> 0)
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
      if (!symbolicAttempt) {
        symbolic = null; // a NumericStep: the spot check alone decides
      } else if (op.equals("equal")) {
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
    Numeric num = spotCheck(op, rel.arg1(), rel.arg2(), used, random);
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
    detail[0] = (symbolicAttempt ? "not decided symbolically; " : "numeric step; ") + num.message();
    return StepStatus.CHECKED_NUMERIC;
  }

  /**
   * One transformation within the CPU-time budget of a symbolic attempt; null if it ran out (or
   * hit a size or memory limit). The budget counts the engine thread's CPU time, so the outcome
   * is the same on an idle and on a loaded machine.
   */
  private IExpr attempt(IExpr expr) throws Exception {
    try {
      return session.eval(expr, limits.symbolicMillis());
    } catch (SymjaSession.Timeout | SymjaSession.Limit t) { // undecided; the spot check decides
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

  /**
   * The numeric value of an UNEVALUATED side at a point: every symbol of {@code env} is bound
   * to its number (Block) and the side is evaluated from the definitions, so a definition runs
   * on numbers, never on a symbol whose result numbers are substituted into afterwards (which
   * {@code g[y_] := If[NumericQ[y], 1, 0]} would fool). Two constructs need a symbol:
   * {@code e /. x -> v} binds x to v's value and evaluates e there; {@code D[f, x]} is
   * differentiated symbolically in x (every other variable bound), evaluated at x, and
   * cross-checked against finite differences of f's own numeric values.
   */
  private IExpr numeric(IExpr e, Map<ISymbol, IExpr> env) throws Exception {
    // N after the evaluation: N inside would turn level specifications (Total[m, 2]) into reals
    try {
      return session.eval(F.N(block(env, atPoint(e, env))), limits.hardCallMillis());
    } catch (SymjaSession.Timeout | SymjaSession.Limit | DerivativeMismatch t) {
      throw t;
    } catch (RuntimeException symjaBug) {
      // Symja 3.0.0 fails on some machine-number structures (Total[Abs[real matrix], 2]); the same
      // point as exact rationals is still a number, so definitions still run on numbers
      Map<ISymbol, IExpr> exact = new LinkedHashMap<>();
      for (Map.Entry<ISymbol, IExpr> b : env.entrySet()) {
        exact.put(b.getKey(), b.getValue().isReal()
            ? session.eval(F.Rationalize(b.getValue(), F.C0), limits.hardCallMillis()) : b.getValue());
      }
      return session.eval(F.N(block(exact, atPoint(e, exact))), limits.hardCallMillis());
    }
  }

  /** Replaces the ReplaceAll and D nodes of e (that need it) by their values at the point. */
  private IExpr atPoint(IExpr e, Map<ISymbol, IExpr> env) throws Exception {
    if (!e.isAST()) {
      return e;
    }
    IAST ast = (IAST) e;
    String h = headName(ast);
    if (h.equals("replaceall") && ast.argSize() == 2) {
      IExpr rs = ast.arg2();
      List<IExpr> rules = new ArrayList<>();
      if (rs.isList()) {
        for (IExpr r : (IAST) rs) {
          rules.add(r);
        }
      } else {
        rules.add(rs);
      }
      if (!rules.isEmpty() && rules.stream().allMatch(r -> (r.isRuleAST())
          && r.first() instanceof ISymbol sym && !sym.isBuiltInSymbol())) {
        Map<ISymbol, IExpr> inner = new LinkedHashMap<>(env);
        for (IExpr r : rules) {
          inner.put((ISymbol) r.first(), numeric(r.second(), env));
        }
        return numeric(ast.arg1(), inner);
      }
    }
    if (h.equals("d") && ast.argSize() >= 2) {
      List<ISymbol> dv = new ArrayList<>();
      for (int i = 2; i <= ast.argSize(); i++) {
        IExpr spec = ast.get(i);
        IExpr v = spec.isList() && ((IAST) spec).argSize() >= 1 ? spec.first() : spec;
        if (v instanceof ISymbol sym && env.containsKey(sym)) {
          dv.add(sym);
        }
      }
      if (!dv.isEmpty()) {
        return derivative(ast, dv, env);
      }
    }
    if (BOUND_VARIABLE_HEADS.contains(h) && ast.argSize() >= 2) {
      List<ISymbol> bv = new ArrayList<>();
      IExpr spec = ast.arg2();
      IExpr v = spec.isRuleAST() || spec.isList() && ((IAST) spec).argSize() >= 1 ? spec.first() : spec;
      if (v instanceof ISymbol sym && env.containsKey(sym)) {
        bv.add(sym);
      }
      if (!bv.isEmpty()) {
        return symbolicAt(ast, bv, env);
      }
    }
    IASTAppendable copy = null;
    for (int i = 0; i < ast.size(); i++) {
      IExpr c = atPoint(ast.get(i), env);
      if (c != ast.get(i)) {
        if (copy == null) {
          copy = ast.copyAppendable();
        }
        copy.set(i, c);
      }
    }
    return copy == null ? ast : copy;
  }

  /** D[f, x…] at the point, with the finite-difference cross-check of {@link #numeric}. */
  /**
   * A construct over variables {@code vs} (which it needs as symbols) evaluated symbolically with
   * every other variable bound, then at the point. For Limit and Integrate the variable is a dummy;
   * what runs inside on symbols is not cross-checked (proofs/README.md says so).
   */
  private IExpr symbolicAt(IAST node, List<ISymbol> vs, Map<ISymbol, IExpr> env) throws Exception {
    Map<ISymbol, IExpr> others = new LinkedHashMap<>(env);
    vs.forEach(others::remove);
    IExpr symbolic = session.eval(block(others, node), limits.hardCallMillis());
    Map<ISymbol, IExpr> at = new LinkedHashMap<>();
    vs.forEach(v -> at.put(v, env.get(v)));
    return session.eval(F.N(block(at, symbolic)), limits.hardCallMillis());
  }

  private IExpr derivative(IAST d, List<ISymbol> dv, Map<ISymbol, IExpr> env) throws Exception {
    IExpr value = symbolicAt(d, dv, env);
    // cross-check a first or second derivative in one real variable
    IExpr spec = d.arg2();
    int order = spec.isList() && ((IAST) spec).argSize() == 2 && spec.second().isInteger()
        ? spec.second().toIntDefault() : spec.isList() ? -1 : 1;
    Var var = vars.get(dv.get(0).getSymbolName());
    double[] dval = value(value);
    IExpr x0e = env.get(dv.get(0));
    if (d.argSize() == 2 && (order == 1 || order == 2) && var != null && !var.integer()
        && dval != null && x0e.isReal()) {
      double x0 = x0e.evalf();
      double step = FD_STEP[order] * (1 + Math.abs(x0));
      double[] f = new double[3];
      for (int j = 0; j < 3; j++) {
        Map<ISymbol, IExpr> shifted = new LinkedHashMap<>(env);
        shifted.put(dv.get(0), F.num(x0 + (j - 1) * step));
        double[] fv = value(numeric(d.arg1(), shifted));
        if (fv == null) {
          return value; // not evaluable near the point: nothing to cross-check against
        }
        f[j] = fv[0];
      }
      double estimate = order == 1 ? (f[2] - f[0]) / (2 * step)
          : (f[2] - 2 * f[1] + f[0]) / (step * step);
      double scale = 1 + Math.abs(dval[0]) + Math.abs(estimate)
          + (Math.abs(f[0]) + Math.abs(f[1]) + Math.abs(f[2])) * FD_ROUND_OFF[order];
      if (Math.abs(estimate - dval[0]) > FD_TOLERANCE * scale) {
        throw new DerivativeMismatch(firstLine(d.toString()) + " evaluated symbolically is "
            + fmt(dval) + " but finite differences of its function's own numeric values give "
            + String.format(Locale.ROOT, "%.6g", estimate) + " (a definition that behaves "
            + "differently on symbols and on numbers?)");
      }
    }
    return value;
  }

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
      Map<ISymbol, IExpr> env = new LinkedHashMap<>();
      for (Var v : vars.values()) {
        IExpr value = v.integer()
            ? F.ZZ(random.nextLong((long) v.lo(), (long) v.hi() + 1))
            : F.num(v.lo() + (v.hi() - v.lo()) * random.nextDouble());
        point.put(v, value);
        env.put(v.symbol(), value);
      }
      String at = used.isEmpty() ? "(closed expression)" : describe(point, used);
      IExpr l;
      IExpr r;
      try {
        boolean inDomain = true;
        for (IExpr a : assumptions) {
          IExpr ok = numeric(a, env);
          if (!ok.isTrue()) {
            inDomain = false;
            break;
          }
        }
        if (!inDomain) {
          continue;
        }
        l = numeric(lhs, env);
        r = numeric(rhs, env);
      } catch (DerivativeMismatch m) {
        return new Numeric(false, "at " + at + ": " + m.getMessage());
      } catch (SymjaSession.Timeout | SymjaSession.Limit t) {
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

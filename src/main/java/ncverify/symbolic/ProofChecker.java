package ncverify.symbolic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import ncverify.core.InvalidInput;
import ncverify.core.TextFile;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Checks proof files (format and guarantees: proofs/README.md): reads a file, has
 * {@link ProofSyntax} accept every statement, then has {@link StepDecision} decide each step.
 *
 * <p>Every statement is parsed without evaluation and inspected by the {@link Sandbox} before it
 * runs; every Symja call runs in a {@link SymjaSession} under a limit on its CPU time ({@link Limits}). Each {@code Step} gets exactly one {@link StepStatus}: a symbolic decision is
 * only accepted when the numeric spot check at random points of the declared domain agrees.
 */
public final class ProofChecker {

  /** Number of random points of the declared domain at which every step is evaluated. */
  public static final int NUMERIC_POINTS = 20;
  /**
   * Relative round-off tolerance of the spot check: |lhs − rhs| ≤ tol·(1 + |lhs| + |rhs|). Both
   * sides are evaluated in machine precision from exact expressions of moderate size, so an
   * identity deviates by a few hundred ulps at most; 1e-9 leaves room for that cancellation while
   * any genuine error in a formula of these proofs is of order 1e-3 or larger.
   */
  public static final double ROUND_OFF_TOLERANCE = 1e-9;
  /** Draws allowed per accepted point before the domain (Var + Assume) is called too narrow. */
  static final int MAX_DRAWS_PER_POINT = 200;

  /**
   * Time limits, in CPU time of the Symja engine's thread (never wall-clock time, so that no
   * status depends on the machine's load): the budget of one symbolic attempt (a simplification
   * that runs out of it leaves the relation undecided), and the hard limit of any other call (a
   * declaration or a numeric evaluation that runs out of it is an error or a FAILED step).
   */
  public record Limits(long symbolicMillis, long hardCallMillis) {
    /** 5 s lets Simplify/Factor finish on every scalar identity of the proofs (most take &lt;50 ms). */
    public static final Limits DEFAULT = new Limits(5_000, 20_000);
  }

  /** Tries to show that an expression is identically 0; returns the method used, or null. */
  @FunctionalInterface
  interface ZeroTest {
    String provesZero(Attempts attempts, IExpr difference, IExpr assumptions, boolean allPositive)
        throws Exception;
  }

  /** Runs a time-constrained Symja transformation (given to a {@link ZeroTest}). */
  @FunctionalInterface
  interface Attempts {
    IExpr run(IExpr expr) throws Exception;
  }

  /** The default chain: cheap and sound transformations first, PowerExpand only on x &gt; 0. */
  static final ZeroTest SIMPLIFICATION_CHAIN = (attempts, d, a, allPositive) -> {
    if (d.isZero()) {
      return "evaluation";
    }
    Map<String, IExpr> chain = new LinkedHashMap<>();
    chain.put("Together", F.Together(d));
    chain.put("Simplify", F.Simplify(d));
    chain.put("Simplify under the domain assumptions", F.Simplify(d, F.Rule(F.Assumptions, a)));
    if (allPositive) {
      // PowerExpand ((ab)^c = a^c b^c, Log[ab] = Log[a]+Log[b]) is valid for positive quantities;
      // the spot check still guards against a sign hidden inside a base.
      chain.put("PowerExpand, Together", F.Together(F.PowerExpand(d)));
      chain.put("PowerExpand, Simplify", F.Simplify(F.PowerExpand(d)));
      chain.put("ExpandAll, PowerExpand, Simplify", F.Simplify(F.PowerExpand(F.ExpandAll(d))));
    }
    chain.put("FullSimplify", F.FullSimplify(d));
    for (Map.Entry<String, IExpr> e : chain.entrySet()) {
      IExpr r = attempts.run(e.getValue());
      if (r != null && r.isZero()) {
        return e.getKey();
      }
    }
    return null;
  };

  private final Limits limits;
  private final ZeroTest zeroTest;

  public ProofChecker() {
    this(Limits.DEFAULT);
  }

  public ProofChecker(Limits limits) {
    this(limits, SIMPLIFICATION_CHAIN);
  }

  ProofChecker(Limits limits, ZeroTest zeroTest) {
    this.limits = limits;
    this.zeroTest = zeroTest;
  }

  /** The proof files of a directory ({@code *.m}), sorted by name. */
  public static List<Path> proofFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw InvalidInput.file(dir, "no such proof directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".m")).sorted().toList();
    } catch (IOException e) {
      throw InvalidInput.file(dir, "cannot list (" + e.getMessage() + ")");
    }
  }

  public List<ProofTranscript> checkAll(List<Path> files) {
    List<ProofTranscript> out = new ArrayList<>();
    for (Path f : files) {
      out.add(check(f));
    }
    return out;
  }

  /** Checks one file; a malformed file throws {@link InvalidInput} naming file:line. */
  public ProofTranscript check(Path file) {
    return check(file.toString(), TextFile.read(file, "proof file"));
  }

  /** Checks proof text; {@code name} is used in locations and to seed the random points. */
  public ProofTranscript check(String name, String content) {
    long t0 = System.nanoTime();
    List<ProofSource.Statement> statements = ProofSource.split(name, content);
    try (SymjaSession session = new SymjaSession()) {
      // Parse and sandbox-check the whole file before evaluating anything.
      List<IExpr> parsed = new ArrayList<>();
      Set<String> defined = new java.util.HashSet<>();
      for (ProofSource.Statement s : statements) {
        parsed.add(ProofSyntax.parseChecked(session, name, s, defined));
      }
      if (parsed.stream().noneMatch(ProofSyntax::isStep)) {
        throw new InvalidInput(name, (content.isBlank() ? "is empty" : "states no Step")
            + "; a proof file must state at least one Step[\"name\", relation] (proofs/README.md)");
      }
      StepDecision state = new StepDecision(name, session, limits, zeroTest);
      List<StepResult> results = new ArrayList<>();
      for (int i = 0; i < statements.size(); i++) {
        StepResult r = state.run(statements.get(i), parsed.get(i));
        if (r != null) {
          results.add(r);
        }
      }
      return new ProofTranscript(name, results, (System.nanoTime() - t0) / 1_000_000);
    }
  }

}

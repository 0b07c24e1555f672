package ncverify.claim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncverify.problem.Setting;
import ncverify.symbolic.SymbolicEvaluator;
import ncverify.theory.Prediction;

/**
 * A conjecture from a {@link ConjectureFile}: predicted quantities as Symja expressions. It has no
 * explicit predicted point, so the verifier judges it against the lowest certified run of its
 * restarts (only as global as those restarts; THEORY §7).
 */
public final class DeclaredConjecture extends Claim implements AutoCloseable {
  private final ConjectureFile file;
  private final SymbolicEvaluator evaluator = new SymbolicEvaluator();

  public DeclaredConjecture(ConjectureFile file) {
    this.file = file;
  }

  @Override public String id() { return file.id(); }
  @Override public String title() { return file.title(); }
  @Override public String source() { return file.source(); }
  @Override public SourceStatus status() { return file.status(); }
  @Override public Domain domain() { return file.domain(); }
  @Override public String proofFile() { return file.path().toString(); }
  @Override public List<Check> checks() { return List.of(); }

  @Override
  public String statement() {
    StringBuilder sb = new StringBuilder();
    file.predictions().forEach((q, e) -> sb.append(q).append(" = ").append(e.text()).append("; "));
    return sb.toString();
  }

  /**
   * The conjecture's predicted quantities for a setting, evaluated from the file's expressions.
   *
   * @param scalars quantity → value (e.g. {@code optimal_value})
   * @param perClass quantity → one value per class (e.g. {@code h_norm_sq}, {@code collapsed})
   */
  public record Predicted(Map<String, Double> scalars, Map<String, double[]> perClass) {}

  /** Evaluates every predicted quantity at the setting; a bad expression throws InvalidInput (file:line). */
  public Predicted predicted(Setting s) {
    Map<String, Double> predictedScalars = new LinkedHashMap<>();
    Map<String, double[]> predictedPerClass = new LinkedHashMap<>();
    file.predictions().forEach((q, e) -> {
      if (ConjectureFile.PER_CLASS.contains(q)) {
        double[] v = new double[s.K()];
        for (int k = 0; k < s.K(); k++) {
          v[k] = evaluate(e, bindings(s, k + 1));
        }
        predictedPerClass.put(q, v);
      } else {
        predictedScalars.put(q, evaluate(e, bindings(s, 0)));
      }
    });
    return new Predicted(predictedScalars, predictedPerClass);
  }

  /** A declared conjecture predicts quantities, never an explicit minimiser. */
  @Override
  public Optional<Prediction> predict(Setting s) {
    return Optional.empty();
  }

  private double evaluate(ConjectureFile.Expression e, Map<String, Object> bindings) {
    try {
      return evaluator.evaluate(e.text(), bindings);
    } catch (IllegalArgumentException ex) {
      throw ConjectureFile.error(file.path(), e.line(), "'" + e.text() + "' " + ex.getMessage());
    }
  }

  /** The setting's symbols; k = 0 means a scalar quantity (no class symbols). */
  private static Map<String, Object> bindings(Setting s, int k) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("K", s.K());
    b.put("Ntotal", s.N());
    b.put("M", s.depth());
    b.put("d", s.d());
    b.put("lambdaW", s.lambdaW(1));
    b.put("lambdaH", s.lambdaH());
    b.put("n", s.counts());
    if (k > 0) {
      b.put("k", k);
      b.put("nk", s.count(k - 1));
    }
    return b;
  }

  @Override
  public void close() {
    evaluator.close();
  }

}

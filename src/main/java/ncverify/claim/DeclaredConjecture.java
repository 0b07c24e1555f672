package ncverify.claim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncverify.problem.Setting;
import ncverify.symbolic.SymbolicEvaluator;
import ncverify.train.Run;

/**
 * A conjecture from a {@link ConjectureFile}: predicted quantities as Symja expressions, judged
 * against the lowest certified run of the verifier's restarts (it has no explicit predicted point,
 * so it is only as global as those restarts; THEORY §7). REFUTED when a quantity deviates beyond
 * its tolerance there; INCONCLUSIVE when no run certifies.
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
  @Override public Status status() { return file.status(); }
  @Override public Domain domain() { return file.domain(); }
  @Override public String proofFile() { return file.path().toString(); }
  @Override public List<Check> checks() { return List.of(); }

  @Override
  public String statement() {
    StringBuilder sb = new StringBuilder();
    file.predictions().forEach((q, e) -> sb.append(q).append(" = ").append(e.text()).append("; "));
    return sb.toString();
  }

  @Override
  public SettingOutcome judge(Setting s, long seed, Verifier verifier) {
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
    Run best = verifier.lowestCertifiedRun(s, seed);
    if (best == null) {
      return new SettingOutcome(s, seed, Verdict.INCONCLUSIVE, "no restart certified",
          predictedScalars.getOrDefault("optimal_value", Double.NaN), Double.NaN, Map.of(), null,
          null, 0);
    }
    Comparison m = new Comparison(s, best.x());
    Map<String, Double> deviations = new LinkedHashMap<>();
    Double fStar = predictedScalars.get("optimal_value");
    if (fStar != null) {
      deviations.put("optimal_value", Math.abs(best.objective() - fStar) / Math.max(1, Math.abs(fStar)));
    }
    predictedPerClass.forEach((q, v) -> deviations.put(q, switch (q) {
      case "w_norm_sq" -> Comparison.relative(m.wNormSq(), v);
      case "h_norm_sq" -> Comparison.relative(m.hNormSq(), v);
      case "margins" -> Comparison.relative(m.margins(), v);
      default -> {
        boolean[] predicted = new boolean[v.length];
        for (int k = 0; k < v.length; k++) {
          predicted[k] = v[k] != 0;
        }
        double[] scale = predictedPerClass.getOrDefault("h_norm_sq", m.hNormSq());
        yield (double) Comparison.mismatches(m.collapsed(scale), predicted);
      }
    }));
    double objective = best.objective();
    for (Map.Entry<String, Double> d : deviations.entrySet()) {
      Tolerance t = tolerance(d.getKey());
      if (!(d.getValue() <= t.value())) {
        Counterexample c = new Counterexample("STRUCTURE_MISMATCH", s, seed,
            fStar == null ? Double.NaN : fStar, objective, "lowest certified restart",
            d.getKey() + " deviates by " + d.getValue() + " > " + t.name() + " " + t.value()
            + "; measured " + measuredText(d.getKey(), m, objective) + ", predicted "
            + (predictedPerClass.containsKey(d.getKey())
                ? java.util.Arrays.toString(predictedPerClass.get(d.getKey())) : String.valueOf(fStar)));
        return new SettingOutcome(s, seed, Verdict.REFUTED, c.detail(), c.predictedObjective(),
            objective, deviations, c, best, 0);
      }
    }
    return new SettingOutcome(s, seed, Verdict.VERIFIED, "every predicted quantity matches the "
        + "lowest certified restart (f = " + objective + ")", fStar == null ? Double.NaN : fStar,
        objective, deviations, null, best, 0);
  }

  private static String measuredText(String q, Comparison m, double objective) {
    return switch (q) {
      case "w_norm_sq" -> java.util.Arrays.toString(m.wNormSq());
      case "h_norm_sq" -> java.util.Arrays.toString(m.hNormSq());
      case "margins" -> java.util.Arrays.toString(m.margins());
      case "optimal_value" -> Double.toString(objective);
      default -> java.util.Arrays.toString(m.hNormSq()) + " (‖h̄_k‖²)";
    };
  }

  private static Tolerance tolerance(String quantity) {
    return switch (quantity) {
      case "optimal_value" -> Tolerances.VALUE;
      case "collapsed" -> Check.COLLAPSED.tolerance();
      default -> Tolerances.STRUCTURE;
    };
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

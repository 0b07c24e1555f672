package ncverify.verify;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import ncverify.claim.Check;
import ncverify.claim.Comparison;
import ncverify.claim.Counterexample;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Tolerance;
import ncverify.claim.Tolerances;
import ncverify.problem.Setting;
import ncverify.train.Run;

/**
 * Judges a {@link DeclaredConjecture} (predicted quantities, no explicit point) against the lowest
 * certified run of the random restarts: REFUTED when a quantity deviates beyond its tolerance
 * there; INCONCLUSIVE when no run certifies. It is only as global as those restarts (THEORY §7).
 */
final class QuantityJudge {
  private final CompetitorSearch search;

  QuantityJudge(CompetitorSearch search) {
    this.search = search;
  }

  SettingOutcome judge(DeclaredConjecture conjecture, Setting s, long seed) {
    DeclaredConjecture.Predicted predicted = conjecture.predicted(s);
    Map<String, Double> predictedScalars = predicted.scalars();
    Map<String, double[]> predictedPerClass = predicted.perClass();
    Run best = search.lowestCertifiedRun(s, seed);
    if (best == null) {
      return SettingOutcome.inconclusive(s, seed, "no restart certified", null,
          predictedScalars.getOrDefault("optimal_value", Double.NaN), Double.NaN, Map.of(), null, 0);
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
        boolean[] collapsed = new boolean[v.length];
        for (int k = 0; k < v.length; k++) {
          collapsed[k] = v[k] != 0;
        }
        double[] scale = predictedPerClass.getOrDefault("h_norm_sq", m.hNormSq());
        yield (double) Comparison.mismatches(m.collapsed(scale), collapsed);
      }
    }));
    double objective = best.objective();
    for (Map.Entry<String, Double> d : deviations.entrySet()) {
      Tolerance t = tolerance(d.getKey());
      if (!(d.getValue() <= t.value())) {
        Counterexample c = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed,
            fStar == null ? Double.NaN : fStar, objective, "lowest certified restart",
            d.getKey() + " deviates by " + d.getValue() + " > " + t.name() + " " + t.value()
            + "; measured " + measuredText(d.getKey(), m, objective) + ", predicted "
            + (predictedPerClass.containsKey(d.getKey())
                ? Arrays.toString(predictedPerClass.get(d.getKey())) : String.valueOf(fStar)));
        return SettingOutcome.refuted(c, null, c.detail(), deviations, best, 0);
      }
    }
    return SettingOutcome.verifiedQuantities(s, seed, fStar == null ? Double.NaN : fStar,
        "every predicted quantity matches the lowest certified restart (f = " + objective + ")",
        objective, deviations, best);
  }

  private static String measuredText(String q, Comparison m, double objective) {
    return switch (q) {
      case "w_norm_sq" -> Arrays.toString(m.wNormSq());
      case "h_norm_sq" -> Arrays.toString(m.hNormSq());
      case "margins" -> Arrays.toString(m.margins());
      case "optimal_value" -> Double.toString(objective);
      default -> Arrays.toString(m.hNormSq()) + " (‖h̄_k‖²)";
    };
  }

  private static Tolerance tolerance(String quantity) {
    return switch (quantity) {
      case "optimal_value" -> Tolerances.VALUE;
      case "collapsed" -> Check.COLLAPSED.tolerance();
      default -> Tolerances.STRUCTURE;
    };
  }
}

package ncverify.conjectures;

import java.util.List;
import ncverify.claim.Check;
import ncverify.claim.Comparison;
import ncverify.claim.Domain;
import ncverify.claim.SourceStatus;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerances;
import ncverify.problem.Setting;
import ncverify.theory.CeReluImbalancedTheory;
import ncverify.theory.Theory;

/**
 * A user conjecture written against the Java API: everything a claim needs in one file.
 * Fang et al. (PNAS 2021) observe that minority classifiers become alike as imbalance grows; P2
 * (THEORY.md §5) predicts an exact finite version: with ReLU features every collapsed class has
 * the same classifier vector −(a/K) Σ_j √n_j h̄_j.
 */
public final class CollapsedClassifiersCoincide extends TheoryClaim {

  /** max over pairs of collapsed classes of ‖w_j − w_k‖, relative to the largest ‖w_k‖. */
  static double spreadOfCollapsedClassifiers(Comparison c) {
    double[][] g = c.wGram();
    int[] collapsed = c.prediction().collapsed();
    double scale = 0, spread = 0;
    for (int k = 0; k < g.length; k++) {
      scale = Math.max(scale, Math.sqrt(g[k][k]));
    }
    for (int a : collapsed) {
      for (int b : collapsed) {
        spread = Math.max(spread, Math.sqrt(Math.max(0, g[a][a] + g[b][b] - 2 * g[a][b])));
      }
    }
    return spread / Math.max(scale, Tolerances.SCALE_FLOOR);
  }

  static final Check COLLAPSED_CLASSIFIERS_COINCIDE = new Check("collapsed-classifiers-coincide",
      "w_j = w_k for all collapsed classes j, k", Tolerances.STRUCTURE,
      CollapsedClassifiersCoincide::spreadOfCollapsedClassifiers, p -> p.collapsed().length >= 2);

  @Override public String id() { return "fang-collapsed-classifiers-coincide"; }
  @Override public String title() { return "Collapsed minority classes share one classifier vector"; }
  @Override public String source() { return "Fang et al. 2021 (PNAS), exact form from P2; THEORY.md §5-6"; }
  @Override public SourceStatus status() { return SourceStatus.CONJECTURE; }
  @Override public Theory theory() { return new CeReluImbalancedTheory(); }
  @Override public String statement() {
    return "With ReLU features (M = 1, CE, no bias), all collapsed classes have the same w_k.";
  }

  /** Three large classes of n, two minority classes of m < n, λ large enough to collapse them. */
  @Override
  public Domain domain() {
    return Domain.builder("loss=ce bias=none features=nonneg, n=(n,n,n,m,m), m in 1..5, n in 20..40, "
        + "lambda = 10^(q/8) x 0.02, q in 0..8")
        .choice("m", 1, 5).choice("n", 20, 40).choice("q", 0, 8)
        .build(v -> {
          int n = v.get("n"), m = v.get("m");
          double lambda = 0.02 * Math.pow(10, v.get("q") / 8.0);
          return Setting.parse("loss=ce bias=none features=nonneg n=" + n + "," + n + "," + n + ","
              + m + "," + m + " d=5 M=1 lambdaW=" + Setting.formatNumber(lambda) + " lambdaH="
              + Setting.formatNumber(lambda));
        });
  }

  @Override
  public List<Check> checks() {
    return List.of(Check.COLLAPSED, COLLAPSED_CLASSIFIERS_COINCIDE);
  }
}

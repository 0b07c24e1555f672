package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.claim.Tolerances;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * The escalated search ({@link CompetitorSearch#escalation}) ends at its first certified run at
 * the predicted value, and the runs it does make are the full search's, run for run: the early end
 * only leaves runs out. Setting: a vanishing-λ deep bias-MSE setting of the -Psoundness profile's
 * costliest kind (every class live, the first search's L-BFGS runs uncertified at round-off).
 */
class EscalationTest {
  private static final String SETTING = "loss=mse bias=regularized features=free n=3,3,3 d=3 M=3 "
      + "lambdaW=3.1622776601683795e-9 lambdaH=1e-8 lambdaB=1e-3";

  @Test
  void endsAtTheFirstRunThatReachesThePredictedValueWithTheFullSearchsRuns() {
    Setting s = Setting.parse(SETTING);
    Prediction p = Catalogue.byId("mse-regularized-bias-deep").orElseThrow().predict(s).orElseThrow();
    double reached = p.optimalValue() + Verifier.atOptimum(p.optimalValue(), p.valueErrorBound());
    CompetitorSearch search = new CompetitorSearch(new Effort(List.of(1.0), 1, true, 2_000, false));
    // Control: a target no run can reach runs the whole search (random starts, then every ray).
    List<CompetitorSearch.Candidate> full = search.escalation(s, 1L, Double.NEGATIVE_INFINITY);
    List<CompetitorSearch.Candidate> early = search.escalation(s, 1L, reached);
    assertTrue(Verifier.reaches(early, reached), "no escalated run reached f* = " + p.optimalValue());
    assertTrue(early.size() < full.size(), early.size() + " of " + full.size() + " runs");
    assertTrue(full.stream().anyMatch(c -> c.origin().startsWith("class-means newton")));
    int at = -1;
    for (CompetitorSearch.Candidate c : early) {
      int i = indexOf(full, c.origin());
      assertTrue(i > at, c.origin() + " is not a run of the full search, in its order");
      assertEquals(Double.doubleToLongBits(full.get(i).run().objective()),
          Double.doubleToLongBits(c.run().objective()), c.origin());
      assertEquals(full.get(i).run().residual(), c.run().residual(), c.origin());
      at = i;
    }
    long reaching = early.stream().filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value()
        && c.run().objective() <= reached).count();
    assertEquals(1, reaching, "the search goes on after a run reached f*");
  }

  private static int indexOf(List<CompetitorSearch.Candidate> runs, String origin) {
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).origin().equals(origin)) {
        return i;
      }
    }
    return -1;
  }
}

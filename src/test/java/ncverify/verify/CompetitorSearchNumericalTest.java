package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import ncverify.problem.Setting;
import ncverify.theory.NumericalTheory;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 6: where no closed form covers a setting, predict's numerical best point joins the
 * candidates a declared conjecture is judged against (QuantityJudge), and it is certified there;
 * where a family covers the setting its own predicted point takes that place instead.
 */
class CompetitorSearchNumericalTest {
  private static boolean hasNumerical(CompetitorSearch.CandidateSet set) {
    return set.candidates().stream().anyMatch(c -> c.origin().contains(NumericalTheory.FAMILY));
  }

  @Test
  void theNumericalBestPointJoinsWhereNoFamilyCoversTheSetting() {
    CompetitorSearch search = new CompetitorSearch(Effort.standard());
    Setting deepReluFeatures = Setting.parse("loss=ce bias=none features=nonneg n=2,1 d=2 M=2 lambdaW=0.01 lambdaH=0.01");
    CompetitorSearch.CandidateSet set = search.withoutClaim(deepReluFeatures, 1, Map.of());
    assertTrue(set.family() == null);
    assertTrue(hasNumerical(set), "candidates: " + set.candidates());
    assertTrue(set.candidates().stream().filter(c -> c.origin().contains(NumericalTheory.FAMILY))
        .allMatch(c -> c.run().residual() <= ncverify.train.Certificate.CERTIFIED));
    // negative control: a setting a closed form covers gets the family's point, not the numerical one
    Setting covered = Setting.parse("loss=ce bias=none features=nonneg n=2,1 d=2 M=1 lambdaW=0.01 lambdaH=0.01");
    CompetitorSearch.CandidateSet closed = search.withoutClaim(covered, 1, Map.of());
    assertTrue(closed.family() != null);
    assertFalse(hasNumerical(closed));
  }
}

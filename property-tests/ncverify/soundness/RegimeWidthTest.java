package ncverify.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.verify.PropertyEngine;
import org.junit.jupiter.api.Test;

/**
 * The soundness regimes keep a claim's own width: zhu-ce-balanced-narrow (d = K − 1) was drawn at
 * d = K, K + 1 — the very settings of zhu-ce-balanced-ufm (1000 of 1000 identical in the complete
 * run on fea9323) and never the width it is about.
 */
class RegimeWidthTest {
  private static java.util.List<Setting> draws(String claim) {
    TheoryClaim c = Catalogue.byId(claim).orElseThrow();
    return PropertyEngine.standard().search(Soundness.regimes(c), 1, 60, 0, s -> s, s -> false)
        .trials().stream().map(PropertyEngine.Trial::setting)
        .filter(s -> c.outsideDomain(s).isEmpty()).toList();
  }

  @Test
  void theNarrowClaimIsJudgedAtItsOwnWidth() {
    var narrow = draws("zhu-ce-balanced-narrow");
    assertTrue(narrow.size() >= 30, "in-domain draws: " + narrow.size());
    for (Setting s : narrow) {
      assertEquals(s.K() - 1, s.rank(), s.toString());
    }
  }

  /** Control: the full-width claim is still drawn at d = K and K + 1. */
  @Test
  void theFullWidthClaimKeepsItsWidths() {
    var full = draws("zhu-ce-balanced-ufm");
    assertTrue(full.stream().allMatch(s -> s.d() >= s.K()), full.toString());
    assertTrue(full.stream().anyMatch(s -> s.d() == s.K() + 1), full.toString());
  }
}

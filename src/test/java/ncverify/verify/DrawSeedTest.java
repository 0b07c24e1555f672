package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import ncverify.claim.Claim;
import ncverify.claim.catalog.Catalogue;
import org.junit.jupiter.api.Test;

/**
 * Claims whose domains share their choices draw different settings at the same run seed
 * ({@link ClaimRunner#drawSeed}): before, p2-ce-relu-minority-collapse was judged on exactly the
 * class counts and widths of p2-ce-relu-imbalanced (and the two P1 MSE claims, the two Zhu
 * claims likewise), so two claims about one theory carried one set of settings' evidence.
 */
class DrawSeedTest {
  private static List<String> counts(Claim c, long seed) {
    return PropertyEngine.standard().search(c.domain(), seed, 8, 0, s -> s, s -> false).trials()
        .stream().map(t -> Arrays.toString(t.setting().counts()) + " d=" + t.setting().d()).toList();
  }

  @Test
  void overlappingClaimsDrawDifferentSettingsAtTheSameSeed() {
    for (String[] pair : new String[][] {{"p2-ce-relu-imbalanced", "p2-ce-relu-minority-collapse"},
        {"p1-mse-imbalanced-deep", "p1-mse-minority-collapse"}}) {
      Claim a = Catalogue.byId(pair[0]).orElseThrow();
      Claim b = Catalogue.byId(pair[1]).orElseThrow();
      // control: drawn with the plain run seed, the two claims get the same counts and widths
      assertEquals(counts(a, 1), counts(b, 1), pair[0]);
      assertNotEquals(counts(a, ClaimRunner.drawSeed(a.id(), 1)),
          counts(b, ClaimRunner.drawSeed(b.id(), 1)), pair[0]);
    }
  }

  @Test
  void theDrawSeedIsStableAndDependsOnSeedAndClaim() {
    assertEquals(ClaimRunner.drawSeed("x", 1), ClaimRunner.drawSeed("x", 1));
    assertNotEquals(ClaimRunner.drawSeed("x", 1), ClaimRunner.drawSeed("x", 2));
    assertNotEquals(ClaimRunner.drawSeed("x", 1), ClaimRunner.drawSeed("y", 1));
  }
}

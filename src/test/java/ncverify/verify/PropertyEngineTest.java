package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.claim.Domain;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class PropertyEngineTest {
  private static final Domain TOY = Domain.builder("K in 2..8, n in 1..50")
      .choice("K", 2, 8).choice("n", 1, 50)
      .build(v -> {
        int[] counts = new int[v.get("K")];
        java.util.Arrays.fill(counts, v.get("n"));
        return Setting.of(Loss.MSE, Bias.NONE, Features.FREE, counts, 8, 1, 1e-3, 1e-3);
      });

  @Test
  void shrinksToTheSmallestRefutingSetting() {
    // Refuted iff K >= 4 and n >= 10: the smallest refutation is K = 4, n = 10.
    var search = PropertyEngine.standard().search(TOY, 7, 200, 1000, s -> s,
        s -> s.K() >= 4 && s.count(0) >= 10);
    Setting smallest = search.smallestRefutation().setting();
    assertEquals(4, smallest.K());
    assertEquals(10, smallest.count(0));
  }

  @Test
  void reportsNoRefutationWhenNoneExists() {
    var search = PropertyEngine.standard().search(TOY, 7, 30, 100, s -> s, s -> false);
    assertNull(search.smallestRefutation());
    // QuickTheories skews draws towards range ends, so 30 examples may repeat a setting;
    // each distinct setting must be evaluated (and recorded) exactly once.
    long distinct = search.trials().stream().map(PropertyEngine.Trial::setting).distinct().count();
    assertEquals(distinct, search.trials().size());
    org.junit.jupiter.api.Assertions.assertTrue(distinct >= 20, "draws cover the domain: " + distinct);
  }

  @Test
  void sameSeedSameSettings() {
    var a = PropertyEngine.standard().search(TOY, 11, 20, 0, s -> s, s -> false);
    var b = PropertyEngine.standard().search(TOY, 11, 20, 0, s -> s, s -> false);
    assertEquals(a.trials(), b.trials());
  }
}

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

  @Test
  void drawsUntilEnoughDistinctCountedSettings() {
    // Only even n counts (a stand-in for "inside the claim's domain"): 40 distinct counted
    // settings must be evaluated, each once, although draws repeat and half do not count.
    var search = PropertyEngine.standard().searchDistinct(TOY, 7, 40, 1000, 0, s -> s,
        s -> s.count(0) % 2 == 0, s -> false);
    long counted = search.trials().stream().filter(t -> t.setting().count(0) % 2 == 0).count();
    assertEquals(40, counted);
    long distinct = search.trials().stream().map(PropertyEngine.Trial::setting).distinct().count();
    assertEquals(distinct, search.trials().size());
    // control: a plain search with as many draws as wanted settings judges fewer counted ones
    var plain = PropertyEngine.standard().search(TOY, 7, 40, 0, s -> s, s -> false);
    org.junit.jupiter.api.Assertions.assertTrue(plain.trials().stream()
        .filter(t -> t.setting().count(0) % 2 == 0).count() < 40);
  }

  @Test
  void stopsAtTheDrawCapWhenTheDomainIsTooSmall() {
    // 7 × 50 = 350 settings, 7 × 25 counted: 200 wanted cannot be reached; the cap ends the search
    var search = PropertyEngine.standard().searchDistinct(TOY, 7, 200, 2000, 0, s -> s,
        s -> s.count(0) % 2 == 0, s -> false);
    long counted = search.trials().stream().filter(t -> t.setting().count(0) % 2 == 0).count();
    org.junit.jupiter.api.Assertions.assertTrue(counted <= 175 && counted > 100, "counted " + counted);
  }
}

package ncverify.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.verify.PropertyEngine;
import org.junit.jupiter.api.Test;

/**
 * The -Psoundness verdicts do not depend on the scheduling: the same claims swept by
 * {@link SweepPool} with 1 and with 2 workers give, setting by setting, the same draws, verdicts,
 * reasons, objectives and run counts (that the pool's sweep is the sequential
 * {@link Soundness#sweep}'s is checked with a stand-in judge below). The claims cover the three kinds of theory whose numerics could depend
 * on threads: the CE logit-convex solve (LAPACK / Hipparchus eigensolver, hong), the ReLU-feature
 * CE theory (p2) and deep MSE (p1). Controls: one changed reason, and one setting swapped with
 * the next, are both reported as differences.
 */
class SweepPoolTest {
  private static final List<String> CLAIMS = List.of("hong-ce-imbalanced-no-relu",
      "p1-mse-minority-collapse", "p2-ce-relu-imbalanced");
  private static final int SETTINGS = 6;

  private static List<TheoryClaim> claims() {
    return CLAIMS.stream().map(id -> Catalogue.byId(id).orElseThrow()).toList();
  }

  @Test
  void oneAndTwoWorkersJudgeEverySettingAlike() {
    SweepPool.Run one = SweepPool.run(claims(), 1L, SETTINGS, 1, null);
    SweepPool.Run two = SweepPool.run(claims(), 1L, SETTINGS, 2, null);
    for (String id : CLAIMS) {
      assertEquals(SETTINGS, one.results().get(id).sweep().judged(), id);
      assertEquals(SETTINGS, one.results().get(id).settingCpu().size(), id);
    }
    assertEquals(List.of(), SweepPool.differences(one.results(), two.results()));
    assertEquals(2, two.workers().size());
    assertTrue(two.workers().stream().allMatch(w -> w.units() > 0), "both workers took work");

    // Control 1: one reason changed in one setting is found, and only there.
    Map<String, SweepPool.Result> changed = new LinkedHashMap<>(two.results());
    String id = CLAIMS.get(1);
    List<PropertyEngine.Trial<Optional<SettingOutcome>>> trials =
        new java.util.ArrayList<>(changed.get(id).sweep().trials());
    int at = firstInside(trials);
    SettingOutcome o = trials.get(at).result().orElseThrow();
    SettingOutcome other = new SettingOutcome(o.setting(), o.seed(), o.verdict(),
        o.reason() + " (changed)", o.prediction(), o.predictedObjective(), o.bestObjective(),
        o.deviations(), o.counterexample(), o.bestRun(), o.runs());
    trials.set(at, new PropertyEngine.Trial<>(trials.get(at).setting(), Optional.of(other)));
    changed.put(id, new SweepPool.Result(Soundness.summary(trials, null), 0, Map.of()));
    List<String> found = SweepPool.differences(one.results(), changed);
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).startsWith(id + " #" + (at + 1) + ":"), found::toString);

    // Control 2: the same outcomes in another order are found (draw order is compared).
    List<PropertyEngine.Trial<Optional<SettingOutcome>>> swapped =
        new java.util.ArrayList<>(two.results().get(id).sweep().trials());
    java.util.Collections.swap(swapped, 0, 1);
    Map<String, SweepPool.Result> reordered = new LinkedHashMap<>(two.results());
    reordered.put(id, new SweepPool.Result(Soundness.summary(swapped, null), 0, Map.of()));
    assertEquals(2, SweepPool.differences(one.results(), reordered).size());
  }

  /**
   * A refutation stops its claim and is shrunk exactly as the sequential sweep shrinks it. The
   * judging is a stand-in that refutes every setting with K >= 5 (no verifier: cheap, and a
   * refutation on demand); the other claim's sweep runs to its end. Control: the same stand-in
   * that refutes nothing judges every wanted setting.
   */
  @Test
  void aRefutationStopsItsClaimAndIsShrunkAsSequentially() {
    TheoryClaim claim = Catalogue.byId("sukenik-binary-deep-ce").orElseThrow();
    TheoryClaim refutable = Catalogue.byId("zhu-ce-balanced-ufm").orElseThrow();
    java.util.concurrent.atomic.AtomicInteger judged = new java.util.concurrent.atomic.AtomicInteger();
    SweepPool.Judge standIn = (c, s, seed) -> {
      judged.incrementAndGet();
      if (c.outsideDomain(s).isPresent()) {
        return Optional.empty();
      }
      if (c == refutable && s.K() >= 5) {
        ncverify.claim.Counterexample ce = new ncverify.claim.Counterexample(
            ncverify.claim.Counterexample.Kind.LOWER_OBJECTIVE, s, seed, 1.0, 0.5, "stand-in", "K >= 5");
        return Optional.of(SettingOutcome.refuted(ce, null, "stand-in refutation", Map.of(), null, 1));
      }
      return Optional.of(SettingOutcome.inconclusive(s, seed, "stand-in"));
    };
    int tries = 40;
    SweepPool.Run run = SweepPool.run(List.of(refutable, claim), 1L, tries, 2, null, standIn);
    Soundness.Sweep pooled = run.results().get(refutable.id()).sweep();
    Soundness.Sweep sequential = Soundness.sweep(refutable, 1L, tries, s -> standIn.judge(refutable, s, 1L));
    assertTrue(pooled.refuted() > 0);
    assertEquals(sequential.smallest().setting(), pooled.smallest().setting());
    assertTrue(pooled.smallest().setting().K() >= 5, "the shrunk setting still refutes");
    Map<String, SweepPool.Result> a = Map.of(refutable.id(), run.results().get(refutable.id()));
    Map<String, SweepPool.Result> b = Map.of(refutable.id(), new SweepPool.Result(sequential, 0, Map.of()));
    assertEquals(List.of(), SweepPool.differences(a, b));
    // stopped: fewer of the refuted claim's settings judged in the pool than wanted (the first
    // refutation comes early; at most one more setting per other worker was in flight)
    int first = firstRefuted(pooled.trials());
    assertTrue(run.results().get(refutable.id()).settingCpu().size() <= first + 2,
        run.results().get(refutable.id()).settingCpu().size() + " judged, first refutation #" + first);
    assertEquals(tries, run.results().get(claim.id()).sweep().judged(), "the other claim ran to its end");

    // Control: refuting nothing, the same claim is judged to the end.
    SweepPool.Run none = SweepPool.run(List.of(refutable), 1L, tries, 2, null,
        (c, s, seed) -> c.outsideDomain(s).isPresent() ? Optional.empty()
            : Optional.of(SettingOutcome.inconclusive(s, seed, "stand-in")));
    assertEquals(tries, none.results().get(refutable.id()).sweep().judged());
    assertEquals(0, none.results().get(refutable.id()).sweep().refuted());
    assertTrue(first + 2 < tries, "the control is informative: the refutation came before the end");
  }

  /** 1-based count of in-domain settings up to and including the first refuted one. */
  private static int firstRefuted(List<PropertyEngine.Trial<Optional<SettingOutcome>>> trials) {
    int inside = 0;
    for (PropertyEngine.Trial<Optional<SettingOutcome>> t : trials) {
      if (t.result().isPresent()) {
        inside++;
        if (t.result().get().verdict() == ncverify.claim.Verdict.REFUTED) {
          return inside;
        }
      }
    }
    throw new AssertionError("nothing refuted");
  }

  private static int firstInside(List<PropertyEngine.Trial<Optional<SettingOutcome>>> trials) {
    for (int i = 0; i < trials.size(); i++) {
      if (trials.get(i).result().isPresent()) {
        return i;
      }
    }
    throw new AssertionError("no setting inside the domain");
  }
}

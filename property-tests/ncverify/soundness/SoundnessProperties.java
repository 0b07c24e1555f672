package ncverify.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import ncverify.claim.TheoryClaim;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No true claim is refuted on settings drawn across every regime ({@link Soundness}).
 * {@code mvn verify -Psoundness} judges 1000 settings per claim ({@code -Dncverify.soundness.tries=N}
 * for N), {@code -Dncverify.seed=S} for other draws. The default run judges a small fixed sample
 * (3 settings per claim, seed 1, about 15 s on 2 idle cores): some regimes (λ ~ 1e-12, thresholds
 * bisected over 40 predictions) cost much more per setting; the failing inputs are in the
 * default run too (FailingInputsTest). Under -Psoundness the claims run concurrently (JUnit's
 * parallel mode, enabled by the profile only, -Dncverify.workers workers, 2 by default); each
 * claim's sweep is seeded, on one native thread and shares nothing with the others, so its results
 * do not depend on the scheduling. Each claim's counts and
 * CPU time go to {@code target/soundness/CLAIM.txt}.
 */
@Execution(ExecutionMode.CONCURRENT)
class SoundnessProperties {
  static {
    // One native thread, as every judging command has (cli.NativeSetup.judgingThreads): LAPACK's
    // eigendecomposition (the CE logit-convex Newton step) is not bit-identical across OpenBLAS
    // thread counts, and with the claims running concurrently a per-call thread pool would make a
    // claim's figures depend on the scheduling. It also makes each claim's thread CPU time (the
    // figure in target/soundness/CLAIM.txt) the whole of its cost.
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
    org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(1);
  }

  static final int TRIES = Integer.getInteger("ncverify.soundness.tries", 3);
  static final long SEED = Long.getLong("ncverify.seed", 1L);

  /** -Dncverify.soundness.claims=ID,ID… sweeps only those claims (for measurements); all by default. */
  static final String ONLY = System.getProperty("ncverify.soundness.claims", "");

  static Stream<TheoryClaim> trueClaims() {
    java.util.List<String> only = java.util.Arrays.stream(ONLY.split(",")).map(String::trim)
        .filter(x -> !x.isEmpty()).toList();
    return Soundness.trueClaims().stream().filter(c -> only.isEmpty() || only.contains(c.id()))
        .sorted(java.util.Comparator.comparingInt(c -> costRank(c.id())));
  }

  /**
   * The claims' sweeps, costliest first, from the thread CPU seconds of the complete -Psoundness
   * run on main b7922d3 (issue 11, stop 19: sukenik-relu-dnc-two-layers 1497 s,
   * mse-nonneg-features 702, sukenik-relu-dnc-binary 236, hong-ce-imbalanced-no-relu 226, …,
   * sukenik-binary-deep-ce 4). JUnit's workers take the parameters from the front, so the longest
   * sweep starts at once and the short ones fill the other worker (longest-processing-time-first
   * scheduling): the wall time is then about max(longest, total / workers), not longest + the
   * rest. Claims not listed run after these, in catalogue order.
   */
  static final java.util.List<String> COSTLIEST_FIRST = java.util.List.of(
      "sukenik-relu-dnc-two-layers", "mse-nonneg-features", "sukenik-relu-dnc-binary",
      "hong-ce-imbalanced-no-relu", "mse-regularized-bias-deep", "p1-mse-balanced-bias-deep",
      "p1-mse-imbalanced-bias", "mse-regularized-bias", "p1-mse-balanced-deep",
      "p1-mse-imbalanced-deep", "p1-mse-minority-collapse", "zhou-ls-balanced-ufm",
      "zhu-ce-balanced-ufm", "p2-ce-relu-imbalanced", "zhou-focal-balanced-ufm",
      "p2-ce-relu-minority-collapse", "zhu-ce-balanced-narrow", "sukenik-binary-deep-ce");

  private static int costRank(String id) {
    int rank = COSTLIEST_FIRST.indexOf(id);
    return rank >= 0 ? rank : COSTLIEST_FIRST.size();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trueClaims")
  void noTrueClaimIsRefuted(TheoryClaim claim) {
    org.junit.jupiter.api.Assumptions.assumeTrue(TRIES > 0, "sweep runs with -Psoundness");
    long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Soundness.Sweep sweep = Soundness.sweep(claim, SEED, TRIES);
    double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
        - cpu0) / 1e9;
    Soundness.writeSummary(claim, SEED, TRIES, sweep, cpu);
    assertEquals(0, sweep.refuted(), () -> claim.id() + " refuted at '"
        + sweep.smallest().setting() + "': " + sweep.smallest().result().map(o -> o.reason()
            + " / " + o.counterexample()).orElse(""));
    // At least `tries` DISTINCT settings inside the claim's domain (a repeated draw is judged once).
    assertTrue(sweep.judged() >= TRIES, claim.id() + ": the regime generator gave only "
        + sweep.judged() + " distinct settings inside the claim's domain in "
        + Soundness.MAX_DRAWS_PER_SETTING * TRIES + " draws (" + sweep.trials().size()
        + " distinct drawn), fewer than the " + TRIES + " wanted");
  }
}

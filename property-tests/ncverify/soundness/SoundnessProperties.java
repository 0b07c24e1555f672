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

  /**
   * {@code -Dncverify.soundness.claims=ID,ID} restricts the sweep to those claims (e.g. to measure
   * one family's verdicts before and after a change); all true claims by default.
   */
  static Stream<TheoryClaim> trueClaims() {
    String only = System.getProperty("ncverify.soundness.claims", "");
    java.util.Set<String> ids = java.util.Set.of(only.split(","));
    return Soundness.trueClaims().stream().filter(c -> only.isBlank() || ids.contains(c.id()));
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
    assertTrue(sweep.judged() > 0, claim.id() + ": no drawn setting was in its domain");
  }
}

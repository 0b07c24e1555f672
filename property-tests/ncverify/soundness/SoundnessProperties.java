package ncverify.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import ncverify.claim.TheoryClaim;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No true claim is refuted on settings drawn across every regime ({@link Soundness}). The default
 * run judges {@link #TRIES} settings per claim; {@code mvn verify -Psoundness} judges 1000 per
 * claim ({@code -Dncverify.soundness.tries=N} for N), {@code -Dncverify.seed=S} for other draws.
 */
class SoundnessProperties {
  static final int TRIES = Integer.getInteger("ncverify.soundness.tries", 2);
  static final long SEED = Long.getLong("ncverify.seed", 1L);

  static Stream<TheoryClaim> trueClaims() {
    return Soundness.trueClaims().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trueClaims")
  void noTrueClaimIsRefuted(TheoryClaim claim) {
    Soundness.Sweep sweep = Soundness.sweep(claim, SEED, TRIES);
    assertEquals(0, sweep.refuted(), () -> claim.id() + " refuted at '"
        + sweep.smallest().setting() + "': " + sweep.smallest().result().map(o -> o.reason()
            + " / " + o.counterexample()).orElse(""));
    assertTrue(sweep.judged() > 0, claim.id() + ": no drawn setting was in its domain");
  }
}

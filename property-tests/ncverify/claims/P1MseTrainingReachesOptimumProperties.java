package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.ClaimResult;
import ncverify.claim.SettingOutcome;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code p1-mse-training-reaches-optimum}. The suite refutes it: for
 * M ≥ 2 the origin is a strict local minimum (THEORY.md §7) and the papers' initialisation
 * N(0, 0.1²) can settle there, at f(0), while a non-collapsed global minimiser exists.
 */
class P1MseTrainingReachesOptimumProperties extends ClaimContract {
  P1MseTrainingReachesOptimumProperties() {
    super("p1-mse-training-reaches-optimum");
  }

  @Test
  void theCounterexampleIsTrainingStuckAtTheOrigin() {
    ClaimResult r = ClaimHarness.judge(claim());
    SettingOutcome c = r.counterexample();
    assertEquals("TRAINING_STUCK", c.counterexample().kind().name(), c.reason());
    double atOrigin = new Objective(c.setting()).value(new double[new Layout(c.setting()).size()]);
    assertEquals(atOrigin, c.counterexample().competingObjective(), 1e-9 * Math.max(1, atOrigin),
        "training ends at the origin's value");
    assertTrue(c.counterexample().competingObjective() > c.predictedObjective(), c.reason());
  }
}

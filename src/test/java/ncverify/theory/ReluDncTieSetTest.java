package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.Tolerances;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Objective;
import ncverify.train.Certificate;
import ncverify.verify.TieSetTest;
import ncverify.verify.Verifier;
import org.junit.jupiter.api.Test;

/**
 * The derivation behind {@link ReluDncTheory.Projections}, checked on the ReLU objective itself at an
 * exact threshold (K = 3, M = 2): the member z·V Vᵀ built for a non-negative V with orthonormal
 * columns (collapsed subsets, and classes 0 and 1 sharing one direction) has the optimal value and
 * is certified stationary, kinks included; the control, the same construction with a V that has a
 * negative entry (orthonormal, but not ≥ 0), is not: the ReLU cuts the negative pre-activations,
 * so the linear head's value is not reached there.
 */
class ReluDncTieSetTest {
  private static final double S = Math.sqrt(0.5);

  @Test
  void nonNegativeGroupsAreOptimalAndANegativeEntryIsNot() {
    Prediction p = TieSetTest.atTie(Catalogue.byId("sukenik-relu-dnc-two-layers").orElseThrow(),
        TieSetTest.RELU_BASE);
    ReluDncTheory.Projections set = (ReluDncTheory.Projections) p.tieSet();
    Objective f = new Objective(p.setting());
    double bound = Verifier.atOptimum(p.optimalValue(), p.valueErrorBound());
    double[][][] members = {
        {{1}, {0}, {0}},                       // class 0 live, 1 and 2 collapsed
        {{1, 0}, {0, 0}, {0, 1}},              // classes 0 and 2 live
        {{0.6}, {0.8}, {0}},                   // classes 0 and 1 on one direction, 2 collapsed
        {{S, 0}, {S, 0}, {0, 1}}};             // {0, 1} grouped, 2 on its own
    for (double[][] v : members) {
      Prediction m = set.member(v);
      assertEquals(p.optimalValue(), f.value(m.minimiser()), bound, "value of a member");
      assertTrue(Certificate.residual(f, m.minimiser()) <= Tolerances.PREDICTED_STATIONARITY.value(),
          "a member is stationary");
    }
    assertEquals(ReluDncTheory.GROUPED_FAMILY, set.member(members[2]).family());
    assertEquals(ReluDncTheory.FAMILY, set.member(members[1]).family());
    Prediction negative = set.member(new double[][] {{0.6}, {-0.8}, {0}});
    assertTrue(f.value(negative.minimiser()) > p.optimalValue() + 100 * bound,
        "a direction with a negative entry loses the linear value under the ReLU");
  }
}

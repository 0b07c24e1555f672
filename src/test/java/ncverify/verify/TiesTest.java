package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.claim.SettingOutcome;
import ncverify.claim.SymmetriesTest;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Verdict;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Ties accept the tied structures the theory lists, and only those (issue 11, "Ties flagged by the
 * theory accept every tied structure"). At the exact tie of issue 11 item 3 (n = 1, 1, M = 2,
 * b/n = β_2) the global minimisers are the origin, one class live (either, or any unit mix of the
 * two equal-count classes) and both live.
 */
class TiesTest {
  static final String TIE = "loss=mse bias=none features=free n=1,1 d=2 M=2 lambdaW=1 lambdaH=0.0078125";
  private static final TheoryClaim CLAIM = Catalogue.byId("p1-mse-imbalanced-deep").orElseThrow();

  private static Prediction predicted() {
    return CLAIM.predict(Setting.parse(TIE)).orElseThrow();
  }

  /** The structure with class `live` live (the other collapsed), from the theory's list. */
  private static Prediction oneLive(Prediction p, int live) {
    return p.tied().stream().filter(q -> q.collapsed().length == 1 && q.collapsed()[0] == 1 - live)
        .findFirst().orElseThrow();
  }

  @Test
  void everyListedTiedStructureIsAcceptedAlsoWhenTheEqualCountClassesMix() {
    Prediction p = predicted();
    assertEquals(3, p.tied().size());
    for (Prediction q : p.tied()) {
      assertEquals(p.optimalValue(), q.optimalValue(), 1e-12, "a tied structure has the optimal value");
      assertNotNull(Verifier.tiedStructure(CLAIM, p, q.minimiser()));
    }
    // one live mode along a mix of the two classes (the equal-count symmetry): still tied
    double[] mixed = SymmetriesTest.mixClasses(Setting.parse(TIE), oneLive(p, 0).minimiser(), 0, 1, 0.6);
    assertNotNull(Verifier.tiedStructure(CLAIM, p, mixed));
  }

  /**
   * A structure the list does not hold is not accepted: with the one-live structures removed from
   * the list, the one-live point (optimal value, certified) has no tied structure, and judging it
   * goes through rule (c) and is not VERIFIED; with the full list the same search is VERIFIED.
   */
  @Test
  void aStructureNotAmongTheTiedOnesIsNotAccepted() {
    Prediction p = predicted();
    Prediction bothLiveOnly = p.withTied(p.tied().stream().filter(q -> q.collapsed().length == 0).toList());
    double[] one = oneLive(p, 0).minimiser();
    assertNull(Verifier.tiedStructure(CLAIM, bothLiveOnly, one));
    assertNull(Verifier.tiedStructure(CLAIM, bothLiveOnly,
        SymmetriesTest.mixClasses(Setting.parse(TIE), one, 0, 1, 0.6)));
    SettingOutcome restricted = new Verifier().judge(CLAIM, bothLiveOnly, 1L);
    assertNotEquals(Verdict.VERIFIED, restricted.verdict(), restricted.reason());
    SettingOutcome full = new Verifier().judge(CLAIM, p, 1L);
    assertEquals(Verdict.VERIFIED, full.verdict(), full.reason());
  }

  /**
   * Negative control: tied structures with wrong per-class lengths (‖h̄_k‖² 10% off, the Grams
   * scaled alike) accept nothing; the value alone is not enough.
   */
  @Test
  void aWrongTiedStructureAcceptsNothing() {
    Prediction p = predicted();
    List<Prediction> wrong = p.tied().stream().map(q -> q.withGrams(scaled(q.wGram(), 1.1),
        scaled(q.hGram(), 1.1))).toList();
    Prediction wrongTies = p.withTied(wrong);
    double[] one = oneLive(p, 1).minimiser();
    assertNotNull(Verifier.tiedStructure(CLAIM, p, one), "control: the right list accepts it");
    assertNull(Verifier.tiedStructure(CLAIM, wrongTies, one));
    // the whole judgement: before, a flagged tie accepted any point at the optimal value, so this
    // wrong list was VERIFIED; now the live optima are judged by rule (c) (a near-tie here)
    SettingOutcome o = new Verifier().judge(CLAIM, wrongTies, 1L);
    assertNotEquals(Verdict.VERIFIED, o.verdict(), o.reason());
  }

  /** Where no tie is flagged nothing is accepted as tied. */
  @Test
  void noTieNoTiedStructure() {
    Prediction p = CLAIM.predict(Setting.parse(TIE.replace("lambdaH=0.0078125", "lambdaH=0.001")))
        .orElseThrow();
    assertTrue(!p.atThreshold() && p.tied().isEmpty());
    assertNull(Verifier.tiedStructure(CLAIM, p, p.minimiser()));
  }

  private static double[][] scaled(double[][] a, double factor) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] *= factor;
      }
    }
    return out;
  }

  /**
   * The narrow-features cut among equal counts (r = 2 live of three classes with n = 2): the theory
   * lists the other two choices of the live pair, and any point at the optimum (its live plane
   * mixes the three equal classes) is accepted: VERIFIED, with the tie in the reason.
   */
  @Test
  void theNarrowFeaturesCutListsEveryChoiceOfTheLiveClasses() {
    TheoryClaim narrow = Catalogue.byId("mse-narrow-features").orElseThrow();
    Setting s = Setting.parse("loss=mse bias=none features=free n=2,2,2 d=2 M=1 lambdaW=0.01 lambdaH=0.01");
    Prediction p = narrow.predict(s).orElseThrow();
    assertTrue(p.atThreshold());
    assertEquals(List.of(List.of(1), List.of(0)), p.tied().stream()
        .map(q -> java.util.Arrays.stream(q.collapsed()).boxed().toList()).toList());
    SettingOutcome o = new Verifier().judge(narrow, s, 1L);
    assertEquals(Verdict.VERIFIED, o.verdict(), o.reason());
  }

  /**
   * A theory that flags a tie without listing its structures cannot characterise them: a point at
   * the optimal value with another structure is INCONCLUSIVE with that reason (before: every point
   * at the optimal value was accepted, VERIFIED). Control: with the list the same run is VERIFIED.
   */
  @Test
  void aTieTheTheoryDoesNotListIsInconclusiveNeverVerifiedByDefault() {
    Prediction p = predicted();
    Prediction unlisted = p.withTied(List.of());
    SettingOutcome o = new Verifier().judge(CLAIM, unlisted, 1L);
    assertEquals(Verdict.INCONCLUSIVE, o.verdict(), o.reason());
    assertTrue(o.reason().contains("does not list its tied structures"), o.reason());
    SettingOutcome listed = new Verifier().judge(CLAIM, p, 1L);
    assertEquals(Verdict.VERIFIED, listed.verdict(), listed.reason());
  }

  /**
   * P2's CE with ReLU features (separable per class, d ≥ K): a hair inside the threshold of
   * class 0 (its margin's critical point 2e-6, tied with 0 in value) the theory lists the other
   * choices (margin = the root) with the same value, each accepted as tied.
   */
  @Test
  void ceReluListsItsTiedMarginChoices() {
    double ck = 0.5 * (1 - 1e-6); // K = 2, n = 1, 1: c_k = sqrt(2 λ_W λ_H), threshold c_k = 1/2
    String lambda = Setting.formatNumber(ck / Math.sqrt(2));
    Setting s = Setting.parse("loss=ce bias=none features=nonneg n=1,1 d=2 M=1 lambdaW=" + lambda
        + " lambdaH=" + lambda);
    TheoryClaim relu = Catalogue.byId("p2-ce-relu-imbalanced").orElseThrow();
    Prediction p = relu.predict(s).orElseThrow();
    assertTrue(p.atThreshold(), "the tie is flagged");
    assertEquals(3, p.tied().size(), "either class, or both, at its tied root");
    for (Prediction q : p.tied()) {
      assertEquals(p.optimalValue(), q.optimalValue(), 1e-12 * Math.abs(p.optimalValue()));
      assertTrue(q.collapsed().length < p.collapsed().length, "a listed choice has a live class");
      assertNotNull(Verifier.tiedStructure(relu, p, q.minimiser()));
    }
    // The threshold is continuous (the root tends to 0): the tied structures differ from the
    // chosen one by less than the checks resolve. Control: a point with another structure (the
    // live point scaled by 30, margins ×900) is accepted by none of them.
    double[] live = p.tied().get(p.tied().size() - 1).minimiser();
    double[] other = scaledVector(live, 30);
    assertNull(Verifier.tiedStructure(relu, p, other), "control: another structure is not tied");
  }

  private static double[] scaledVector(double[] v, double factor) {
    return java.util.Arrays.stream(v).map(x -> x * factor).toArray();
  }
}

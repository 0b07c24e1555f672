package ncverify.conjectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.ClaimResult;
import ncverify.verify.ClaimRunner;
import ncverify.claim.Comparison;
import ncverify.claim.Verdict;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/** The example user conjecture, judged like a catalogue claim, with its negative control. */
class CollapsedClassifiersCoincideProperties {
  private static final CollapsedClassifiersCoincide CONJECTURE = new CollapsedClassifiersCoincide();

  @Test
  void holdsOnGeneratedSettings() {
    ClaimResult r = new ClaimRunner().run(CONJECTURE, 1L, 4 * Integer.getInteger("ncverify.tries", 1),
        o -> { });
    assertEquals(Verdict.VERIFIED, r.verdict(), r.outcomes().toString());
    assertTrue(r.worstDeviations().containsKey("collapsed-classifiers-coincide"),
        "the conjecture's own check was measured");
  }

  @Test
  void negativeControlTheCheckSeesDistinctClassifiers() {
    // At the predicted minimiser the check is ~0; moving one collapsed class's classifier row
    // must make it large.
    Setting s = Setting.parse("loss=ce bias=none features=nonneg n=30,30,30,2,2 d=5 M=1 "
        + "lambdaW=0.05 lambdaH=0.05");
    Prediction p = CONJECTURE.predict(s).orElseThrow();
    assertTrue(p.collapsed().length >= 2, "setting collapses two classes");
    double[] x = p.minimiser().clone();
    Layout layout = new Layout(s);
    int k = p.collapsed()[0];
    for (int c = 0; c < s.d(); c++) {
      x[layout.w(1, k, c)] += 0.5;
    }
    assertTrue(CollapsedClassifiersCoincide.spreadOfCollapsedClassifiers(new Comparison(p, p.minimiser())) < 1e-12);
    assertTrue(CollapsedClassifiersCoincide.spreadOfCollapsedClassifiers(new Comparison(p, x)) > 0.1);
  }
}

package ncverify.cli;

import ncverify.core.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import java.util.List;
import ncverify.train.Certificate;
import ncverify.train.CertifiedSearch;
import ncverify.train.Initializer;
import ncverify.train.MultiStart;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

/** train's progress wrapper changes no number and reports the certificate and an estimate. */
class TrainingProgressTest {
  @Test
  void theWrappedRunIsTheSameRunAndItsLinesShowResidualAndEstimate() {
    // vanishing λ: many iterations, and L-BFGS re-centres the objective (the wrapper follows)
    Setting s = Setting.parse("loss=mse bias=free features=free n=3,2 d=3 M=1 lambdaW=1e-9 lambdaH=1e-9");
    Run plain = new Lbfgs().minimize(new Objective(s), 1, 0.5);
    StringWriter text = new StringWriter();
    TrainingProgress watched = new TrainingProgress(new Objective(s), new PrintWriter(text),
        Certificate.CERTIFIED, 100_000, 0, 0);
    Run run = new Lbfgs().minimize(watched, 1, 0.5);
    assertArrayEquals(plain.x(), run.x());
    assertEquals(plain.objective(), run.objective());
    assertEquals(plain.iterations(), run.iterations());
    assertTrue(watched.printed());
    String[] lines = text.toString().split("\n");
    assertTrue(lines.length > 100, "one line per evaluation at period 0: " + lines.length);
    assertTrue(lines[0].startsWith("train: 2 evaluations, f="), lines[0]);
    String last = lines[lines.length - 1];
    assertTrue(last.contains("residual") && last.contains("about") && last.contains("left"), last);
    // singular for one: the count reads "1 evaluation"
    assertEquals("1 evaluation", Progress.count(1, "evaluation"));
  }

  @Test
  void aShortRunPrintsNothing() {
    Setting s = Setting.parse("loss=mse bias=none features=free n=2,2 d=2 M=1 lambdaW=0.1 lambdaH=0.1");
    StringWriter text = new StringWriter();
    TrainingProgress watched = new TrainingProgress(new Objective(s), new PrintWriter(text),
        Certificate.CERTIFIED, 100_000, 3600, 3600);
    new Lbfgs().minimize(watched, 1, 0.5);
    assertEquals("", text.toString());
  }

  @Test
  void theObservedClassMeanSearchIsTheSameSearchAndItsStartsAreCounted() {
    // deep imbalanced MSE: Newton-CG on the class means; --global adds the structured starts
    Setting s = Setting.parse("loss=mse bias=none features=free n=5,5,1,1 d=4 M=3 lambdaW=1e-3 lambdaH=1e-3");
    CertifiedSearch plainSearch = new CertifiedSearch(s);
    Run plain = plainSearch.fromReduced(Initializer.start(plainSearch.reducedObjective(), 1, 0.5), 1);
    CertifiedSearch search = new CertifiedSearch(s);
    StringWriter text = new StringWriter();
    search.observe(TrainingProgress.observer(new PrintWriter(text), Certificate.CERTIFIED, 0, 0));
    Run run = search.fromReduced(Initializer.start(search.reducedObjective(), 1, 0.5), 1);
    assertArrayEquals(plain.x(), run.x());
    assertEquals(plain.objective(), run.objective());
    assertEquals(plain.iterations(), run.iterations());
    String[] lines = text.toString().split("\n");
    assertTrue(lines.length > 5 && lines[0].startsWith("train: 2 evaluations, f="), text.toString());

    search.observe(java.util.function.UnaryOperator.identity());
    StringWriter starts = new StringWriter();
    List<MultiStart.Candidate> all = TrainCommand.withStructuredStarts(search,
        new MultiStart.Candidate("seed", run), 1, new TrainCommand.StartsProgress(new PrintWriter(starts), 0));
    List<MultiStart.Candidate> quiet = TrainCommand.withStructuredStarts(plainSearch,
        new MultiStart.Candidate("seed", plain), 1);
    assertEquals(quiet.size(), all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(quiet.get(i).origin(), all.get(i).origin());
      assertEquals(quiet.get(i).run().objective(), all.get(i).run().objective());
    }
    String[] startLines = starts.toString().split("\n");
    assertEquals(all.size() - 1, startLines.length, starts.toString());
    assertTrue(startLines[0].startsWith("train --global: 1/" + all.size() + " starts ("), startLines[0]);
    assertTrue(startLines[startLines.length - 1].contains("left)"), starts.toString());
  }
}

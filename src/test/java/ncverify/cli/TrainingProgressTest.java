package ncverify.cli;

import ncverify.core.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
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
}

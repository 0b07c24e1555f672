package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
import ncverify.train.Lbfgs;
import ncverify.train.Run;
import org.junit.jupiter.api.Test;

class TrainCommandTest {

  static final String SETTING = "loss=mse bias=none features=free n=4,3,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01";

  /** Runs the CLI; returns {exit code, stdout, stderr}. */
  static Object[] run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void jsonOutputIsOneParseableObjectWithObjectiveAndResidual() throws Exception {
    Object[] r = run("train", SETTING, "--seed", "3", "--json");
    assertEquals(0, r[0], (String) r[2]);
    JsonNode json = new ObjectMapper().readTree((String) r[1]);
    assertTrue(json.get("objective").isNumber() && json.get("residual").isNumber(), json.toString());
    assertEquals("CONVERGED", json.get("status").asText());
    assertEquals(3, json.get("seed").asLong());
    assertEquals(Setting.parse(SETTING).toString(), json.get("setting").asText());
    assertTrue(json.get("residual").asDouble() <= Certificate.CERTIFIED);
    // the printed numbers are the run's numbers: the same seed through the library gives the same
    Run direct = new Lbfgs().minimize(new Objective(Setting.parse(SETTING)), 3,
        TrainCommand.DEFAULT_INIT_SCALE);
    assertEquals(direct.objective(), json.get("objective").asDouble(), 0.0);
    assertEquals(direct.iterations(), json.get("iterations").asInt());
  }

  /**
   * The time train prints is CPU time (the process's, all threads), labelled, and the wall time of
   * the optimiser is labelled "wall": on a shared machine an unlabelled wall time read as the cost
   * (fresh-user pass). No magnitude is asserted (no timed tests), only the labels and that the CPU
   * figure is a number, in text and JSON.
   */
  @Test
  void theTimeLineIsCpuTimeAndWallTimeIsLabelled() throws Exception {
    Object[] r = run("train", SETTING, "--seed", "3");
    assertEquals(0, r[0], (String) r[2]);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^time +([0-9.]+) s CPU \\(process, all threads\\); ([0-9.]+) s wall in the optimiser$")
        .matcher((String) r[1]);
    assertTrue(m.find(), (String) r[1]);
    // a warm JVM trains this setting in under a millisecond: the figure may print as 0.000
    assertTrue(Double.parseDouble(m.group(1)) >= 0, m.group());
    // control: the old, unlabelled form would not match
    assertTrue(!java.util.regex.Pattern.compile("(?m)^time +[0-9.]+ s CPU").matcher("time       0.123 s").find());
    JsonNode json = new ObjectMapper().readTree((String) run("train", SETTING, "--seed", "3", "--json")[1]);
    assertTrue(json.get("cpuSeconds").isNumber() && json.get("cpuSeconds").asDouble() >= 0, json.toString());
    assertTrue(json.get("seconds").isNumber(), json.toString());
  }

  @Test
  void negativeControlTextOutputIsNotJson() {
    Object[] r = run("train", SETTING, "--seed", "3", "--optimizer", "gd", "--max-iterations", "50");
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("status     MAX_ITERATIONS"), (String) r[1]);
    assertThrows(Exception.class, () -> new ObjectMapper().readTree((String) r[1]).get("objective").asDouble());
  }

  @Test
  void badOptionsExitWith2() {
    assertEquals(ExitCode.BAD_INPUT.code(), run("train", SETTING, "--seed", "1", "--init-scale", "-1")[0]);
    assertEquals(ExitCode.BAD_INPUT.code(), run("train", SETTING)[0]); // --seed is required
    assertEquals(ExitCode.BAD_INPUT.code(), run("train", SETTING, "--seed", "1", "--optimizer", "adam")[0]);
  }

  /**
   * User pass: --tolerance 0 is below the certificate's round-off floor and ran for over ten
   * minutes; it is refused (exit 2) naming the flag. A bad --momentum names --momentum.
   * Control: a tolerance at the floor's scale still trains and certifies.
   */
  @Test
  void aToleranceBelowRoundOffAndABadMomentumAreNamed() {
    Object[] zero = run("train", SETTING, "--seed", "1", "--tolerance", "0");
    assertEquals(ExitCode.BAD_INPUT.code(), zero[0], (String) zero[2]);
    assertTrue(((String) zero[2]).contains("--tolerance") && ((String) zero[2]).contains("round-off"),
        (String) zero[2]);
    Object[] momentum = run("train", SETTING, "--seed", "1", "--optimizer", "gd", "--momentum", "1.5");
    assertEquals(ExitCode.BAD_INPUT.code(), momentum[0]);
    assertTrue(((String) momentum[2]).startsWith("error: --momentum"), (String) momentum[2]);
    Object[] fine = run("train", SETTING, "--seed", "1", "--tolerance", "1e-12");
    assertEquals(0, fine[0], (String) fine[2]);
    assertTrue(((String) fine[1]).contains("status     CONVERGED"), (String) fine[1]);
  }

  @Test
  void benchCommandIsRegistered() {
    Object[] r = run("bench", "--help");
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("--certify-repetitions"));
  }

  /**
   * Issue 11 item 9: a fully collapsed optimum (every λ far above the collapse boundary) prints
   * "undefined" for every NC metric at every seed, never seed-dependent numbers. Negative control:
   * a live setting prints numbers.
   */
  @Test
  void aFullyCollapsedOptimumPrintsUndefinedMetricsAtEverySeed() {
    String collapsed = "loss=ce bias=none features=free n=2,2,2 d=3 M=2 lambdaW=0.5 lambdaH=0.5";
    for (String seed : new String[] {"1", "2", "3"}) {
      Object[] r = run("train", collapsed, "--seed", seed);
      assertEquals(0, r[0], (String) r[2]);
      String text = (String) r[1];
      assertTrue(text.contains("NC1        undefined") && text.contains("NC4        agreement undefined")
          && text.contains("NC3        nd(W, H̄ᵀ) undefined"), text);
    }
    String live = (String) run("train", SETTING, "--seed", "1")[1];
    assertTrue(!live.contains("undefined") && live.contains("NC4        agreement 1.000"), live);
  }

  /**
   * --init-scale 0 starts at W = H = 0, an exact critical point: L-BFGS and gradient descent
   * stop there at once and must not call it CONVERGED; Newton leaves it along negative curvature
   * (control: CONVERGED at f*), as does any start with --init-scale > 0 (control).
   */
  @Test
  void aStartAtTheOriginIsReportedAsACriticalPointNotAsConverged() {
    String s = "loss=mse bias=none features=free n=2,2 d=2 M=1 lambdaW=0.01 lambdaH=0.01";
    for (String opt : new String[] {"lbfgs", "gd"}) {
      CliRun r = CliRun.of("train", s, "--seed", "1", "--init-scale", "0", "--optimizer", opt);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("status     " + TrainCommand.CRITICAL_START + "\n"), r.out());
      assertTrue(!r.out().contains("CONVERGED"), r.out());
    }
    CliRun biased = CliRun.of("train", s.replace("bias=none", "bias=free"), "--seed", "1",
        "--init-scale", "0", "--json");
    assertTrue(biased.out().contains("\"stuckAtCriticalStart\":true"), "the bias moves, W and H "
        + "stay 0: " + biased.out());
    CliRun newton = CliRun.of("train", s, "--seed", "1", "--init-scale", "0", "--optimizer",
        "newton");
    assertTrue(newton.out().contains("status     CONVERGED\n"), newton.out());
    CliRun random = CliRun.of("train", s, "--seed", "1", "--json");
    assertTrue(random.out().contains("\"stuckAtCriticalStart\":false"), random.out());
    assertTrue(random.out().contains("\"status\":\"CONVERGED\""), "control: " + random.out());
    CliRun stuckJson = CliRun.of("train", s, "--seed", "1", "--init-scale", "0", "--json");
    assertTrue(stuckJson.out().contains("\"status\":\"CRITICAL_POINT_AT_THE_START\""),
        "JSON agrees with the text (user pass 7: it said CONVERGED): " + stuckJson.out());
  }

  /**
   * At M ≥ 2 the origin is a strict local minimum (Hessian = the regularisers'), so Newton stays
   * there too and the message must not recommend it (user pass 7); the M = 1 message does.
   */
  @Test
  void atDepthTwoTheOriginTrapsNewtonTooAndTheMessageSaysSo() {
    String s = "loss=mse bias=none features=free n=3,2 d=2 M=2 lambdaW=0.01 lambdaH=0.01";
    for (String opt : new String[] {"lbfgs", "newton"}) {
      CliRun r = CliRun.of("train", s, "--seed", "1", "--init-scale", "0", "--optimizer", opt);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("status     " + TrainCommand.CRITICAL_START_DEEP + "\n"), r.out());
      assertTrue(!r.out().contains("--optimizer newton"), r.out());
    }
    assertTrue(TrainCommand.CRITICAL_START.contains("--optimizer newton"), "control: M = 1 advice");
  }
}

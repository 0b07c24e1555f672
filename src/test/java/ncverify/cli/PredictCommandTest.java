package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PredictCommandTest {
  private static String[] run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void jsonHasTheRequiredFieldsAndMatchesThePrediction() throws Exception {
    String text = "loss=ce bias=none features=nonneg n=30,10,5,2 d=4 M=1 lambdaW=1e-2 lambdaH=1e-1";
    String[] r = run("predict", text, "--json");
    assertEquals("0", r[0], r[2]);
    JsonNode j = new ObjectMapper().readTree(r[1]);
    Prediction p = Theories.forSetting(Setting.parse(text)).orElseThrow().predict(Setting.parse(text));
    assertEquals("p2-ce-relu-imbalanced", j.get("family").asText());
    assertEquals(p.optimalValue(), j.get("optimal_value").asDouble(), 0);
    assertEquals(p.collapsed().length, j.get("collapsed").size());
    assertTrue(p.collapsed().length > 0, "this setting collapses its smallest class");
    assertEquals(p.collapsed()[0], j.get("collapsed").get(0).asInt());
    for (int k = 0; k < 4; k++) {
      assertEquals(p.wNormSq()[k], j.get("w_norm_sq").get(k).asDouble(), 0);
      assertEquals(p.hNormSq()[k], j.get("h_norm_sq").get(k).asDouble(), 0);
      assertEquals(p.margins()[k], j.get("margins").get(k).asDouble(), 0);
    }
  }

  @Test
  void mseJsonHasNoMarginsAndTextWorks() throws Exception {
    String text = "loss=mse bias=none features=free n=200,100,50,50 d=8 M=3 lambdaW=5e-4 lambdaH=5e-4";
    JsonNode j = new ObjectMapper().readTree(run("predict", text, "--json")[1]);
    assertTrue(j.get("margins") == null);
    String[] r = run("predict", text);
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("p1-mse-imbalanced-deep"), r[1]);
  }

  /**
   * ReLU head, K = 6 = C(4,2): from M = 4 on the triangular-graph point is below DNC, so DNC's value
   * is labelled as DNC's, not as the optimum; control: at M = 3 (ρ = 4/3) it is not lower and the
   * prediction keeps its "optimal value" line.
   */
  @Test
  void reluLowRankPointBeatsDncFromFourLayersOnly() throws Exception {
    String relu = "loss=mse bias=none features=free n=1,1,1,1,1,1 d=6 lambdaW=0.003 lambdaH=0.003 activation=relu ";
    String[] beaten = run("predict", relu + "M=4 widths=6,6,6");
    assertEquals("0", beaten[0], beaten[2]);
    assertTrue(beaten[1].contains("DNC value:") && beaten[1].contains("BEATEN")
        && !beaten[1].contains("optimal value:"), beaten[1]);
    JsonNode j = new ObjectMapper().readTree(run("predict", relu + "M=4 widths=6,6,6", "--json")[1]);
    assertTrue(j.get("relu_low_rank").get("dnc_beaten").asBoolean());
    assertTrue(j.get("relu_low_rank").get("value").asDouble() < j.get("optimal_value").asDouble());
    String[] kept = run("predict", relu + "M=3 widths=6,6");
    assertTrue(kept[1].contains("optimal value:") && kept[1].contains("not lower here")
        && !kept[1].contains("BEATEN"), kept[1]);
  }

  @Test
  void zeroRegulariserExitsWith3AndSaysWhy() {
    String[] r = run("predict", "loss=ce bias=none features=free n=3,2 d=2 M=2 lambdaW=1e-3 lambdaH=0");
    assertEquals(Integer.toString(ExitCode.NOT_COVERED.code()), r[0]);
    assertTrue(r[2].contains("no theory covers"), r[2]);
  }

  @Test
  void settingWithoutClosedFormGetsALabelledNumericalBestPoint() throws Exception {
    // Imbalanced deep CE (issue 13, item 6): no closed form; the best certified point, labelled.
    String text = "loss=ce bias=none features=free n=3,2 d=2 M=2 lambdaW=1e-3 lambdaH=1e-3";
    String[] r = run("predict", text);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("NUMERICAL") && r[1].contains("not a proven optimum"), r[1]);
    JsonNode j = new ObjectMapper().readTree(run("predict", text, "--json")[1]);
    assertTrue(j.get("numerical").asBoolean());
    assertTrue(j.get("candidate").asBoolean());
    // Negative control: a closed-form family is not labelled numerical.
    j = new ObjectMapper().readTree(run("predict",
        "loss=mse bias=none features=nonneg n=3,2 d=2 M=1 lambdaW=1e-3 lambdaH=1e-3", "--json")[1]);
    assertEquals("mse-nonneg-features", j.get("family").asText());
    assertTrue(!j.get("numerical").asBoolean());
  }

  @Test
  void badSettingExitsWith2() {
    String[] r = run("predict", "loss=mse n=3");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("setting key"), r[2]);
  }

  /**
   * Issue 13 item 1: for deep CE the ETF's value is never printed as "the optimum" where it is
   * beaten; the best known point is labelled an upper bound, and the switching boundary is shown.
   * Negative control: M = 1 (Zhu et al.'s theorem) still prints "optimal value".
   */
  @Test
  void deepCrossEntropyReportsTheBestKnownPointAsAnUpperBound() throws Exception {
    String setting = "loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.05";
    String[] r = run("predict", setting);
    assertEquals("0", r[0], r[2]);
    assertTrue(!r[1].contains("optimal value") && r[1].contains("ETF value:")
        && r[1].contains("UPPER BOUND") && r[1].contains("BEATEN") && r[1].contains("switching:"), r[1]);
    JsonNode j = new ObjectMapper().readTree(run("predict", setting, "--json")[1]);
    assertTrue(j.get("optimal_value") == null, j.toString());
    JsonNode deep = j.get("deep_ce");
    assertTrue(deep.get("best_known_is_upper_bound").asBoolean() && deep.get("etf_beaten").asBoolean());
    assertTrue(deep.get("best_known_value").asDouble() < 0.91 * j.get("etf_value").asDouble(), j.toString());
    assertTrue(deep.get("switching_boundaries").size() >= 1, j.toString());

    String[] zhu = run("predict", "loss=ce bias=none features=free n=1,1,1,1 d=4 M=1 lambdaW=0.05 lambdaH=0.05");
    assertTrue(zhu[1].contains("optimal value:") && !zhu[1].contains("UPPER BOUND"), zhu[1]);
  }

  /** At an exact tie predict lists the other tied structures (text and JSON); none elsewhere. */
  @Test
  void anExactTieListsItsTiedStructures() throws Exception {
    String tie = "loss=mse bias=none features=free n=1,1 d=2 M=2 lambdaW=1 lambdaH=0.0078125";
    String[] r = run("predict", tie);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("AT THRESHOLD") && r[1].contains("tied:          collapsed [1]; "
        + "collapsed [0]; collapsed []"), r[1]);
    JsonNode j = new ObjectMapper().readTree(run("predict", tie, "--json")[1]);
    assertEquals(3, j.get("tied_collapsed").size());
    String off = tie.replace("lambdaH=0.0078125", "lambdaH=0.001");
    assertTrue(!run("predict", off)[1].contains("tied:"));
    assertEquals(0, new ObjectMapper().readTree(run("predict", off, "--json")[1]).get("tied_collapsed").size());
  }
}

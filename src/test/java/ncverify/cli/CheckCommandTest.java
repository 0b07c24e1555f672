package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declarative conjecture path, end to end, with its negative controls. */
class CheckCommandTest {
  @TempDir
  Path dir;

  @Test
  void negativeControlUnclippedLengthsAreRefutedWithAReproducibleSetting() {
    CliRun r = CliRun.of("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj", "--tries", "6");
    assertTrue(r.out().startsWith("REFUTED"), r.out());
    String setting = r.out().replaceAll("(?s).*--setting '([^']*)'.*", "$1");
    CliRun again = CliRun.of("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj",
        "--setting", setting);
    assertTrue(again.out().startsWith("REFUTED"), again.out());
  }

  /**
   * Issue 11: shrinking moves λ to an end of its range. With ends off the quarter-decade grid
   * (0.0035 rounds to 10^-2.5 = 0.00316 < 0.0035, 0.09 to 0.1) the shrunk setting left the range
   * and the printed reproduce command was refused (exit 2); it must stay inside and refute again.
   */
  @Test
  void aCounterexampleShrunkToTheRangesEdgeReproduces() throws Exception {
    String text = Files.readString(Path.of("property-tests/conjectures/point-wrong.conj"))
        .replace("vary lambdaW: 1e-3..1e-1", "vary lambdaW: 0.0035..0.09")
        .replace("vary lambdaH: 1e-3..1e-1", "tie lambdaH: lambdaW");
    Path file = dir.resolve("off-grid.conj");
    Files.writeString(file, text);
    CliRun r = CliRun.of("check", file.toString(), "--tries", "4");
    assertTrue(r.out().startsWith("REFUTED"), r.out() + r.err());
    String setting = r.out().replaceAll("(?s).*--setting '([^']*)'.*", "$1");
    assertTrue(setting.contains("lambdaW=0.0035 ") || setting.contains("lambdaW=0.09 "),
        "shrunk to an end of the range: " + setting);
    CliRun again = CliRun.of("check", file.toString(), "--setting", setting);
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().startsWith("REFUTED"), again.out());
  }

  @Test
  void failOnRefutedExitsOneForCi() {
    String wrong = "property-tests/conjectures/point-wrong.conj";
    String setting = "loss=mse bias=none features=free n=1,1 d=2 M=1 lambdaW=0.1 lambdaH=0.1";
    CliRun gated = CliRun.of("check", wrong, "--setting", setting, "--fail-on", "refuted");
    assertEquals(1, gated.code(), gated.out() + gated.err());
    assertTrue(gated.out().startsWith("REFUTED") && gated.out().contains("LOWER_OBJECTIVE"), gated.out());
    CliRun plain = CliRun.of("check", wrong, "--setting", setting);
    assertEquals(0, plain.code(), "without --fail-on a verdict is not an error");
    CliRun right = CliRun.of("check", "property-tests/conjectures/point.conj", "--setting", setting,
        "--fail-on", "refuted");
    assertEquals(0, right.code(), right.out() + right.err());
    assertTrue(right.out().startsWith("VERIFIED"), right.out());
  }

  @Test
  void aConjectureJoinsAVerifyRun() {
    CliRun r = CliRun.of("verify", "--claim", "zhu-ce-balanced-ufm", "--conjecture",
        "property-tests/conjectures/etf-geometry-wrong.conj", "--tries", "1", "--no-report");
    assertTrue(r.out().contains("zhu-ce-balanced-ufm") && r.out().contains("user-zhu-orthogonal-frame-wrong"),
        r.out() + r.err());
    assertTrue(r.out().contains("reproduce: java -jar target/ncverify.jar check "
        + "property-tests/conjectures/etf-geometry-wrong.conj"), r.out());
  }

  @Test
  void aSettingOutsideTheFilesFixedKeysIsRefusedNotJudged() {
    // deep-layers.conj states P1 Theorem 2.1 for balanced bias-free MSE: an unbalanced or CE
    // setting is outside it and must not be judged (a user found it REFUTED there).
    String file = "property-tests/conjectures/deep-layers.conj";
    CliRun unbalanced = CliRun.of("check", file, "--setting",
        "loss=mse bias=none features=free n=3,1 d=2 M=2 lambdaW=0.01 lambdaH=0.01");
    assertEquals(2, unbalanced.code(), unbalanced.out() + unbalanced.err());
    assertTrue(unbalanced.err().contains("'n'") && unbalanced.err().contains("balanced"), unbalanced.err());
    CliRun ce = CliRun.of("check", file, "--setting",
        "loss=ce bias=none features=free n=2,2 d=2 M=2 lambdaW=0.01 lambdaH=0.01");
    assertEquals(2, ce.code(), ce.out() + ce.err());
    assertTrue(ce.err().contains("'loss'"), ce.err());
    CliRun outOfRange = CliRun.of("check", "property-tests/conjectures/etf-geometry.conj", "--setting",
        "loss=ce bias=free features=free n=2,2,2 d=4 M=1 lambdaW=5 lambdaH=5");
    assertEquals(2, outOfRange.code(), outOfRange.out() + outOfRange.err());
    assertTrue(outOfRange.err().contains("'lambdaW'") && outOfRange.err().contains("etf-geometry.conj:"),
        outOfRange.err());
    CliRun inside = CliRun.of("check", file, "--setting",
        "loss=mse bias=none features=free n=2,2 d=2 M=2 lambdaW=0.01 lambdaH=0.01");
    assertEquals(0, inside.code(), inside.out() + inside.err());
    assertTrue(inside.out().startsWith("VERIFIED"), inside.out());
  }

  @Test
  void aConjectureJoinsAVerifyRunAndItsReport() throws Exception {
    Path report = dir.resolve("report");
    CliRun r = CliRun.of("verify", "--claim", "zhu-ce-balanced-ufm", "--conjecture",
        "property-tests/conjectures/order.conj", "--tries", "1", "--report-dir", report.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(Files.readString(report.resolve("claims.md")).contains("user-mse-order"));
  }

  @Test
  void malformedFileNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.conj");
    Files.writeString(f, "id: x\ntitle: t\nthis line has no colon\n");
    CliRun r = CliRun.of("check", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.conj:3"), r.err());
    assertTrue(!r.err().contains("Exception"), "no stack trace: " + r.err());
  }

  @Test
  void expressionThatTriesToRunAProcessIsRefused() throws Exception {
    Path f = dir.resolve("evil.conj");
    String ok = Files.readString(Path.of("property-tests/conjectures/mse-m1-closed-form.conj"));
    Files.writeString(f, ok.replace("predict collapsed: nk <= Ntotal^2*lambdaW*lambdaH",
        "predict collapsed: Run[\"touch /tmp/ncverify-pwned\"]"));
    int line = 1 + java.util.List.of(ok.split("\n", -1)).indexOf(
        "predict collapsed: nk <= Ntotal^2*lambdaW*lambdaH");
    CliRun r = CliRun.of("check", f.toString(), "--tries", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("evil.conj:" + line + ":") && r.err().contains("not allowed"),
        "line " + line + ": " + r.err());
    assertTrue(!Files.exists(Path.of("/tmp/ncverify-pwned")));
  }

  private static final String HEADER = "id: x\ntitle: t\nsource: s\nstatus: THEOREM\n"
      + "setting: loss=mse bias=none features=free\nvary n: 1..4\n"
      + "vary lambdaW: 1e-3..1e-1\nvary lambdaH: 1e-3..1e-1\n";

  /** An empty vary range is reported on its line, and not again as a missing vary line. */
  @Test
  void aBadVaryRangeIsNotAlsoReportedAsMissing() throws Exception {
    Path f = dir.resolve("range.conj");
    Files.writeString(f, HEADER + "vary K: 5..2\npredict w_gram if k != j: 0\n");
    CliRun r = CliRun.of("check", f.toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("range.conj:9") && r.err().contains("5..2"), r.err());
    assertTrue(!r.err().contains("missing 'vary K"), r.err());
    // control: a file without any vary K line is still told it is missing
    Path g = dir.resolve("nok.conj");
    Files.writeString(g, HEADER + "predict w_gram if k != j: 0\n");
    CliRun missing = CliRun.of("check", g.toString());
    assertEquals(2, missing.code(), missing.out());
    assertTrue(missing.err().contains("missing 'vary K"), missing.err());
  }

  /** An expression that does not parse is refused when the file is read, with its line. */
  @Test
  void anUnparsableExpressionIsRefusedAtParseTimeWithItsLine() throws Exception {
    Path f = dir.resolve("syntax.conj");
    Files.writeString(f, HEADER + "vary K: 2..3\nassert: (((\nlet a: Sqrt[2\npredict w_gram if k != j: 0\n");
    CliRun r = CliRun.of("check", f.toString(), "--tries", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("syntax.conj:10: '(((' does not parse"), r.err());
    assertTrue(r.err().contains("syntax.conj:11: 'Sqrt[2' does not parse"), r.err());
    assertTrue(!r.err().contains("VERIFIED") && !r.out().contains("VERIFIED"), r.out());
  }

  /**
   * Scientific notation in an expression is the number it looks like (Symja alone reads 1e-6 as
   * E − 6): a true assertion with 1e-6 holds, and the same assertion with the inequality turned
   * round (the negative control) is refuted.
   */
  @Test
  void scientificNotationInAnAssertionIsTheNumberItLooksLike() throws Exception {
    Path f = dir.resolve("sci.conj");
    Files.writeString(f, HEADER + "vary K: 2..2\nassert: Min[hNormSq] >= -1e-6\n");
    CliRun r = CliRun.of("check", f.toString(), "--tries", "2");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("VERIFIED"), r.out());
    Path g = dir.resolve("sci-wrong.conj");
    Files.writeString(g, HEADER + "vary K: 2..2\nassert: Min[hNormSq] <= -1e-6\n");
    CliRun wrong = CliRun.of("check", g.toString(), "--tries", "2");
    assertTrue(wrong.out().contains("REFUTED"), wrong.out() + wrong.err());
  }

  /** -v prints one indented line per setting, in the same form as verify -v (one formatter). */
  @Test
  void verbosePrintsOneLinePerSetting() throws Exception {
    Path f = dir.resolve("v.conj");
    Files.writeString(f, HEADER + "vary K: 2..2\nassert: Min[hNormSq] >= -1e-6\n");
    CliRun r = CliRun.of("check", f.toString(), "--tries", "2", "-v");
    assertEquals(0, r.code(), r.out() + r.err());
    long lines = r.out().lines().filter(l -> l.startsWith("    VERIFIED  'loss=mse")).count();
    assertEquals(2, lines, r.out());
    // control: without -v there are none
    CliRun quiet = CliRun.of("check", f.toString(), "--tries", "2");
    assertEquals(0, quiet.out().lines().filter(l -> l.startsWith("    ")).count(), quiet.out());
  }

  private static String etfUpToScale(double lambda, String offDiagonal) {
    return "id: z\ntitle: t\nsource: s\nstatus: THEOREM\nsetting: loss=ce bias=none features=free "
        + "n=1,1,1 d=3 lambdaW=" + lambda + " lambdaH=" + lambda + "\n"
        + "predict w_gram up to scale: If[k == j, 1, " + offDiagonal + "]\n";
  }

  /**
   * "Up to scale" at a fully collapsed optimum (K√(nλ_Wλ_H) ≥ 1: W = H = 0): a zero matrix has no
   * direction, so the statement is undefined there (INCONCLUSIVE), not refuted; it was REFUTED
   * ("deviates by 1"). Controls: the same file where the ETF is live is VERIFIED, and a wrong
   * direction there is REFUTED.
   */
  @Test
  void upToScaleAtAFullyCollapsedOptimumIsUndefinedNotRefuted() throws Exception {
    Path collapsed = dir.resolve("collapsed.conj");
    Files.writeString(collapsed, etfUpToScale(0.5, "-1/(K-1)"));
    CliRun r = CliRun.of("check", collapsed.toString(), "--tries", "1");
    assertTrue(r.out().startsWith("INCONCLUSIVE") && r.out().contains("undefined"), r.out() + r.err());
    Path live = dir.resolve("live.conj");
    Files.writeString(live, etfUpToScale(0.01, "-1/(K-1)"));
    CliRun ok = CliRun.of("check", live.toString(), "--tries", "1");
    assertTrue(ok.out().startsWith("VERIFIED"), ok.out() + ok.err());
    Path wrong = dir.resolve("wrong.conj");
    Files.writeString(wrong, etfUpToScale(0.01, "0"));
    CliRun refuted = CliRun.of("check", wrong.toString(), "--tries", "1");
    assertTrue(refuted.out().startsWith("REFUTED"), refuted.out() + refuted.err());
  }

  /**
   * User pass: an assertion that holds with equality at the optimum (a collapsed balanced CE
   * point has f = log K exactly; the measured f is log K up to an ulp) must not be REFUTED by
   * that ulp. Control: the same assertion 0.1% tighter is false beyond round-off and REFUTED.
   */
  @Test
  void anAssertionAtItsOwnEqualityIsNotRefutedByRoundOff() throws Exception {
    String text = "id: my-collapse-value\ntitle: t\nsource: s\nstatus: THEOREM\n"
        + "setting: loss=ce bias=none features=free M=1 d=K counts=balanced\n"
        + "vary K: 2..5\nvary n: 1..10\nvary lambdaW: 1e-4..1e-1\ntie lambdaH: lambdaW\n"
        + "assert: optimalValue <= Log[K]\n";
    Path file = dir.resolve("equality.conj");
    Files.writeString(file, text);
    String collapsed = "loss=ce bias=none features=free n=5,5,5,5,5 d=5 M=1 lambdaW=0.1 lambdaH=0.1";
    CliRun r = CliRun.of("check", file.toString(), "--setting", collapsed);
    assertEquals(0, r.code(), r.err());
    assertTrue(!r.out().startsWith("REFUTED"), r.out());
    Path tight = dir.resolve("tight.conj");
    Files.writeString(tight, text.replace("<= Log[K]", "<= 0.999*Log[K]"));
    CliRun control = CliRun.of("check", tight.toString(), "--setting", collapsed);
    assertTrue(control.out().startsWith("REFUTED"), control.out() + control.err());
  }

  @Test
  void aConjectureHeldAtAnExactTieSaysSoInsteadOfATiedStructuresDeviation() {
    CliRun r = CliRun.of("check", "property-tests/conjectures/exact-tie.conj");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("VERIFIED") && r.out().strip().endsWith(
        "1 setting(s); at an exact tie it holds at one of the theory's 4 tied structures"), r.out());
    assertFalse(r.out().contains("worst deviation logits"), r.out());
  }
}

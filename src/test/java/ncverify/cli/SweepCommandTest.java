package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import ncverify.problem.Setting;
import ncverify.theory.DeepCeLandscape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code ncverify sweep}: the issue's example, the report files, and bad input (exit 2). */
class SweepCommandTest {
  private static final String DEEP_CE =
      "loss=ce bias=none features=free n=1,1,1,1 d=4 M=2 lambdaW=x lambdaH=x";

  /**
   * Issue 16's example, in full (20 points): p1-ce-balanced-deep is VERIFIED below and REFUTED
   * above one boundary, located between the two grid points that bracket the construction
   * boundary of theory.DeepCeLandscape (where the 2+2 block simplex starts to beat the ETF), and
   * within the bisection precision of it: REFUTED needs the 2+2 point lower than the ETF by more
   * than the lower-objective bound (1e-9 relative), which the difference exceeds within ~1e-7 of
   * the crossing, far inside the 1e-3 bracket.
   */
  @Test
  void issueExampleFindsTheDeepCeBoundaryBetweenTheBracketingGridPoints(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("sweep", "--claim", "p1-ce-balanced-deep", "--setting", DEEP_CE,
        "--vary", "lambda=1e-3..1e-1", "--points", "20", "--json", "--report-dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    // the construction boundary, computed (every λ = 1, so the scale is λ itself)
    double crossing = DeepCeLandscape.boundaries(Setting.parse(DEEP_CE.replace("=x", "=1"))).get(0).scale();
    List<Double> grid = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    for (JsonNode p : j.get("points")) {
      if (p.get("grid").asBoolean()) {
        grid.add(p.get("lambda").asDouble());
        verdicts.add(p.get("verdict").asText());
      }
      assertTrue(Setting.parse(p.get("setting").asText()).lambdaH() == p.get("lambda").asDouble());
    }
    assertEquals(20, grid.size());
    int above = 0;
    while (grid.get(above) < crossing) {
      above++;
    }
    assertEquals("VERIFIED", verdicts.get(above - 1));
    assertEquals("REFUTED", verdicts.get(above));
    assertEquals(1, j.get("boundaries").size(), j.get("boundaries").toString());
    JsonNode b = j.get("boundaries").get(0);
    assertEquals("lambda", b.get("parameter").asText());
    assertEquals("VERIFIED", b.get("below").asText());
    assertEquals("REFUTED", b.get("above").asText());
    double lo = b.get("bracket").get(0).asDouble();
    double hi = b.get("bracket").get(1).asDouble();
    assertTrue(grid.get(above - 1) <= lo && hi <= grid.get(above), b.toString());
    assertTrue((hi - lo) / lo <= 1e-3, b.toString());
    assertTrue(lo <= crossing && crossing <= hi, b + " vs construction boundary " + crossing);
    assertTrue(Math.abs(b.get("value").asDouble() / crossing - 1) <= 1e-3);
    // the report: the same JSON, and an SVG that parses as XML with text labels and markers
    assertEquals(r.out().strip(), Files.readString(dir.resolve("sweep.json"), StandardCharsets.UTF_8).strip());
    String svg = Files.readString(dir.resolve("sweep.svg"), StandardCharsets.UTF_8);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(dir.resolve("sweep.svg").toFile());
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
    assertTrue(svg.contains(">lambda (log scale)<"), "x axis label");
    assertTrue(svg.contains(">1e-2<"), "log-axis tick");
    assertTrue(svg.contains(">VERIFIED<") && svg.contains(">REFUTED<"), "legend");
    assertTrue(svg.contains("rgb(213,94,0)") && svg.contains("rgb(0,158,115)"), "region colours");
    assertTrue(r.err().contains("sweep: 1/20 points") && r.err().contains("left"), r.err());
  }

  /** Negative control: the predicted structure of balanced MSE does not change on this range. */
  @Test
  void predictionSweepWithoutAChangeFindsNoBoundary() throws Exception {
    CliRun r = CliRun.of("sweep", "--predict", "--setting",
        "loss=mse bias=none features=free n=1,1,1,1 d=4 M=1 lambdaW=x lambdaH=x",
        "--vary", "lambda=1e-4..1e-2", "--points", "5", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(5, j.get("points").size());
    assertEquals(0, j.get("boundaries").size());
    j.get("points").forEach(p -> assertEquals("no collapse", p.get("structure").asText()));
    // the same family over a range containing its collapse threshold finds it
    CliRun c = CliRun.of("sweep", "--predict", "--setting",
        "loss=mse bias=none features=free n=1,1,1,1 d=4 M=1 lambdaW=x lambdaH=x",
        "--vary", "lambda=1e-4..1e2", "--points", "5", "--json");
    assertEquals(1, new ObjectMapper().readTree(c.out()).get("boundaries").size(), c.out());
  }

  @Test
  void twoParametersGiveBoundariesAlongBothAndAWellFormedPlot(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("sweep", "--predict", "--setting",
        "loss=ce bias=none features=free n=1,1,1,1 d=4 M=x lambdaW=y lambdaH=y",
        "--vary", "M=2..3", "--vary", "lambda=1e-3..1e-1", "--points", "3", "--json",
        "--report-dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    boolean alongM = false;
    boolean alongLambda = false;
    for (JsonNode b : j.get("boundaries")) {
      alongM |= b.get("parameter").asText().equals("M") && b.get("at").has("lambda");
      alongLambda |= b.get("parameter").asText().equals("lambda") && b.get("at").get("M").asInt() == 2;
    }
    assertTrue(alongM && alongLambda, j.get("boundaries").toString());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(dir.resolve("sweep.svg").toFile());
    assertEquals("svg", doc.getDocumentElement().getLocalName());
  }

  @Test
  void resultsFileWithOtherArgumentsIsRefusedNamingTheFlag(@TempDir Path dir) {
    String file = dir.resolve("r.jsonl").toString();
    String[] base = {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--points", "3", "--results", file};
    assertEquals(0, CliRun.of(base).code());
    CliRun again = CliRun.of(base);
    assertEquals(0, again.code());
    assertTrue(again.err().contains("(reused)") && !again.err().replace("(reused)", "").contains("structure"),
        again.err());
    String[] other = base.clone();
    other[7] = "4";
    bad(other, "--points");
    other = base.clone();
    other[5] = "lambda=1e-3..2e-1";
    bad(other, "--vary");
  }

  /**
   * Sharded runs (--shard I/N, each with its --results file) merged with --merge print the same
   * JSON and write the same report bytes as one run; in claim mode with the real verifier, and in
   * prediction mode with more shards than the one-interval sweep has.
   */
  @Test
  void shardsMergeToTheSingleRunsBytes(@TempDir Path dir) throws Exception {
    String[] claim = {"sweep", "--claim", "p1-ce-balanced-deep", "--setting", DEEP_CE, "--vary",
        "lambda=1e-2..1.5e-2", "--points", "3", "--precision", "1e-2", "--json"};
    assertMergeEqualsSingle(dir.resolve("claim"), claim, 2);
    String[] predict = {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1",
        "--points", "7", "--json"};
    assertMergeEqualsSingle(dir.resolve("predict"), predict, 3);
    assertMergeEqualsSingle(dir.resolve("many"), new String[] {"sweep", "--predict", "--setting",
        DEEP_CE, "--vary", "lambda=1e-3..1", "--points", "2", "--json"}, 3);
  }

  private static void assertMergeEqualsSingle(Path dir, String[] args, int shards) throws Exception {
    Files.createDirectories(dir);
    CliRun single = CliRun.of(concat(args, "--report-dir", dir.resolve("single").toString()));
    assertEquals(0, single.code(), single.err());
    List<String> merge = new ArrayList<>(List.of("sweep", "--json", "--report-dir",
        dir.resolve("merged").toString(), "--merge"));
    for (int i = 1; i <= shards; i++) {
      String file = dir.resolve("shard" + i + ".jsonl").toString();
      CliRun shard = CliRun.of(concat(args, "--shard", i + "/" + shards, "--results", file));
      assertEquals(0, shard.code(), shard.err());
      merge.add(file);
    }
    // the last shard left out: exit 2 naming --merge and a point, unless it owned no interval
    CliRun partial = CliRun.of(merge.subList(0, merge.size() - 1).toArray(String[]::new));
    boolean lastOwnsPoints = Files.readAllLines(Path.of(merge.get(merge.size() - 1))).size() > 1;
    assertEquals(lastOwnsPoints ? 2 : 0, partial.code(), partial.err());
    assertEquals(lastOwnsPoints, partial.err().contains("error: --merge: the files lack the point"), partial.err());
    CliRun merged = CliRun.of(merge.toArray(String[]::new));
    assertEquals(0, merged.code(), merged.err());
    assertEquals(single.out(), merged.out());
    // the top-level merge command hands sweep results files to sweep --merge
    List<String> top = new ArrayList<>(List.of("merge", "--report-dir", dir.resolve("top").toString()));
    top.addAll(merge.subList(5, merge.size()));
    CliRun viaMerge = CliRun.of(top.toArray(String[]::new));
    assertEquals(0, viaMerge.code(), viaMerge.err());
    for (String f : List.of("sweep.json", "sweep.svg")) {
      assertEquals(Files.readString(dir.resolve("single").resolve(f)),
          Files.readString(dir.resolve("merged").resolve(f)), f);
      assertEquals(Files.readString(dir.resolve("single").resolve(f)),
          Files.readString(dir.resolve("top").resolve(f)), f);
    }
  }

  /**
   * --jobs 2 (two worker processes, one interval each) prints the same JSON as --jobs 1 with the
   * real verifier, records every point in the results file, and a rerun reuses them all.
   */
  @Test
  void jobsGiveTheSameJsonAsOneProcess(@TempDir Path dir) throws Exception {
    String[] claim = {"sweep", "--claim", "p1-ce-balanced-deep", "--setting", DEEP_CE, "--vary",
        "lambda=1e-2..1.5e-2", "--points", "3", "--precision", "1e-2", "--json"};
    CliRun one = CliRun.of(concat(claim, "--jobs", "1"));
    assertEquals(0, one.code(), one.err());
    String file = dir.resolve("r.jsonl").toString();
    CliRun two = CliRun.of(concat(claim, "--jobs", "2", "--results", file));
    assertEquals(0, two.code(), two.err());
    assertTrue(two.err().contains("2 grid intervals in 2 workers"), two.err());
    assertEquals(one.out(), two.out());
    assertTrue(one.out().contains("\"boundaries\" : [ {"), one.out());
    CliRun again = CliRun.of(concat(claim, "--jobs", "1", "--results", file));
    assertEquals(one.out(), again.out());
    List<String> lines = again.err().lines().filter(l -> l.contains("lambda=")).toList();
    assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.endsWith("(reused)")), again.err());
  }

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }

  /**
   * In a Slurm array task the shard comes from the environment (a child JVM, since a test cannot
   * set its own environment): task 2 of 1-2 judges the second interval of a 3-point sweep, and
   * without --results it is refused naming the variable.
   */
  @Test
  void slurmArrayVariablesChooseTheShard(@TempDir Path dir) throws Exception {
    String file = dir.resolve("task2.jsonl").toString();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "ncverify.cli.Main", "sweep", "--predict",
        "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1", "--points", "3"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
    pb.environment().put("SLURM_ARRAY_TASK_MIN", "1");
    pb.environment().put("SLURM_ARRAY_TASK_MAX", "2");
    Process refused = pb.start();
    String text = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, refused.waitFor(), text);
    assertTrue(text.contains("error: SLURM_ARRAY_TASK_ID: is set, so this run is shard 2/2"), text);
    cmd.addAll(List.of("--results", file));
    Process task = pb.command(cmd).start();
    text = new String(task.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, task.waitFor(), text);
    assertTrue(text.contains("shard 2/2 (from SLURM_ARRAY_TASK_ID)"), text);
    // only the ends of interval 1 (0.01 and 0.1) and the bisection inside it
    List<String> lines = Files.readAllLines(Path.of(file));
    assertTrue(lines.stream().skip(1).noneMatch(l -> l.contains("\"values\":[0.001]")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"values\":[0.1]")), lines.toString());
    assertTrue(lines.get(0).contains("\"shard\":\"2/2\""), lines.get(0));
  }

  @Test
  void shardAndMergeRefuseBadInput(@TempDir Path dir) {
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--shard", "2/2"}, "--shard", "needs --results");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--shard", "3/2", "--results", dir.resolve("r.jsonl").toString()}, "--shard", "");
    String a = dir.resolve("a.jsonl").toString();
    String b = dir.resolve("b.jsonl").toString();
    assertEquals(0, CliRun.of("sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--points", "2", "--results", a).code());
    assertEquals(0, CliRun.of("sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-2",
        "--points", "2", "--results", b).code());
    // another sweep: the differing flag is named
    bad(new String[] {"sweep", "--merge", a, b}, b, "comes from another run than " + a + " (--vary");
    bad(new String[] {"sweep", "--merge", a, "--predict"}, "--merge", "from the files' headers");
    bad(new String[] {"sweep", "--merge", dir.resolve("none.jsonl").toString()},
        dir.resolve("none.jsonl").toString(), "no such file");
    // an option after the files is named as an option, not read as a file (user pass)
    bad(new String[] {"sweep", "--merge", a, "--fail-on", "refuted"}, "--fail-on", "unknown option");
    // the same file twice is refused (as for verify), not silently accepted
    bad(new String[] {"sweep", "--merge", a, a}, a, "given twice");
    // a verify results file beside a sweep's: both merge commands say so
    String v = dir.resolve("v.jsonl").toString();
    assertEquals(0, CliRun.of("verify", "--claim", "p1-mse-balanced-deep", "--tries", "1", "--jobs",
        "1", "--results", v).code());
    bad(new String[] {"merge", "--report-dir", dir.resolve("m").toString(), a, v}, "merge",
        "holds verify results: merge combines the shards of one run");
    bad(new String[] {"sweep", "--merge", v}, v, "holds verify results, not a sweep's");
  }

  @Test
  void badInputIsExit2NamingTheFlagAndTheRule() {
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "tau=1..2"}, "--vary",
        "unknown parameter 'tau'");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-1..1e-3"},
        "--vary", "LO must be below HI");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=0..1e-3"},
        "--vary", "log space");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--points", "1"}, "--points", "between 2 and");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda"}, "--vary",
        "P=LO..HI");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "M=2.5..4"}, "--vary M LO",
        "");
    // placeholders: at a key the parameter does not set, in a list, without a second --vary,
    // and beside a number the sweep would overwrite
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE.replace("d=4", "d=x"), "--vary",
        "lambda=1e-3..1e-1"}, "--setting", "key 'd'");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE.replace("lambdaW=x", "lambdaW=x,1"),
        "--vary", "lambda=1e-3..1e-1"}, "--setting", "whole value");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE.replace("lambdaH=x", "lambdaH=y"),
        "--vary", "lambda=1e-3..1e-1"}, "--setting", "needs 2 --vary");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE.replace("lambdaH=x", "lambdaH=0.5"),
        "--vary", "lambda=1e-3..1e-1"}, "--setting", "overwrite");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1",
        "--vary", "lambdaW=1e-3..1e-1"}, "--vary", "both set lambdaW");
    bad(new String[] {"sweep", "--predict", "--setting", DEEP_CE.replace("n=1,1,1,1", "n=x"), "--vary",
        "n=1..4"}, "--setting", "key 'n'");
    // the mode
    bad(new String[] {"sweep", "--setting", DEEP_CE, "--vary", "lambda=1e-3..1e-1"}, "--claim",
        "exactly one");
    bad(new String[] {"sweep", "--claim", "p1-ce-balanced-deep", "--predict", "--setting", DEEP_CE,
        "--vary", "lambda=1e-3..1e-1"}, "--claim", "exactly one");
    bad(new String[] {"sweep", "--claim", "no-such-claim", "--setting", DEEP_CE, "--vary",
        "lambda=1e-3..1e-1"}, "--claim", "unknown claim id");
    bad(new String[] {"sweep", "--predict", "--seed", "3", "--setting", DEEP_CE, "--vary",
        "lambda=1e-3..1e-1"}, "--seed", "no seed");
    bad(new String[] {"sweep", "--claim", "p1-ce-balanced-deep", "--tries", "0", "--setting", DEEP_CE,
        "--vary", "lambda=1e-3..1e-1"}, "--tries", "between 1");
    bad(new String[] {"sweep", "--predict", "--precision", "0", "--setting", DEEP_CE, "--vary",
        "lambda=1e-3..1e-1"}, "--precision", "");
    // the claim's own domain rule refuses imbalanced counts, naming the point and the key
    bad(new String[] {"sweep", "--claim", "p1-ce-balanced-deep", "--setting",
        "loss=ce bias=none features=free n=4,4,4,4 d=4 M=2 lambdaW=1e-2 lambdaH=1e-2",
        "--vary", "ratio=1..4", "--points", "3"}, "--vary", "outside the claim's domain");
    // a ratio whose minority count rounds to 0
    bad(new String[] {"sweep", "--predict", "--setting",
        "loss=mse bias=none features=free n=2,2,2,2 d=4 M=1 lambdaW=1e-2 lambdaH=1e-2",
        "--vary", "ratio=1..9", "--points", "3"}, "--vary", "at most 4");
  }

  /** --predict where no closed form covers a point: exit 3 (README's exit table), naming the flag. */
  @Test
  void predictWithoutATheoryIsExit3() {
    String[] args = {"sweep", "--predict", "--setting",
        "loss=ce bias=none features=free n=3,1,1,1 d=4 M=2 lambdaW=x lambdaH=x", "--vary",
        "lambda=1e-3..1e-1", "--points", "2"};
    CliRun r = CliRun.of(args);
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("error: --vary") && r.err().contains("closed-form"), r.err());
    // control: a covered setting is exit 0
    assertEquals(0, CliRun.of("sweep", "--predict", "--setting", DEEP_CE, "--vary",
        "lambda=1e-3..1e-1", "--points", "2").code());
  }

  private static void bad(String[] args, String flag) {
    bad(args, flag, "");
  }

  private static void bad(String[] args, String flag, String rule) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
    assertTrue(r.err().contains("error: " + flag) && r.err().contains(rule),
        String.join(" ", args) + " -> " + r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }
}

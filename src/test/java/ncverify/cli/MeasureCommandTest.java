package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import ncverify.data.NpzFiles;
import ncverify.measure.NcMetrics;
import ncverify.practical.UfmPrediction;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ncverify measure} on .npz files with known answers: the UFM's own minimiser (written
 * from Java) must reproduce f* and pass every check; a perturbed one must be held back by the
 * convergence gate; bad files exit 2 naming the array; and a file written by NumPy must give the
 * metrics NumPy computes independently (skipped without python3 + numpy).
 */
class MeasureCommandTest {
  @TempDir Path dir;

  static final String SETTING = "loss=ce bias=none features=nonneg n=10,10,20,20,40 d=6 M=1 "
      + "lambdaW=1e-3 lambdaH=1e-4";

  /** Writes the point x of setting s as numpy.savez would (features N x d). */
  private Path write(Setting s, double[] x, boolean float32, String name) throws Exception {
    Layout layout = new Layout(s);
    double[][] h = layout.hMatrix(x);
    double[][] features = ncverify.measure.Matrices.transpose(h);
    long[] labels = java.util.Arrays.stream(s.labels()).asLongStream().toArray();
    return new NpzFiles().matrix("features", float32, features).ints("labels", false, labels)
        .matrix("W", float32, layout.product(x)).write(dir.resolve(name));
  }

  private static JsonNode json(CliRun r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void theUfmMinimiserReproducesItsOptimumAndPassesEveryCheck() throws Exception {
    Setting s = Setting.parse(SETTING);
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    Path f = write(s, x, true, "opt.npz");
    CliRun r = CliRun.of("measure", f.toString(), "--lambda-w", "1e-3", "--lambda-h", "1e-4",
        "--json", "--report-dir", dir.resolve("rep").toString());
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode j = json(r);
    assertEquals(s.toString(), j.get("setting").asText());
    double ratio = j.get("prediction").get("objectiveRatio").asDouble();
    // float32 storage moves the point by ~1e-7 relative; f is stationary there, so f/f* - 1 ~ 1e-13
    assertEquals(1.0, ratio, 1e-6);
    for (JsonNode v : j.get("verdicts")) {
      String expected = v.get("check").asText().startsWith("NC1 falls") ? "NOT_APPLICABLE" : "PASS";
      assertEquals(expected, v.get("outcome").asText(), v.toString());
    }
    // the standard metric keys at top level, equal to NcMetrics of the same (float32-rounded) point
    double[] rounded = x.clone();
    for (int i = 0; i < rounded.length; i++) {
      rounded[i] = (float) rounded[i];
    }
    NcMetrics m = NcMetrics.of(s, rounded);
    assertEquals(m.nc2EtfW(), j.get("nc2EtfW").asDouble(), 1e-12);
    assertEquals(m.nc3(), j.get("nc3").asDouble(), 1e-12);
    assertEquals(m.nc4(), j.get("nc4").asDouble(), 0.0);
    assertTrue(Files.exists(dir.resolve("rep/measure-opt.md")));
    assertTrue(Files.exists(dir.resolve("rep/measure-opt/index.html")));
  }

  @Test
  void aPointAwayFromTheOptimumIsHeldBackByTheGate() throws Exception {
    Setting s = Setting.parse(SETTING);
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    for (int i = 0; i < x.length; i++) {
      x[i] *= 2; // still fits the data, but the penalties grow 4x
    }
    CliRun r = CliRun.of("measure", write(s, x, false, "far.npz").toString(), "--lambda-w", "1e-3",
        "--lambda-h", "1e-4", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = json(r);
    assertTrue(j.get("prediction").get("objectiveRatio").asDouble() > 1.1);
    int held = 0;
    for (JsonNode v : j.get("verdicts")) {
      if (v.get("check").asText().contains("predicted") || v.get("check").asText().contains("NC2")
          || v.get("check").asText().contains("NC3")) {
        assertEquals("INCONCLUSIVE", v.get("outcome").asText(), v.toString());
        held++;
      }
    }
    assertEquals(5, held);
  }

  /**
   * Issue 14: only a judged check's FAIL exits 1. An under-trained point (the minimiser with its
   * classifier negated: every sample misclassified) is INCONCLUSIVE everywhere with the error and
   * the objective's ratio to f* shown, and exits 0 (1 under --fail-on inconclusive). Negative
   * control: the same minimiser (H ≥ 0) judged against the free-feature theory fits the data
   * within the gate, but its class-mean cosines are not the free minimiser's, a judged FAIL: exit
   * 1 (0 under --fail-on never).
   */
  @Test
  void onlyAJudgedFailExitsOne() throws Exception {
    Setting s = Setting.parse(SETTING);
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    Layout layout = new Layout(s);
    double[][] w = layout.product(x);
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = -row[j];
      }
    }
    double[][] features = ncverify.measure.Matrices.transpose(layout.hMatrix(x));
    long[] labels = java.util.Arrays.stream(s.labels()).asLongStream().toArray();
    Path wrong = new NpzFiles().matrix("features", false, features).ints("labels", false, labels)
        .matrix("W", false, w).write(dir.resolve("wrong.npz"));
    String[] lambdas = {"--lambda-w", "1e-3", "--lambda-h", "1e-4", "--json"};
    CliRun r = CliRun.of(concat(new String[] {"measure", wrong.toString()}, lambdas));
    assertEquals(0, r.code(), r.err());
    for (JsonNode v : json(r).get("verdicts")) {
      assertTrue(v.get("outcome").asText().equals("INCONCLUSIVE")
          || v.get("outcome").asText().equals("NOT_APPLICABLE"), v.toString());
    }
    JsonNode terminal = json(r).get("verdicts").get(0);
    assertTrue(terminal.get("note").asText().startsWith("training error 1 > 0.01; objective ")
        && terminal.get("note").asText().contains(" x f*"), terminal.toString());
    assertEquals(1, CliRun.of(concat(new String[] {"measure", wrong.toString(), "--fail-on",
        "inconclusive"}, lambdas)).code());

    Path opt = write(s, x, false, "opt.npz");
    CliRun free = CliRun.of(concat(new String[] {"measure", opt.toString(), "--features", "free"},
        lambdas));
    assertEquals(1, free.code(), free.err() + free.out());
    JsonNode j = json(free);
    assertTrue(j.get("prediction").get("objectiveRatio").asDouble() <= 1.1, free.out());
    boolean cosinesFail = false;
    for (JsonNode v : j.get("verdicts")) {
      cosinesFail |= v.get("check").asText().equals("class-mean cosines as predicted")
          && v.get("outcome").asText().equals("FAIL");
    }
    assertTrue(cosinesFail, free.out());
    assertEquals(0, CliRun.of(concat(new String[] {"measure", opt.toString(), "--features", "free",
        "--fail-on", "never"}, lambdas)).code());
    CliRun bad = CliRun.of("measure", opt.toString(), "--fail-on", "refuted");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("error: --fail-on: must be fail, inconclusive or never"),
        bad.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void withoutLambdasItReportsMetricsOnly() throws Exception {
    Setting s = Setting.parse(SETTING);
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    CliRun r = CliRun.of("measure", write(s, x, false, "m.npz").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("nc1 ") && r.out().contains("metrics only"), r.out());
  }

  @Test
  void badFilesAndFlagsExitTwoNamingTheArrayOrFlag() throws Exception {
    Path noLabels = new NpzFiles().matrix("features", false, new double[][] {{1, 0}, {0, 1}})
        .matrix("W", false, new double[][] {{1, 0}, {0, 1}}).write(dir.resolve("a.npz"));
    CliRun r = CliRun.of("measure", noLabels.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("array 'labels'") && r.err().contains("missing"), r.err());

    NpzFiles base = new NpzFiles().matrix("features", false, new double[][] {{1, 0}, {0, 1}})
        .matrix("W", false, new double[][] {{1, 0}, {0, 1}});
    r = CliRun.of("measure", base.ints("labels", false, new long[] {0, 2}).write(dir.resolve("b.npz"))
        .toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("array 'labels'") && r.err().contains("outside"), r.err());

    r = CliRun.of("measure", new NpzFiles().matrix("features", false,
        new double[][] {{1, Double.NaN}, {0, 1}}).matrix("W", false, new double[][] {{1, 0}, {0, 1}})
        .ints("labels", false, new long[] {0, 1}).write(dir.resolve("c.npz")).toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("array 'features'") && r.err().contains("finite"), r.err());

    r = CliRun.of("measure", new NpzFiles().matrix("features", false, new double[][] {{1, 0}, {0, 1}})
        .matrix("W", false, new double[][] {{1, 0, 0}, {0, 1, 0}})
        .ints("labels", false, new long[] {0, 1}).write(dir.resolve("d.npz")).toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("array 'W'"), r.err());

    Path good = new NpzFiles().matrix("features", false, new double[][] {{1, 0}, {0, 1}})
        .matrix("W", false, new double[][] {{1, 0}, {0, 1}}).ints("labels", false, new long[] {0, 1})
        .matrix("W1", false, new double[][] {{2, 0}, {0, 1}}).write(dir.resolve("e.npz"));
    r = CliRun.of("measure", good.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("array 'W'") && r.err().contains("product"), r.err());

    r = CliRun.of("measure", noLabels.toString(), "--lambda-w", "1e-3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--lambda-h"), r.err());
  }

  /**
   * A user's bad flags are named as flags, before the file is read: a negative λ was reported as
   * "setting key 'lambdaW'" (a key the user never typed), and a report folder that takes no files
   * ended the run with an internal error (exit 70) after the measurement.
   */
  @Test
  void badLambdasAndReportFoldersAreNamedByFlag() throws Exception {
    Path good = new NpzFiles().matrix("features", false, new double[][] {{1, 0}, {0, 1}})
        .matrix("W", false, new double[][] {{1, 0}, {0, 1}}).ints("labels", false, new long[] {0, 1})
        .write(dir.resolve("good.npz"));
    CliRun r = CliRun.of("measure", good.toString(), "--lambda-w", "-1", "--lambda-h", "1e-4");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: --lambda-w: must be a finite number >= 0, got -1.0"), r.err());
    r = CliRun.of("measure", good.toString(), "--lambda-w", "1e-3", "--lambda-h", "-0.5");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: --lambda-h: must be"), r.err());
    // The flag is checked before the file: a missing file with a bad flag names the flag.
    r = CliRun.of("measure", dir.resolve("none.npz").toString(), "--lambda-w", "1e-3",
        "--lambda-h", "-1");
    assertTrue(r.err().contains("--lambda-h"), r.err());
    if (Files.isDirectory(Path.of("/proc/self"))) { // a folder that takes no files (Linux)
      r = CliRun.of("measure", good.toString(), "--report-dir", "/proc/ncverify-measure");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("error: --report-dir: /proc/ncverify-measure: /proc is not "
          + "writable: a file cannot be created in it ("), r.err());
      assertFalse(r.err().contains("Exception"), "the rule in words: " + r.err());
    }
    r = CliRun.of("measure", "");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: FILE.npz: needs a file name"), r.err());
    // Negative control: the same command with a writable folder writes the report.
    r = CliRun.of("measure", good.toString(), "--report-dir", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isDirectory(dir.resolve("out")), r.out());
  }

  /**
   * A file written by NumPy (float32 features, int64 labels, savez_compressed) with NC1, NC2(W),
   * NC3 and NC4 computed by NumPy from their textbook definitions (THEORY §8) in the same script.
   */
  @Test
  void aNumpyFileGivesTheMetricsNumpyComputes() throws Exception {
    assumeTrue(ncverify.data.NpzFiles.numpyAvailable(), "python3 with numpy not installed");
    Path f = dir.resolve("np.npz");
    String script = String.join("\n",
        "import numpy as np, sys",
        "rng = np.random.default_rng(3)",
        "K, d, n = 4, 7, [5, 9, 13, 6]",
        "y = np.concatenate([np.full(c, k) for k, c in enumerate(n)]).astype(np.int64)",
        "M = rng.normal(size=(K, d)) * 3",
        "X = (M[y] + rng.normal(size=(len(y), d))).astype(np.float32)",
        "W = rng.normal(size=(K, d)); b = rng.normal(size=K)",
        "H = X.astype(np.float64)",
        "mu = np.stack([H[y == k].mean(0) for k in range(K)])",
        "g = H.mean(0)",
        "Sw = sum(np.outer(h - mu[k], h - mu[k]) for h, k in zip(H, y)) / len(y)",
        "Sb = sum(np.outer(m - g, m - g) for m in mu) / K",
        "nc1 = np.trace(Sw @ np.linalg.pinv(Sb, rcond=1e-10)) / K",
        "nd = lambda A, B: np.linalg.norm(A / np.linalg.norm(A) - B / np.linalg.norm(B))",
        "P = np.eye(K) - np.ones((K, K)) / K",
        "nc2 = nd(W @ W.T, P)",
        "nc3 = nd(W, mu)",
        "cls = np.argmax(H @ W.T + b, 1)",
        "ncc = np.argmin(((H[:, None, :] - mu[None]) ** 2).sum(2), 1)",
        "nc4 = np.mean(cls == ncc)",
        "np.savez_compressed(sys.argv[1], features=X, labels=y, W=W, b=b,",
        "    expected=np.array([nc1, nc2, nc3, nc4]))");
    ncverify.data.NpzFiles.runNumpy(script, f);
    CliRun r = CliRun.of("measure", f.toString(), "--json");
    // random W: the training error is far above 1%, so every check is INCONCLUSIVE (exit 0)
    assertEquals(0, r.code(), r.err());
    JsonNode j = json(r);
    assertEquals("expected", j.get("ignoredArrays").get(0).asText());
    double[] expected = ncverify.data.NpzReader.read(f).get("expected").values();
    // both sides compute in double from the same float32 inputs: only summation order differs
    assertEquals(expected[0], j.get("nc1").asDouble(), 1e-9 * expected[0]);
    assertEquals(expected[1], j.get("nc2EtfW").asDouble(), 1e-12);
    assertEquals(expected[2], j.get("nc3").asDouble(), 1e-12);
    assertEquals(expected[3], j.get("nc4").asDouble(), 0.0);
    assertTrue(expected[3] < 1.0, "the test needs samples where classifier and NCC disagree");
  }

  /**
   * Issue 11 item 9 at every place measure prints: features and classifier zero (a fully
   * collapsed point) give "undefined" in text and in the Markdown report and "NaN" in JSON for
   * every geometric metric, and NC4 follows the tie rule (undefined, not a seed-dependent
   * fraction). Control: the live minimiser prints numbers in all three.
   */
  @Test
  void aFullyCollapsedPointIsUndefinedInTextJsonAndReport() throws Exception {
    Setting s = Setting.parse(SETTING);
    Path f = write(s, new double[new Layout(s).size()], false, "zero.npz");
    CliRun text = CliRun.of("measure", f.toString());
    assertTrue(text.out().contains("undefined") && !text.out().contains("NaN"), text.out() + text.err());
    CliRun j = CliRun.of("measure", f.toString(), "--json", "--report-dir", dir.resolve("rep").toString());
    JsonNode node = json(j);
    for (String key : new String[] {"nc1", "nc2EtfW", "nc3", "nc4"}) {
      assertEquals("NaN", node.get(key).asText(), key + ": " + node);
    }
    String md = Files.readString(dir.resolve("rep/measure-zero.md"));
    assertTrue(md.contains("| nc4 | undefined |") && md.contains("| nc1 | undefined |"), md);
    Path live = write(s, UfmPrediction.of(s).orElseThrow().prediction().minimiser(), false, "live.npz");
    CliRun l = CliRun.of("measure", live.toString(), "--json", "--report-dir", dir.resolve("rep2").toString());
    assertTrue(json(l).get("nc4").isNumber(), l.out());
    assertTrue(!Files.readString(dir.resolve("rep2/measure-live.md")).contains("undefined"));
  }

  /**
   * User pass: measure's --report-dir replaces its own earlier files (a rerun) but never a user's
   * file of the same name (refused before any work, left as it was); a folder given as the .npz
   * is named as a folder.
   */
  @Test
  void theReportFolderKeepsAUsersFileAndReplacesItsOwn() throws Exception {
    Setting s = Setting.parse(SETTING);
    double[] x = UfmPrediction.of(s).orElseThrow().prediction().minimiser();
    Path f = write(s, x, true, "mine.npz");
    Path rep = dir.resolve("rep-user");
    for (int run = 0; run < 2; run++) { // the second run replaces the first run's files
      CliRun r = CliRun.of("measure", f.toString(), "--report-dir", rep.toString());
      assertEquals(0, r.code(), r.err());
    }
    assertTrue(Files.readString(rep.resolve("measure-mine.md")).contains("measure"));
    Path user = dir.resolve("rep-user2");
    Files.createDirectories(user);
    Files.writeString(user.resolve("measure-mine.json"), "my notes");
    CliRun refused = CliRun.of("measure", f.toString(), "--report-dir", user.toString());
    assertEquals(2, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().contains("--report-dir") && refused.err().contains("measure-mine.json"),
        refused.err());
    assertEquals("my notes", Files.readString(user.resolve("measure-mine.json")));
    CliRun folder = CliRun.of("measure", dir.toString());
    assertEquals(2, folder.code());
    assertTrue(folder.err().contains("is a folder"), folder.err());
  }
}

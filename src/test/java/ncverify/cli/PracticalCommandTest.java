package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import ncverify.data.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end on generated IDX files: seconds, no download. */
class PracticalCommandTest {
  @TempDir Path dir;

  private static final String[] TINY = {"--widths", "24,16", "--epochs", "25", "--batch", "20",
      "--measure-every", "5", "--scale", "0.02", "--no-progress"};

  private int run(String... args) {
    return CliRun.of(args).code();
  }

  private String[] args(Path data, Path out, String profile, String loss) {
    String[] head = profile.equals("balanced") // --per-class applies to balanced counts only
        ? new String[] {"practical", "--data", data.toString(), "--out", out.toString(),
            "--profile", profile, "--loss", loss, "--per-class", "10"}
        : new String[] {"practical", "--data", data.toString(), "--out", out.toString(),
            "--profile", profile, "--loss", loss};
    String[] all = new String[head.length + TINY.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(TINY, 0, all, head.length, TINY.length);
    return all;
  }

  @Test
  void trainsMeasuresAndWritesTheReportOnTinyGeneratedData() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    SyntheticImages.write(data, 10, 20, 3);
    Path out = dir.resolve("reports");
    int code = run(args(data, out, "p2-step", "ce"));
    assertTrue(code == 0 || code == ExitCode.FAILED.code(), "exit " + code);
    Path json = out.resolve("practical-p2-step-ce.json");
    assertTrue(Files.exists(out.resolve("practical-p2-step-ce.md")));
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    // the P2 profile scaled by 0.02: (2,2,4,4,6,6,8,8,10,10)
    assertEquals("[2,2,4,4,6,6,8,8,10,10]", root.get("profile").get("counts").toString());
    assertEquals(1, root.get("profile").get("seed").asInt());
    assertEquals(6, root.get("history").size(), "epochs 0,5,…,25");
    double firstError = root.get("history").get(0).get("trainError").asDouble();
    double lastError = root.get("history").get(5).get("trainError").asDouble();
    assertTrue(firstError > 0.5 && lastError == 0.0, firstError + " -> " + lastError);
    JsonNode terminal = root.get("verdicts").get(0);
    assertEquals("PASS", terminal.get("outcome").asText());
    assertTrue(root.get("setting").asText().contains("features=nonneg"));
    assertEquals("p2-ce-relu-imbalanced", root.get("prediction").get("family").asText());
    assertEquals(9, root.get("verdicts").size(), "terminal phase, NC1, NC4, the convergence gate, 5 geometry checks");
    // every verdict row is a 6-column Markdown row (a literal '|' in a threshold name is escaped)
    String md = Files.readString(out.resolve("practical-p2-step-ce.md"));
    String verdicts = md.substring(md.indexOf("| check | outcome"), md.indexOf("Threshold reasons"));
    for (String line : verdicts.strip().split("\n")) {
      assertEquals(7, line.replace("\\|", "").chars().filter(c -> c == '|').count(), line);
    }
    String html = Files.readString(out.resolve("practical-p2-step-ce").resolve("index.html"));
    assertTrue(html.contains("<svg"), "plots drawn by the report package");

    // same seed → same bytes
    Path again = dir.resolve("again");
    run(args(data, again, "p2-step", "ce"));
    assertEquals(Files.readString(json), Files.readString(again.resolve("practical-p2-step-ce.json")));
  }

  @Test
  void p1PresetsTrainSignFreeFeaturesAndAreJudgedAgainstFreeFeatureTheory() throws Exception {
    Path data = dir.resolve("data");
    SyntheticImages.write(mkdirs(data), 10, 20, 3);
    String[][] cases = {{"p1-imbalanced", "linear", "p1-mse-imbalanced-deep"},
        {"p1-balanced", "batchnorm", "p1-mse-balanced-bias"}};
    for (String[] c : cases) {
      Path out = dir.resolve(c[0]);
      int code = run("practical", "--data", data.toString(), "--out", out.toString(), "--recipe",
          c[0], "--widths", "24,16", "--epochs", "10", "--batch", "20", "--measure-every", "5",
          "--scale", "0.02", "--no-progress");
      assertTrue(code == 0 || code == ExitCode.FAILED.code(), c[0] + ": exit " + code);
      JsonNode root = new ObjectMapper().readTree(out.resolve("practical-" + c[0] + "-mse.json")
          .toFile());
      assertTrue(root.get("setting").asText().contains("features=free"), c[0]);
      assertTrue(root.get("architecture").asText().contains(c[1].equals("linear")
          ? "linear + bias (features)" : "BatchNorm (features)"), root.get("architecture").asText());
      assertEquals(c[2], root.get("prediction").get("family").asText(), c[0]);
    }
    // negative control: ReLU features for the same recipe are judged against H >= 0
    Path out = dir.resolve("relu");
    run("practical", "--data", data.toString(), "--out", out.toString(), "--recipe",
        "p1-imbalanced", "--features", "relu", "--widths", "24,16", "--epochs", "10", "--batch",
        "20", "--measure-every", "5", "--scale", "0.02", "--no-progress");
    JsonNode relu = new ObjectMapper().readTree(out.resolve("practical-p1-imbalanced-mse.json")
        .toFile());
    assertTrue(relu.get("setting").asText().contains("features=nonneg"));
    assertEquals(ExitCode.BAD_INPUT.code(), run("practical", "--data", data.toString(), "--out",
        dir.resolve("bad").toString(), "--features", "sigmoid", "--no-progress"));
  }

  /**
   * Issue 14: a run stopped long before the terminal phase fails nothing: "terminal phase
   * reached" and every check are INCONCLUSIVE with the training error and the objective's ratio to
   * f* shown, and it exits 0; under --fail-on inconclusive it exits 1. (The negative control, a
   * judged FAIL exiting 1, is MeasureCommandTest.onlyAJudgedFailExitsOne: the same verdicts and
   * the same exit rule.)
   */
  @Test
  void anUnderTrainedRunIsInconclusiveAndExitsZero() throws Exception {
    Path data = dir.resolve("data");
    SyntheticImages.write(mkdirs(data), 10, 20, 3);
    String[] a = {"practical", "--data", data.toString(), "--recipe", "p2-fmnist", "--widths",
        "24,16", "--epochs", "2", "--measure-every", "1", "--scale", "0.02", "--no-progress"};
    CliRun r = CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(a),
        java.util.stream.Stream.of("--out", dir.resolve("u").toString())).toArray(String[]::new));
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode root = new ObjectMapper().readTree(dir.resolve("u").resolve("practical-p2-fmnist-ce.json")
        .toFile());
    JsonNode v = root.get("verdicts");
    assertEquals("INCONCLUSIVE", v.get(0).get("outcome").asText(), v.get(0).toString());
    assertTrue(v.get(0).get("note").asText().matches("training error [0-9.]+ > 0\\.01; "
        + "objective [0-9.]+ x f\\*: under-trained.*"), v.get(0).toString());
    for (JsonNode x : v) {
      assertTrue(!x.get("outcome").asText().equals("FAIL"), x.toString());
    }
    JsonNode alignment = v.get(6);
    assertEquals("INCONCLUSIVE", alignment.get("outcome").asText(), alignment.toString());
    assertTrue(alignment.get("note").asText().contains(" x f*"), alignment.toString());
    assertTrue(r.out().contains("INCONCLUSIVE  terminal phase reached"), r.out());
    CliRun strict = CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(a),
        java.util.stream.Stream.of("--out", dir.resolve("s").toString(), "--fail-on",
            "inconclusive")).toArray(String[]::new));
    assertEquals(ExitCode.FAILED.code(), strict.code(), strict.err());
  }

  @Test
  void listRecipesPrintsTheGeneratedTableWithoutTraining() {
    CliRun r = CliRun.of("practical", "--list-recipes", "--data", dir.resolve("none").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(ncverify.practical.RecipeTable.markdownAll(), r.out());
  }

  @Test
  void balancedMseRuns() {
    Path data = dir.resolve("data");
    SyntheticImages.write(mkdirs(data), 10, 20, 3);
    int code = run(args(data, dir.resolve("r"), "balanced", "mse"));
    assertTrue(code == 0 || code == ExitCode.FAILED.code(), "exit " + code);
    assertTrue(Files.exists(dir.resolve("r").resolve("practical-balanced-mse.json")));
  }

  /** The smoothed losses reach the trainer through problem.Loss; the report names the parameter. */
  @Test
  void smoothedLossesTrain() throws Exception {
    Path data = dir.resolve("data");
    SyntheticImages.write(mkdirs(data), 10, 20, 3);
    String[][] runs = {{"ls", "--smoothing", "0.1", "loss=ls smoothing=0.1"},
        {"focal", "--gamma", "2", "loss=focal gamma=2"}};
    for (String[] r : runs) {
      Path out = dir.resolve(r[0]);
      String[] a = args(data, out, "balanced", r[0]);
      String[] all = java.util.Arrays.copyOf(a, a.length + 2);
      all[a.length] = r[1];
      all[a.length + 1] = r[2];
      int code = run(all);
      assertTrue(code == 0 || code == ExitCode.FAILED.code(), "exit " + code);
      JsonNode root = new ObjectMapper().readTree(out.resolve("practical-balanced-" + r[0] + ".json").toFile());
      assertTrue(root.get("setting").asText().startsWith(r[3]), root.get("setting").asText());
      JsonNode history = root.get("history");
      double first = history.get(0).get("trainError").asDouble();
      double last = history.get(history.size() - 1).get("trainError").asDouble();
      assertTrue(last < first, r[0] + ": training error " + first + " -> " + last);
    }
  }

  @Test
  void missingDataDirectoryIsExitTwo() {
    assertEquals(2, run("practical", "--data", dir.resolve("absent").toString(), "--no-progress"));
  }

  /** A file given as --data is named as a file (it was reported as not existing). */
  @Test
  void aFileAsDataIsNamedAsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("images.gz"), "x");
    CliRun r = CliRun.of("practical", "--data", file.toString(), "--epochs", "1", "--no-progress");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: data directory " + file + ": is a file, not a folder"),
        r.err());
  }

  @Test
  void badFilesAreExitTwo() throws Exception {
    Files.writeString(dir.resolve("train-images-idx3-ubyte"), "not idx");
    Files.writeString(dir.resolve("train-labels-idx1-ubyte"), "not idx");
    assertEquals(2, run("practical", "--data", dir.toString(), "--no-progress"));
  }

  @Test
  void badOptionsAreExitTwo() {
    assertEquals(2, run("practical", "--profile", "skewed"));
    assertEquals(2, run("practical", "--loss", "hinge"));
    for (String[] bad : new String[][] {{"--recipe", "p3-cifar"}, {"--schedule", "step:0.7,0.5:0.1"},
        {"--schedule", "cosine"}, {"--batch-order", "random"}, {"--threads", "0"}}) {
      CliRun r = CliRun.of("practical", "--data", dir.toString(), bad[0], bad[1], "--no-progress");
      assertEquals(2, r.code(), String.join(" ", bad));
      assertTrue(r.err().contains(bad[0]), r.err());
    }
  }

  /**
   * A demanding user's flags, refused before any data is read with the flag and a readable rule:
   * --per-class without --profile balanced was silently ignored (the run used the recipe's
   * counts), a negative λ was reported as "--lambda-w/--lambda-h: must be >= 0" without saying
   * which, and the limits printed bounds such as 2.2250738585072014E-308 and 0.9999999999999999.
   */
  @Test
  void badOptionsNameTheFlagAndAReadableRule() {
    Path none = dir.resolve("no-data"); // never read: every error comes first
    String[][] cases = {
        {"--per-class", "100", "--per-class: only applies with --profile balanced; the counts "
            + "here come from the recipe p2-fmnist"},
        {"--lambda-w", "-1", "--lambda-w: must be a finite number >= 0, got -1.0"},
        {"--lambda-h", "-2", "--lambda-h: must be a finite number >= 0, got -2.0"},
        {"--lr", "1e6", "--lr: must be > 0 and at most 10.0 (a step of 10 already diverges"},
        {"--momentum", "-1", "--momentum: must be in [0, 1), got -1.0"},
        {"--measure-every", "5", "--measure-every: must be at most the epochs (2), got 5"}};
    for (String[] c : cases) {
      CliRun r = CliRun.of("practical", "--data", none.toString(), "--epochs", "2", c[0], c[1],
          "--no-progress");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("error: " + c[2]), r.err());
    }
    // Negative control: with --profile balanced, --per-class is taken and the run gets as far as
    // the (missing) data.
    CliRun r = CliRun.of("practical", "--data", none.toString(), "--epochs", "2", "--profile",
        "balanced", "--per-class", "100", "--no-progress");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("data directory"), r.err());
  }

  @Test
  void theRecipeSetsTheEffectiveLambdasOfTheMatchingSetting() throws Exception {
    Path data = mkdirs(dir.resolve("data"));
    SyntheticImages.write(data, 10, 20, 3);
    Path out = dir.resolve("r");
    int code = run("practical", "--data", data.toString(), "--out", out.toString(), "--recipe",
        "p1-imbalanced", "--widths", "16", "--epochs", "2", "--scale", "0.02", "--no-progress");
    assertTrue(code == 0 || code == ExitCode.FAILED.code(), "exit " + code);
    JsonNode root = new ObjectMapper().readTree(out.resolve("practical-p1-imbalanced-mse.json").toFile());
    // P1 imbalanced: wd = fd = 1e-5, c = 1/K, batch = N: lambda_W,eff = lambda_H,eff = 1e-4
    assertTrue(root.get("setting").asText().contains("lambdaW=1e-4 lambdaH=1e-4"),
        root.get("setting").asText());
    assertEquals("fixed", root.get("training").get("batchOrder").asText());
    assertEquals("step:0.5:0.1", root.get("training").get("learningRateSchedule").asText());
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

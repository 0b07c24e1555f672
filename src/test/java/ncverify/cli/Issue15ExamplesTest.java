package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ncverify.data.IdxWriter;
import ncverify.data.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of issue 15, kept as a test: each bad input gives a clear exit-2 message naming the
 * place and the rule, nothing is deleted or overwritten, and an internal error is one line.
 */
class Issue15ExamplesTest {
  @TempDir
  Path tmp;

  private static final String OK = "loss=mse bias=none features=free n=2,2 d=2 M=1 lambdaW=1e-3 lambdaH=1e-3";

  /** {exit code, stdout, stderr} of an in-process run, as main runs it. */
  private static String[] run(String... args) {
    Object[] r = TrainCommandTest.run(args);
    return new String[] {r[0].toString(), (String) r[1], (String) r[2]};
  }

  private static void assertBadInput(String[] r, String... mentions) {
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].startsWith("error: "), r[2]);
    assertFalse(r[2].contains("\tat ") || r[2].contains("Exception"), r[2]);
    for (String m : mentions) {
      assertTrue(r[2].contains(m), "'" + m + "' not in: " + r[2]);
    }
  }

  @Test
  void overflowAndSizeAreRefusedBeforeAllocation() {
    assertBadInput(run("predict", OK.replace("n=2,2", "n=2000000000,2000000000")),
        "setting key 'n'", "at most 1000000");
    assertBadInput(run("predict", OK.replace("M=1", "M=2147483647")), "setting key 'M'", "100");
    assertBadInput(run("predict", OK.replace("M=1", "M=100000000")), "setting key 'M'");
    assertBadInput(run("train", OK.replace("d=2", "d=200000000"), "--seed", "1"), "setting key 'd'");
    assertBadInput(run("train", OK.replace("n=2,2", "n=1000000,1000000").replace("d=2", "d=10"),
        "--seed", "1"), "setting key 'n'", "parameters");
    assertBadInput(run("verify", "--tries", "2147483647"), "--tries", "1000");
    // the negative control: a legal setting passes these checks
    assertEquals("0", run("predict", OK)[0]);
  }

  @Test
  void aLegalButExpensiveRequestPrintsItsEstimateFirst() {
    String[] r = run("predict", OK.replace("n=2,2", "n=300000,300000").replace("d=2", "d=4"));
    assertTrue(r[2].contains("estimated memory") && r[2].contains("parameters"), r[2]);
    String[] cheap = run("predict", OK);
    assertFalse(cheap[2].contains("estimated memory"), cheap[2]);
  }

  @Test
  void practicalHeadWidthZeroIsBadInputNotACrash() {
    assertBadInput(run("practical", "--head-depth", "2", "--head-width", "0", "--data",
        tmp.toString()), "--head-width");
  }

  @Test
  void unicodeDigitsHexFloatsAndUnderflowAreRefused() {
    assertBadInput(run("predict", OK.replace("d=2", "d=\u0668")), "setting key 'd'", "ASCII");
    assertBadInput(run("predict", OK.replace("lambdaW=1e-3", "lambdaW=0x1p-3")),
        "setting key 'lambdaW'", "decimal");
    assertBadInput(run("predict", OK.replace("lambdaH=1e-3", "lambdaH=1e-400")),
        "setting key 'lambdaH'", "underflows");
    assertBadInput(run("predict", OK.replace("lambdaH=1e-3", "lambdaH=1e400")),
        "setting key 'lambdaH'", "overflows");
    assertBadInput(run("verify", "--tries", "\u0668"), "--tries", "ASCII");
  }

  @Test
  void emptyOrWhitespaceProofFilesAndAMissingFileAreErrors() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.m"), "");
    Path blank = Files.writeString(tmp.resolve("blank.m"), " \n\t\n");
    assertBadInput(run("prove", empty.toString()), empty.toString(), "Step");
    assertBadInput(run("prove", blank.toString()), blank.toString(), "Step");
    Path absent = tmp.resolve("absent.m");
    assertBadInput(run("prove", absent.toString()), absent.toString(), "no such proof file");
  }

  @Test
  void aNonUtf8ByteInAProofFileNamesFileLineAndRule() throws IOException {
    Path f = tmp.resolve("bad.m");
    Files.write(f, "Var[x, Reals, 0, 1]\nStep[\"a\", x == x \u00ff]\n".getBytes(StandardCharsets.ISO_8859_1));
    assertBadInput(run("prove", f.toString()), f + ":2", "not UTF-8");
  }

  @Test
  void anEmptyOrNonFolderReportDirIsRefusedBeforeAnyWork() throws IOException {
    assertBadInput(run("verify", "--claim", "p1-mse-balanced-deep", "--report-dir", ""),
        "--report-dir");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertBadInput(run("verify", "--claim", "p1-mse-balanced-deep", "--report-dir", file.toString()),
        "--report-dir", "not a folder");
    assertBadInput(run("practical", "--out", "", "--data", tmp.toString()), "--out");
  }

  @Test
  void idxHeadersThatDeclareHugeDataAreRefusedBeforeAllocation() throws IOException {
    Path labels = data("labels");
    writeIdx(labels.resolve("train-labels-idx1-ubyte.gz"), new int[] {0x801, Integer.MAX_VALUE}, 0);
    assertBadInput(practical(labels), "train-labels-idx1-ubyte.gz", "label count");
    // about 2.1e9 pixels declared in a 116-byte file
    Path pixels = data("pixels");
    Path images = pixels.resolve("train-images-idx3-ubyte.gz");
    Files.delete(images);
    Path plain = pixels.resolve("train-images-idx3-ubyte");
    writeIdx(plain, new int[] {0x803, 2_678_571, 28, 28}, 100);
    assertEquals(116, Files.size(plain));
    assertBadInput(practical(pixels), "train-images-idx3-ubyte", "limit");
    // a small gzip that inflates to far more than its header declares
    Path bomb = data("bomb");
    writeIdx(bomb.resolve("train-labels-idx1-ubyte.gz"), new int[] {0x801, 200}, 50_000_000);
    assertTrue(Files.size(bomb.resolve("train-labels-idx1-ubyte.gz")) < 200_000);
    assertBadInput(practical(bomb), "train-labels-idx1-ubyte.gz", "more data than its header");
  }

  @Test
  void aLabelOutOfRangeNamesTheFileAndTheLabel() throws IOException {
    Path dir = data("range");
    int[] y = new int[200];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 10;
    }
    y[17] = 200;
    Path f = dir.resolve("train-labels-idx1-ubyte.gz");
    IdxWriter.writeLabels(f, y);
    assertBadInput(practical(dir), f.toString(), "label 200", "item 17");
  }

  @Test
  void onlyTheDefaultRunsWriteIntoReportsUnasked() {
    SearchOptions search = new SearchOptions();
    search.tries = SearchOptions.DEFAULT_TRIES;
    search.seed = SearchOptions.DEFAULT_SEED;
    assertEquals("reports", VerifyCommand.defaultReportDir(false, search));
    assertNull(VerifyCommand.defaultReportDir(true, search), "a run of some claims writes only where asked");
    search.tries = 50; // the README's deep run
    assertEquals("reports-local/verify-tries-50-seed-1", VerifyCommand.defaultReportDir(false, search));
    search.tries = SearchOptions.DEFAULT_TRIES;
    search.seed = 2;
    assertEquals("reports-local/verify-tries-8-seed-2", VerifyCommand.defaultReportDir(false, search));
    assertEquals("reports", PracticalCommand.defaultOut(List.of("--profile", "--loss"),
        List.of("--profile", "balanced", "--loss", "mse")));
    String quick = PracticalCommand.defaultOut(List.of("--profile", "--epochs"),
        List.of("--profile", "balanced", "--epochs", "5"));
    assertTrue(quick.startsWith("reports-local/practical-"), quick);
  }

  /** `verify --claim X --report-dir DIR` must not delete other files in DIR (the user's or its own). */
  @Test
  void aRunOfOneClaimKeepsEveryOtherFileInItsReportFolder() throws IOException {
    Path dir = tmp.resolve("rd");
    Files.createDirectories(dir.resolve("claims"));
    Files.writeString(dir.resolve("claims/my-notes.md"), "mine");
    Files.writeString(dir.resolve("notes.txt"), "mine too");
    Files.writeString(dir.resolve("claims/p1-mse-imbalanced-deep.md"), "an earlier page");
    Files.writeString(dir.resolve(".ncverify-verify.files"), "claims/p1-mse-imbalanced-deep.md\n");
    String[] r = run("verify", "--claim", "p1-mse-balanced-deep", "--tries", "1", "--report-dir",
        dir.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("p1-mse-balanced-deep"), r[1]);
    assertEquals("mine", Files.readString(dir.resolve("claims/my-notes.md")));
    assertEquals("mine too", Files.readString(dir.resolve("notes.txt")));
    assertEquals("an earlier page", Files.readString(dir.resolve("claims/p1-mse-imbalanced-deep.md")),
        "a partial run keeps the pages of claims it did not run");
    assertTrue(Files.exists(dir.resolve("claims/p1-mse-balanced-deep.md")));
  }

  @Test
  void verdictLinesArePrintedEvenWhenWritingTheReportFails() throws IOException {
    Path dir = tmp.resolve("blocked");
    Files.createDirectories(dir.resolve("claims.md")); // a folder where the report's file goes
    String[] r = run("verify", "--claim", "p1-mse-balanced-deep", "--tries", "1", "--report-dir",
        dir.toString());
    assertTrue(r[1].contains("VERIFIED     p1-mse-balanced-deep"), r[1]);
    assertEquals("2", r[0], r[2]);
    String error = r[2].substring(r[2].indexOf("error: ")); // after the progress bar
    assertTrue(error.contains(dir.toString()) && error.contains("cannot write the report"), error);
    try (var s = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("claims.md")), s.toList(), "nothing half-written is left");
    }
  }

  @Test
  void anInternalErrorIsOneLineAskingForAReport() throws java.io.IOException {
    StringWriter sw = new StringWriter();
    int code = Main.internalError(new IllegalStateException("boom\nsecond line"), new PrintWriter(sw));
    assertEquals(ExitCode.INTERNAL.code(), code);
    String msg = sw.toString();
    assertEquals(1, msg.strip().lines().count(), msg);
    assertTrue(msg.contains("internal error") && msg.contains("please report"), msg);
    assertFalse(msg.contains("\tat "), msg);
    String trace = msg.replaceAll("(?s).* and (\\S+)\\s*$", "$1");
    assertTrue(Files.exists(Path.of(trace)), "the stack trace is saved for the report: " + msg);
    Files.deleteIfExists(Path.of(trace)); // the test's own file: leave nothing behind in /tmp
  }

  private Path data(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    SyntheticImages.write(dir, 10, 20, 1);
    return dir;
  }

  private String[] practical(Path data) {
    return run("practical", "--data", data.toString(), "--out", tmp.resolve("out").toString(),
        "--widths", "24,16", "--epochs", "2", "--scale", "0.02", "--no-progress");
  }

  /** Header ints (big-endian) then {@code body} zero bytes; gzip if the name ends in .gz. */
  private static void writeIdx(Path f, int[] header, int body) throws IOException {
    BadInputFuzzTest.writeIdx(f, header, body, f.toString().endsWith(".gz"));
  }
}

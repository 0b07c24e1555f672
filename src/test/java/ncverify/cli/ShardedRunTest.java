package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4: sharded runs ({@code verify --shard I/N --results F}), {@code merge}, and
 * {@code --jobs}. A small run (two claims, four settings each, plus the figures: three units) is
 * judged once as a single run; every other way of running it must write the same report, byte for
 * byte, in every file of the folder, and print the same verdict lines.
 */
class ShardedRunTest {
  /**
   * Two claims whose judging and proofs are cheap and different (deep MSE, CE with ReLU features);
   * four settings each, so that the run (9 steps) is worth two workers ({@code MIN_STEPS_PER_WORKER}).
   */
  static final String[] RUN = {"--claim", "p1-mse-balanced-deep", "--claim", "p2-ce-relu-minority-collapse",
      "--tries", "4"};

  @TempDir
  static Path tmp;
  static Path single;
  static String singleOut;

  @BeforeAll
  static void singleRun() {
    single = tmp.resolve("single");
    CliRun r = verify("--jobs", "1", "--report-dir", single.toString());
    assertEquals(0, r.code(), r.err());
    singleOut = r.out();
    assertTrue(singleOut.contains("p1-mse-balanced-deep") && singleOut.contains("p2-ce-relu-minority-collapse"),
        singleOut);
  }

  static CliRun verify(String... more) {
    List<String> args = new ArrayList<>(List.of("verify"));
    args.addAll(Arrays.asList(RUN));
    args.addAll(Arrays.asList(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Every file under {@code dir} (relative path → bytes as text of their hex). */
  static TreeMap<String, String> files(Path dir) throws IOException {
    TreeMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  static void assertSameReport(Path dir) throws IOException {
    TreeMap<String, String> want = files(single), got = files(dir);
    assertEquals(want.keySet(), got.keySet(), "the same files");
    assertTrue(want.size() >= 5, "claims.md, claims.json, index.html, two pages, manifest: " + want.keySet());
    for (String f : want.keySet()) {
      assertEquals(want.get(f), got.get(f), f + " differs from the single run's");
    }
  }

  private static Path shard(String shard, String name) {
    Path f = tmp.resolve(name);
    CliRun r = verify("--jobs", "1", "--shard", shard, "--results", f.toString());
    assertEquals(0, r.code(), r.err());
    return f;
  }

  @Test
  void twoShardsMergedInEitherOrderGiveTheSingleRunsReportAndLines() throws IOException {
    Path second = shard("2/2", "two-2.jsonl");
    Path first = shard("1/2", "two-1.jsonl");
    Path merged = tmp.resolve("merged-2");
    CliRun m = CliRun.of("merge", second.toString(), first.toString(), "--report-dir", merged.toString());
    assertEquals(0, m.code(), m.err());
    assertSameReport(merged);
    assertEquals(singleOut, m.out());

    // Negative control: the comparison sees a changed number in a results file.
    Path altered = tmp.resolve("altered.jsonl");
    String text = Files.readString(first);
    String changed = text.replace("settings (seed 1)", "settings (seed 7)");
    assertFalse(text.equals(changed), "the file has a verdict note to alter");
    Files.writeString(altered, changed);
    Path wrong = tmp.resolve("merged-altered");
    assertEquals(0, CliRun.of("merge", second.toString(), altered.toString(), "--report-dir",
        wrong.toString()).code());
    assertFalse(files(single).equals(files(wrong)), "an altered result changes the report");

    // Refusals: a missing shard, a unit twice, another run, an existing results file.
    CliRun missing = CliRun.of("merge", first.toString(), "--report-dir", tmp.resolve("x").toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("unit 1 (p2-ce-relu-minority-collapse)") && missing.err().contains(first.toString()),
        missing.err());
    CliRun twice = CliRun.of("merge", first.toString(), second.toString(), first.toString(),
        "--report-dir", tmp.resolve("x").toString());
    assertEquals(2, twice.code(), twice.err());
    assertTrue(twice.err().contains("given twice") && twice.err().contains(first.toString()),
        twice.err());
    // two files of one shard (a copy): refused alike
    Path copy = tmp.resolve("copy.jsonl");
    Files.copy(first, copy);
    CliRun sameShard = CliRun.of("merge", first.toString(), second.toString(), copy.toString(),
        "--report-dir", tmp.resolve("x").toString());
    assertEquals(2, sameShard.code(), sameShard.err());
    assertTrue(sameShard.err().contains("holds shard 1/2, as " + first), sameShard.err());
    Path other = tmp.resolve("other.jsonl");
    // as a shard run with --tries 3 writes it: the argument and the command line (provenance) differ,
    // and the flag is named, not the derived provenance (user pass)
    Files.writeString(other, Files.readString(second).replace("\"tries\":\"4\"", "\"tries\":\"3\"")
        .replace("--tries 4", "--tries 3"));
    CliRun mismatch = CliRun.of("merge", first.toString(), other.toString(), "--report-dir",
        tmp.resolve("x").toString());
    assertEquals(2, mismatch.code(), mismatch.err());
    assertTrue(mismatch.err().contains(other.toString()) && mismatch.err().contains("--tries '3' vs '4'"),
        mismatch.err());
    assertFalse(Files.exists(tmp.resolve("x").resolve("claims.md")), "nothing written on a refusal");
    String before = Files.readString(first);
    CliRun again = verify("--shard", "1/2", "--results", first.toString());
    assertEquals(2, again.code(), again.err());
    assertTrue(again.err().contains("--results") && again.err().contains("--resume"), again.err());
    assertEquals(before, Files.readString(first), "an existing results file is not touched");
  }

  @Test
  void moreShardsThanUnitsAndAResumedShardGiveTheSameReport() throws IOException {
    // Three units, four shards: shard 4/4 owns none and is still a valid file.
    List<Path> shards = new ArrayList<>();
    for (int i = 4; i >= 1; i--) {
      shards.add(shard(i + "/4", "four-" + i + ".jsonl"));
    }
    assertEquals(1, Files.readAllLines(shards.get(0)).size(), "the empty shard holds its header only");
    // Shard 1/4 owns unit 0 (the first claim): cut its line as a killed run would.
    Path cut = shards.get(3);
    String full = Files.readString(cut);
    List<String> lines = Files.readAllLines(cut);
    assertEquals(2, lines.size());
    Files.writeString(cut, lines.get(0) + "\n" + lines.get(1).substring(0, 40));
    CliRun refused = CliRun.of("merge", cut.toString(), "--report-dir", tmp.resolve("y").toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains(cut + ":2"), refused.err());
    CliRun resumed = verify("--jobs", "1", "--shard", "1/4", "--results", cut.toString(), "--resume");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("0 of its units are done")
        && resumed.err().contains("dropped an incomplete last line"), resumed.err());
    assertEquals(full, Files.readString(cut), "the resumed file equals the uninterrupted one");
    CliRun otherShard = verify("--shard", "2/4", "--results", cut.toString(), "--resume");
    assertEquals(2, otherShard.code(), otherShard.err());
    assertTrue(otherShard.err().contains("shard"), otherShard.err());

    Path merged = tmp.resolve("merged-4");
    List<String> args = new ArrayList<>(List.of("merge"));
    shards.forEach(p -> args.add(p.toString()));
    args.addAll(List.of("--report-dir", merged.toString()));
    CliRun m = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, m.code(), m.err());
    assertSameReport(merged);
    assertEquals(singleOut, m.out());
  }

  @Test
  void twoWorkerProcessesGiveTheSingleRunsReportAndLines() throws IOException {
    // two jobs: one judging worker, and the proof process (ProofProcess) checking both proof
    // files; its transcripts go into the report and into the results file's lines
    Path dir = tmp.resolve("jobs-2");
    Path lines = tmp.resolve("jobs-2.jsonl");
    CliRun r = verify("--jobs", "2", "--report-dir", dir.toString(), "--results", lines.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 worker and a proof process"), r.err());
    assertSameReport(dir);
    assertEquals(singleOut, r.out());
    Path merged = tmp.resolve("jobs-2-merged");
    CliRun m = CliRun.of("merge", lines.toString(), "--report-dir", merged.toString());
    assertEquals(0, m.code(), m.err());
    assertSameReport(merged);
  }

  @Test
  void badShardingInputExitsTwoNamingTheFlag() {
    CliRun noResults = verify("--shard", "1/2");
    assertEquals(2, noResults.code());
    assertTrue(noResults.err().contains("--shard") && noResults.err().contains("--results"), noResults.err());
    CliRun withReport = verify("--shard", "1/2", "--results", tmp.resolve("r.jsonl").toString(),
        "--report-dir", tmp.resolve("rd").toString());
    assertEquals(2, withReport.code());
    assertTrue(withReport.err().contains("--report-dir"), withReport.err());
    CliRun resumeAlone = verify("--resume");
    assertEquals(2, resumeAlone.code());
    assertTrue(resumeAlone.err().contains("--resume"), resumeAlone.err());
    for (String bad : new String[] {"0/2", "3/2", "x", "1/0"}) {
      CliRun r = verify("--shard", bad, "--results", tmp.resolve("r.jsonl").toString());
      assertEquals(2, r.code(), bad);
      assertTrue(r.err().contains("--shard"), r.err());
    }
    CliRun jobs = verify("--jobs", "0");
    assertEquals(2, jobs.code());
    assertTrue(jobs.err().contains("--jobs"), jobs.err());
    CliRun absent = CliRun.of("merge", tmp.resolve("absent.jsonl").toString(), "--report-dir",
        tmp.resolve("z").toString());
    assertEquals(2, absent.code());
    assertTrue(absent.err().contains("absent.jsonl"), absent.err());
    assertFalse(Files.exists(tmp.resolve("r.jsonl")), "no results file from refused runs");
  }
}

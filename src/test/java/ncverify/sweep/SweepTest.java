package ncverify.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import ncverify.core.InvalidInput;
import ncverify.core.Shard;
import ncverify.problem.Setting;
import ncverify.theory.DeepCeLandscape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep engine: bisection, bands, integer axes, resume and the split into shards. */
class SweepTest {
  private static final String DEEP_CE =
      "loss=ce bias=none features=free n=1,1,1,1 d=4 M=2 lambdaW=x lambdaH=x";
  private static final Sweep.Progress QUIET = (done, expected, p, reused, left) -> {};

  /** A judge with a known label function of the first varied value; counts its judgements. */
  private static final class Threshold implements Judge {
    final ToDoubleFunction<Setting> value;
    final double[] cuts;
    final String[] labels;
    final Map<String, Integer> calls = new HashMap<>();

    Threshold(ToDoubleFunction<Setting> value, double[] cuts, String... labels) {
      this.value = value;
      this.cuts = cuts;
      this.labels = labels;
    }

    @Override
    public Judgement judge(Setting s) {
      calls.merge(s.toString(), 1, Integer::sum);
      double v = value.applyAsDouble(s);
      int i = 0;
      while (i < cuts.length && v >= cuts[i]) {
        i++;
      }
      return new Judgement(labels[i], v, "fake");
    }

    @Override
    public String labelKey() {
      return "verdict";
    }

    int total() {
      return calls.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static Sweep.Result run(String setting, Judge judge, SweepResults results, Axis... axes) {
    SweepSpec spec = new SweepSpec("c", setting, List.of(axes), 1, 1, SweepSpec.DEFAULT_PRECISION);
    return new Sweep(spec, new SettingTemplate(setting, List.of(axes)), judge, results, QUIET).run();
  }

  @Test
  void bisectionLocatesAKnownThresholdToThePrecisionAndBracketsIt() {
    double t = 0.0123456789;
    Threshold judge = new Threshold(Setting::lambdaH, new double[] {t}, "VERIFIED", "REFUTED");
    Sweep.Result r = run(DEEP_CE, judge, null, new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 7));
    assertEquals(1, r.boundaries().size());
    Sweep.Boundary b = r.boundaries().get(0);
    assertTrue(b.lo() < t && t <= b.hi(), b.toString());
    assertTrue((b.hi() - b.lo()) / b.lo() <= SweepSpec.DEFAULT_PRECISION, b.toString());
    assertEquals("VERIFIED", b.below());
    assertEquals("REFUTED", b.above());
    assertTrue(Math.abs(b.value() / t - 1) <= SweepSpec.DEFAULT_PRECISION);
    // every point is judged once; the located bracket's ends were judged with their labels
    assertTrue(judge.calls.values().stream().allMatch(c -> c == 1));
    assertEquals(r.points().size(), judge.total());
    assertTrue(r.points().stream().anyMatch(p -> p.values()[0] == b.lo() && p.judgement().label().equals("VERIFIED")));
    assertTrue(r.points().stream().anyMatch(p -> p.values()[0] == b.hi() && p.judgement().label().equals("REFUTED")));
  }

  @Test
  void negativeControlNoLabelChangeNoBoundaryAndNoBisection() {
    Threshold judge = new Threshold(Setting::lambdaH, new double[] {10}, "VERIFIED", "REFUTED");
    Sweep.Result r = run(DEEP_CE, judge, null, new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 7));
    assertEquals(List.of(), r.boundaries());
    assertEquals(7, judge.total());
  }

  @Test
  void aBandNarrowerThanTheGridGivesTwoBoundaries() {
    // INCONCLUSIVE on [0.02, 0.021): inside one grid cell of a 5-point grid over 1e-3..1e-1
    Threshold judge = new Threshold(Setting::lambdaH, new double[] {0.02, 0.021}, "VERIFIED",
        "INCONCLUSIVE", "REFUTED");
    Sweep.Result r = run(DEEP_CE, judge, null, new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 5));
    List<String> seen = r.boundaries().stream().map(b -> b.below() + "|" + b.above()).toList();
    if (r.points().stream().anyMatch(p -> p.judgement().label().equals("INCONCLUSIVE"))) {
      assertEquals(List.of("VERIFIED|INCONCLUSIVE", "INCONCLUSIVE|REFUTED"), seen);
      assertTrue(Math.abs(r.boundaries().get(0).value() / 0.02 - 1) <= 1e-3);
      assertTrue(Math.abs(r.boundaries().get(1).value() / 0.021 - 1) <= 1e-3);
    } else {
      throw new AssertionError("the bisection never landed in the band: " + seen);
    }
  }

  @Test
  void wholeNumberAxisStopsAtNeighbours() {
    Threshold judge = new Threshold(s -> s.depth(), new double[] {5}, "ETF", "low-rank");
    Sweep.Result r = run("loss=ce bias=none features=free n=1,1,1,1 d=4 M=x lambdaW=0.01 lambdaH=0.01",
        judge, null, new Axis(Parameter.DEPTH, 1, 9, 3));
    assertEquals(1, r.boundaries().size());
    assertEquals(4, r.boundaries().get(0).lo());
    assertEquals(5, r.boundaries().get(0).hi());
    assertEquals(4.5, r.boundaries().get(0).value());
  }

  @Test
  void ratioIsAStepProfileAndEqualCountsRoundingIsJudgedOnce() {
    Setting s = Setting.parse("loss=mse bias=none features=free n=10,10,10,10 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3");
    assertEquals(List.of(10, 10, 5, 5), box(Parameter.RATIO.apply("--vary", s, 2).counts()));
    Setting step = Setting.parse("loss=mse bias=none features=free n=10,10,10,4 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3");
    assertEquals(List.of(10, 10, 10, 3), box(Parameter.RATIO.apply("--vary", step, 3).counts()));
    InvalidInput e = assertThrows(InvalidInput.class, () -> Parameter.RATIO.apply("--vary", s, 21));
    assertEquals("--vary", e.place());
    // counts are whole numbers: many ratios give one setting, which is judged once
    Threshold judge = new Threshold(x -> x.count(3), new double[] {4}, "REFUTED", "VERIFIED");
    Sweep.Result r = run("loss=mse bias=none features=free n=10,10,10,10 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3",
        judge, null, new Axis(Parameter.RATIO, 1, 10, 4));
    assertTrue(judge.calls.values().stream().allMatch(c -> c == 1));
    assertTrue(judge.total() < r.points().size(), "rounded duplicates must be reused");
    assertEquals(1, r.boundaries().size());
  }

  private static List<Integer> box(int[] v) {
    List<Integer> out = new ArrayList<>();
    for (int x : v) {
      out.add(x);
    }
    return out;
  }

  /**
   * The predicted deep-CE structure (real theory): a killed run (its results file cut after k
   * points, the next line half written) resumes to the same JSON, judging only the other points.
   */
  @Test
  void resumeAfterAKillJudgesNoPointTwiceAndGivesTheSameJson(@TempDir Path dir) throws IOException {
    Axis axis = new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 6);
    SweepSpec spec = new SweepSpec(null, DEEP_CE, List.of(axis), 1, 1, SweepSpec.DEFAULT_PRECISION);
    SettingTemplate template = new SettingTemplate(DEEP_CE, List.of(axis));
    Counting full = new Counting();
    Path file = dir.resolve("full.jsonl");
    String expected = SweepOutput.json(new Sweep(spec, template, full, SweepResults.open(file, spec, "test", Shard.WHOLE), QUIET).run());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int total = lines.size() - 1;
    assertEquals(full.calls.size(), total);
    assertTrue(total > 10, "bisection points are recorded too: " + total);
    int k = 7;
    Path cut = dir.resolve("cut.jsonl");
    String half = lines.get(k + 1).substring(0, lines.get(k + 1).length() / 2);
    Files.writeString(cut, String.join("\n", lines.subList(0, k + 1)) + "\n" + half, StandardCharsets.UTF_8);
    Counting resumed = new Counting();
    Sweep.Result r = new Sweep(spec, template, resumed, SweepResults.open(cut, spec, "test", Shard.WHOLE), QUIET).run();
    assertEquals(expected, SweepOutput.json(r));
    assertEquals(total - k, resumed.calls.size());
    for (String setting : resumed.calls.keySet()) {
      assertEquals(1, resumed.calls.get(setting));
      assertTrue(lines.subList(1, k + 1).stream().noneMatch(l -> l.contains("\"" + setting + "\"")),
          "judged again: " + setting);
    }
    // the half-written line was cut; the same points follow in the same order
    assertEquals(lines, Files.readAllLines(cut, StandardCharsets.UTF_8));
    // A complete rerun judges nothing.
    Counting again = new Counting();
    assertEquals(expected, SweepOutput.json(new Sweep(spec, template, again, SweepResults.open(cut, spec, "test", Shard.WHOLE), QUIET).run()));
    assertEquals(0, again.calls.size());
  }

  @Test
  void aDamagedLineInsideTheResultsFileIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
    Axis axis = new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 3);
    SweepSpec spec = new SweepSpec(null, DEEP_CE, List.of(axis), 1, 1, SweepSpec.DEFAULT_PRECISION);
    Path file = dir.resolve("r.jsonl");
    new Sweep(spec, new SettingTemplate(DEEP_CE, List.of(axis)), new PredictionJudge(),
        SweepResults.open(file, spec, "test", Shard.WHOLE), QUIET).run();
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(2, lines.get(2).substring(0, 20));
    Files.write(file, lines, StandardCharsets.UTF_8);
    InvalidInput e = assertThrows(InvalidInput.class, () -> SweepResults.open(file, spec, "test", Shard.WHOLE));
    assertEquals(file + ":3", e.place());
    // another sweep's file: the flag that differs is named
    SweepSpec other = new SweepSpec(null, DEEP_CE, List.of(axis), 1, 1, 1e-2);
    Files.write(file, lines.subList(0, 2), StandardCharsets.UTF_8);
    assertEquals("--precision", assertThrows(InvalidInput.class, () -> SweepResults.open(file, other, "test", Shard.WHOLE)).place());
    // a file of something else, even without a newline, is neither read as results nor overwritten
    Path notes = dir.resolve("notes.txt");
    Files.writeString(notes, "my notes", StandardCharsets.UTF_8);
    assertEquals("--results", assertThrows(InvalidInput.class, () -> SweepResults.open(notes, spec, "test", Shard.WHOLE)).place());
    assertEquals("my notes", Files.readString(notes, StandardCharsets.UTF_8));
  }

  /** Counts the real prediction judge's calls per setting. */
  private static final class Counting implements Judge {
    final Map<String, Integer> calls = new HashMap<>();
    final PredictionJudge inner = new PredictionJudge();

    @Override
    public Judgement judge(Setting s) {
      calls.merge(s.toString(), 1, Integer::sum);
      return inner.judge(s);
    }

    @Override
    public String labelKey() {
      return inner.labelKey();
    }
  }

  /**
   * The seam for sharded runs: two runs owning the even and the odd grid intervals, their results
   * files joined, give the single run's JSON without a further judgement.
   */
  @Test
  void twoShardsOfTheIntervalsJoinToTheSingleRun(@TempDir Path dir) throws IOException {
    Axis axis = new Axis(Parameter.LAMBDA, 1e-3, 1, 7);
    SweepSpec spec = new SweepSpec(null, DEEP_CE, List.of(axis), 1, 1, SweepSpec.DEFAULT_PRECISION);
    SettingTemplate template = new SettingTemplate(DEEP_CE, List.of(axis));
    String single = SweepOutput.json(new Sweep(spec, template, new PredictionJudge(), null, QUIET).run());
    Path even = dir.resolve("even.jsonl");
    Path odd = dir.resolve("odd.jsonl");
    new Sweep(spec, template, new PredictionJudge(), SweepResults.open(even, spec, "test", Shard.WHOLE), QUIET).run(e -> e % 2 == 0);
    new Sweep(spec, template, new PredictionJudge(), SweepResults.open(odd, spec, "test", Shard.WHOLE), QUIET).run(e -> e % 2 == 1);
    List<String> joined = new ArrayList<>(Files.readAllLines(even, StandardCharsets.UTF_8));
    List<String> oddLines = Files.readAllLines(odd, StandardCharsets.UTF_8);
    joined.addAll(oddLines.subList(1, oddLines.size()));
    Path merged = dir.resolve("merged.jsonl");
    Files.write(merged, joined, StandardCharsets.UTF_8);
    Judge never = new Judge() {
      @Override
      public Judgement judge(Setting s) {
        throw new AssertionError("judged after the merge: " + s);
      }

      @Override
      public String labelKey() {
        return "structure";
      }
    };
    assertEquals(single, SweepOutput.json(new Sweep(spec, template, never, SweepResults.open(merged, spec, "test", Shard.WHOLE), QUIET).run()));
    assertTrue(single.contains("\"boundaries\" : [ {"), single);
  }

  /** The deep-CE predicted switching boundary is found where DeepCeLandscape computes it. */
  @Test
  void predictedDeepCeBoundaryMatchesTheLandscape() {
    Axis axis = new Axis(Parameter.LAMBDA, 1e-3, 1e-1, 5);
    Sweep.Result r = run(DEEP_CE, new PredictionJudge(), null, axis);
    double expected = DeepCeLandscape.boundaries(Setting.parse(DEEP_CE.replace("=x", "=1"))).get(0).scale();
    Sweep.Boundary b = r.boundaries().get(0);
    assertEquals("ETF", b.below());
    assertEquals("low-rank 2+2", b.above());
    assertTrue(b.lo() <= expected && expected <= b.hi(), b + " vs " + expected);
    assertFalse(r.boundaries().size() > 1, r.boundaries().toString());
  }
}

package ncverify.cli;

import ncverify.core.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.claim.Claim;
import ncverify.claim.catalog.Catalogue;
import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.core.ReportFolder;
import ncverify.core.Shard;
import ncverify.report.PhaseDiagramWriter;
import ncverify.sweep.Axis;
import ncverify.sweep.ClaimJudge;
import ncverify.sweep.Judge;
import ncverify.sweep.PredictionJudge;
import ncverify.sweep.SweepResults;
import ncverify.sweep.SettingTemplate;
import ncverify.sweep.Sweep;
import ncverify.sweep.SweepOutput;
import ncverify.sweep.SweepSpec;
import ncverify.verify.ClaimRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncverify sweep}: a phase diagram. Judges a claim (as {@code verify --claim ID --setting S}
 * does) or computes the predicted structure ({@code --predict}) on a grid of one or two
 * parameters, and locates every boundary between different verdicts or structures by bisection
 * ({@link Sweep}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Phase diagram: judge a claim (or the predicted structure) over a grid of one or "
        + "two parameters and locate each boundary by bisection.")
final class SweepCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--claim", paramLabel = "ID", description = "Claim id to judge at every point.")
  String claimId;

  @Option(names = "--predict", description = "Instead of a claim: the predicted structure (which "
      + "classes collapse; for deep CE which construction is lowest) and optimal value.")
  boolean predict;

  @Option(names = "--setting", paramLabel = "SETTING", description = "The setting; a varied key may hold "
      + "the placeholder x (first --vary) or y (second), e.g. 'lambdaW=x lambdaH=x'; without a "
      + "placeholder the varied keys are overwritten.")
  String setting;

  @Option(names = "--vary", paramLabel = "P=LO..HI", description = "P=LO..HI (once or twice). P: lambda "
      + "(lambdaW of every layer = lambdaH), lambdaW, lambdaH, lambdaB, ratio (n_maj/n_min of a step "
      + "profile), M, K, n (every class), d. Regularisers and ratio on a log grid, the rest linear.")
  List<String> vary = new ArrayList<>();

  @Option(names = "--points", paramLabel = "N", defaultValue = "10",
      description = "Grid points per parameter, 2 to " + Axis.MAX_POINTS + " (default ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of every point's judgement (default 1; claim mode).")
  Long seed;

  @Option(names = "--tries", paramLabel = "T", description = "Seeds per point, SEED ... SEED+T-1, verdicts combined as "
      + "verify combines settings (default 1; claim mode).")
  Integer tries;

  @Option(names = "--precision", paramLabel = "REL", defaultValue = "" + SweepSpec.DEFAULT_PRECISION, description =
      "Relative width to which a boundary of a log-scale parameter is bisected (default ${DEFAULT-VALUE}); "
      + "whole-number parameters to neighbouring values.")
  double precision;

  @Option(names = "--json", description = "Print one JSON object (points, boundaries).")
  boolean json;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "Write sweep.json and sweep.svg (the plot) here.")
  String reportDir;

  @Option(names = "--results", paramLabel = "FILE.jsonl", description = "Append every judged point to this JSON-lines file "
      + "at once; a rerun with the same file and arguments reuses them (resume after a kill).")
  Path resultsPath;

  @Option(names = "--shard", paramLabel = "I/N", description = "Judge only share I of N (I/N, e.g. 3/8): the grid "
      + "intervals numbered i with i mod N = I-1, their ends and their bisections; needs --results. "
      + "Default: from Slurm's array variables when set, else the whole sweep.")
  String shardText;

  @Option(names = "--merge", arity = "1..*", paramLabel = "FILE", description = "Combine the "
      + "--results files of a sweep's shards into the result of one run (same JSON, same report); "
      + "the sweep's arguments come from the files.")
  List<Path> mergeFiles = new ArrayList<>();

  @Option(names = "--jobs", paramLabel = "J", description = "Worker processes on"
      + " this machine (default 1): each judges a contiguous block of the grid"
      + " intervals and their bisections; results identical to --jobs 1.")
  int jobs = 1; // an initialiser, not defaultValue: merge builds this command without picocli

  /** Internal (workers of --jobs): judge exactly these grid intervals, stream points to stdout. */
  @Option(names = "--worker-edges", hidden = true, split = ",")
  List<Integer> workerEdges;

  /** Internal (workers of --jobs): points judged before (a snapshot of the --results file). */
  @Option(names = "--worker-known", hidden = true)
  Path workerKnown;

  @Override
  public Integer call() {
    NativeSetup.judgingThreads();
    Workers.validate(jobs);
    if (!mergeFiles.isEmpty()) {
      return merge();
    }
    PrintWriter err = spec.commandLine().getErr();
    Judge judge;
    if (setting == null) {
      throw new InvalidInput("--setting", "is required (the setting, with x for the varied value), "
          + "unless --merge combines results files");
    }
    if (vary.isEmpty()) {
      throw new InvalidInput("--vary", "is required: P=LO..HI, e.g. lambda=1e-3..1e-1");
    }
    if (predict == (claimId != null)) {
      throw new InvalidInput("--claim", "give exactly one of --claim ID and --predict");
    }
    if (predict && (seed != null || tries != null)) {
      throw new InvalidInput(seed != null ? "--seed" : "--tries", "applies to judging a claim; "
          + "--predict computes the theory's prediction, which has no seed");
    }
    long s = seed == null ? 1 : seed;
    int t = tries == null ? 1 : tries;
    Numbers.requireRange("--tries", t, 1, Limits.MAX_TRIES);
    if (vary.size() > 2) {
      throw new InvalidInput("--vary", "give one or two parameters, got " + vary.size());
    }
    List<Axis> axes = new ArrayList<>();
    for (String v : vary) {
      axes.add(Axis.parse(v, points));
    }
    SettingTemplate template = new SettingTemplate(setting, axes);
    SweepSpec sweepSpec = new SweepSpec(predict ? null : claimId, setting, axes, s, t, precision);
    if (predict) {
      judge = new PredictionJudge();
    } else {
      Claim claim = Catalogue.byId(claimId).orElseThrow(() -> new InvalidInput("--claim",
          "unknown claim id '" + claimId + "'; run 'ncverify claims' for the list"));
      judge = new ClaimJudge(claim, new ClaimRunner(), s, t);
    }
    if (workerEdges != null) {
      return work(sweepSpec, template, judge);
    }
    Shard shard = shardText != null ? Shard.parse("--shard", shardText)
        : Shard.fromEnvironment().orElse(Shard.WHOLE);
    if (!shard.isWhole()) {
      if (resultsPath == null) {
        throw new InvalidInput(shardText != null ? "--shard" : Shard.TASK_ID, (shardText != null
            ? "" : "is set, so this run is shard " + shard + " of a Slurm array; ") + "a shard needs "
            + "--results FILE.jsonl: the shards' files are what sweep --merge combines"
            + (shardText != null ? "" : " (--shard 1/1 runs the whole sweep)"));
      }
      err.println("sweep: shard " + shard + (shardText == null ? " (from " + Shard.TASK_ID + ")" : "")
          + ": the grid intervals i with i mod " + shard.count() + " = " + (shard.index() - 1));
    }
    Path dir = reportDir == null ? null : ReportFolder.validate("--report-dir", reportDir,
        PhaseDiagramWriter.FILES);
    SweepResults results = resultsPath == null ? null
        : SweepResults.open(resultsPath, sweepSpec, VerifyCommand.version(spec), shard);
    try {
      Sweep sweep = new Sweep(sweepSpec, template, judge, results, progress("sweep", sweepSpec, err));
      sweep.checkGrid();
      List<Integer> owned = new ArrayList<>();
      for (int e = 0; e < sweep.edgeCount(); e++) {
        if (shard.owns(e)) {
          owned.add(e);
        }
      }
      int workers = Math.min(jobs, owned.size());
      if (workers <= 1) {
        return emit(sweep.run(shard::owns), dir);
      }
      SweepResults points = results != null ? results : SweepResults.inMemory(sweepSpec);
      inWorkers(sweepSpec, owned, workers, points);
      // every owned point is in `points` now: the same sweep, judging nothing, gives the result
      Sweep assembled = new Sweep(sweepSpec, template, SweepResults.refuseMissing(sweepSpec,
          "--jobs", "no worker judged the point '%s' (see the workers' messages above)"), points,
          (done, expected, p, reused, left) -> { });
      return emit(assembled.run(shard::owns), dir);
    } finally {
      if (results != null) {
        results.close();
      }
    }
  }

  /**
   * {@code --jobs J}: the owned grid intervals in J contiguous blocks (neighbouring blocks share
   * one grid point, which both judge: J − 1 extra judgements, against one per interval if they
   * were dealt round-robin), each judged with its bisections by a worker process
   * ({@link Workers}); their points are recorded into {@code collected} (and its results file) as they
   * arrive. A worker judges each point as this process would (one judging thread everywhere,
   * deterministic judges), so the result does not depend on J.
   */
  private void inWorkers(SweepSpec sweepSpec, List<Integer> owned, int workers,
      SweepResults collected) {
    Path known = null;
    try {
      if (!collected.entries().isEmpty()) { // a snapshot: the results file grows while workers read
        known = java.nio.file.Files.createTempFile("ncverify-sweep-known", ".jsonl");
        java.nio.file.Files.copy(resultsPath, known, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      List<List<String>> args = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        List<Integer> block = owned.subList(w * owned.size() / workers, (w + 1) * owned.size() / workers);
        List<String> a = new ArrayList<>(List.of("sweep", "--setting", setting, "--points", "" + points,
            "--precision", "" + precision, "--jobs", "1", "--worker-edges",
            block.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))));
        a.addAll(predict ? List.of("--predict") : List.of("--claim", claimId));
        vary.forEach(v -> a.addAll(List.of("--vary", v)));
        if (seed != null) {
          a.addAll(List.of("--seed", "" + seed));
        }
        if (tries != null) {
          a.addAll(List.of("--tries", "" + tries));
        }
        if (known != null) {
          a.addAll(List.of("--worker-known", known.toString()));
        }
        args.add(a);
      }
      spec.commandLine().getErr().println("sweep: " + Progress.count(owned.size(), "grid interval")
          + " in " + workers + " workers");
      Workers.run(args, line -> {
        if (Workers.isUnitLine(line)) {
          SweepResults.Entry e = SweepResults.parseLine(line, sweepSpec);
          synchronized (collected) {
            collected.record(e);
          }
        } else { // not a point: something a library printed
          System.err.println(line);
        }
      }, () -> { });
    } catch (java.io.IOException e) {
      throw new InvalidInput("--results", resultsPath + ": cannot snapshot it for the workers ("
          + e.getMessage() + ")");
    } finally {
      if (known != null) {
        try {
          java.nio.file.Files.deleteIfExists(known);
        } catch (java.io.IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  /** A --jobs worker: its intervals, each point to standard output as a results-file line. */
  private int work(SweepSpec sweepSpec, SettingTemplate template, Judge judge) {
    List<SweepResults.Entry> known = workerKnown == null ? List.of()
        : SweepResults.read(workerKnown, sweepSpec);
    SweepResults out = SweepResults.streaming(sweepSpec, known, line -> {
      System.out.println(line);
      System.out.flush();
    });
    String task = "sweep (intervals " + workerEdges.get(0) + "-" + workerEdges.get(workerEdges.size() - 1) + ")";
    new Sweep(sweepSpec, template, judge, out, progress(task, sweepSpec,
        new PrintWriter(System.err, true))).run(workerEdges::contains);
    return ExitCode.OK.code();
  }

  /** {@code --merge FILE…}: the shards' points, through a sweep that judges nothing. */
  private int merge() {
    if (claimId != null || predict || setting != null || !vary.isEmpty() || seed != null
        || tries != null || resultsPath != null || shardText != null || jobs != 1) {
      throw new InvalidInput("--merge", "takes the sweep's arguments from the files' headers; "
          + "give only --json and --report-dir with it");
    }
    for (Path f : mergeFiles) { // picocli takes what follows --merge as files, options included
      if (f.toString().startsWith("-") && !java.nio.file.Files.exists(f)) {
        throw new InvalidInput(f.toString(), "unknown option of sweep --merge (it takes the results"
            + " files, --json and --report-dir; --fail-on applies to verify results only)");
      }
    }
    Path dir = reportDir == null ? null : ReportFolder.validate("--report-dir", reportDir,
        PhaseDiagramWriter.FILES);
    SweepResults.Merged merged = SweepResults.merge(mergeFiles);
    SweepSpec sweepSpec = merged.spec();
    Sweep sweep = new Sweep(sweepSpec, new SettingTemplate(sweepSpec.setting(), sweepSpec.axes()),
        merged.refuseMissing(), merged.points(), (done, expected, p, reused, left) -> {});
    return emit(sweep.run(), dir);
  }

  /**
   * One {@link Progress#line} per point (whole lines: a sweep's points are findings worth keeping
   * in a log), with the point's values and label; the estimate is the mean judging time of the
   * points judged so far times the points left (reused points cost nothing).
   */
  private static Sweep.Progress progress(String task, SweepSpec sweepSpec, PrintWriter err) {
    long start = System.nanoTime();
    return (done, expected, p, reused, left) -> {
      err.println(Progress.line(task, done, expected, "point", System.nanoTime() - start, left)
          + "  " + values(sweepSpec, p) + "  " + p.judgement().label() + (reused ? " (reused)" : ""));
      err.flush();
    };
  }

  /** Prints the result (table or JSON) and writes the report. */
  private int emit(Sweep.Result result, Path dir) {
    PrintWriter err = spec.commandLine().getErr();
    String jsonText = SweepOutput.json(result);
    var out = spec.commandLine().getOut();
    out.println(json ? jsonText : SweepOutput.text(result));
    out.flush();
    if (dir != null) {
      try {
        PhaseDiagramWriter.write(dir, jsonText + "\n", SweepOutput.diagram(result));
      } catch (IOException e) {
        throw InvalidInput.file(dir, "cannot write the report (" + e.getMessage() + ")");
      }
      err.println("report written to " + dir);
    }
    return ExitCode.OK.code();
  }

  private static String values(SweepSpec spec, Sweep.Point p) {
    StringBuilder sb = new StringBuilder();
    for (int a = 0; a < spec.axes().size(); a++) {
      sb.append(a == 0 ? "" : " ").append(spec.axes().get(a).parameter().key()).append('=')
          .append(String.format(Locale.ROOT, "%.6g", p.values()[a]));
    }
    return sb.toString();
  }

}

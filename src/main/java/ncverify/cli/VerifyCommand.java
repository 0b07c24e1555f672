package ncverify.cli;

import ncverify.core.InvalidInput;
import java.nio.file.Path;
import ncverify.report.ReportWriter;
import ncverify.core.ReportFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import ncverify.core.Shard;
import ncverify.report.ClaimEntry;
import ncverify.report.Plots;
import ncverify.report.ResultsFile;
import ncverify.report.VerifyUnit;
import ncverify.core.Progress;
import ncverify.claim.catalog.Catalogue;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.Counterexample;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.verify.ClaimRunner;
import ncverify.verify.Effort;
import ncverify.verify.PropertyEngine;
import ncverify.verify.Suite;
import ncverify.verify.Verifier;
import ncverify.symbolic.ProofTranscript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ncverify verify}: judges claims on generated settings (or one given setting) and prints
 * one line per claim with its verdict.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Judge claims: VERIFIED, REFUTED (with setting, seed and competing objective) or "
        + "INCONCLUSIVE.")
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--claim", description = "Claim id (repeatable; default: every claim).")
  List<String> claimIds = new ArrayList<>();

  @Mixin
  SearchOptions search = new SearchOptions();

  @Option(names = "--class-means", description = "Search competitors on the class-mean problem"
      + " (Newton-CG with the theory's structured starts, certified on the full problem): fast at"
      + " depth and size; takes NC1 at critical points as given (THEORY.md 3.1).")
  boolean classMeans;

  @Option(names = "--fail-on", defaultValue = "never",
      description = "Exit 1 if a verdict is at least this bad: never, refuted, inconclusive (default ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--report-dir", description = "Write the report here (default: reports/ for the "
      + "default run of every claim with --tries 8 --seed 1; " + LOCAL_REPORTS + "verify-tries-N-seed-S/ "
      + "for other runs of every claim; none with --claim or --setting).")
  String reportDir;

  /** Where runs that were not asked to write into reports/ put their report. */
  static final String LOCAL_REPORTS = "reports-local/";

  /**
   * Seconds per judged setting, for the estimate printed before a long run: measured, {@code verify
   * --tries 2} judged 22 settings in 9 s on 2 shared cores (shrinking a refutation adds to it).
   */
  static final double SECONDS_PER_SETTING = 0.5;

  /**
   * Settings of work per worker process below which {@code --jobs} starts fewer workers: a worker's
   * JVM start, ND4J load, Symja start and JIT warm-up cost about 10-20 s of CPU (measured: the
   * default run used 55 s of CPU as one process, 94 s as two workers), about the judging of one
   * default claim (8 settings) with its proof.
   */
  static final int MIN_STEPS_PER_WORKER = 8;

  /**
   * Settings per judging worker up to which the workers run with the client compiler only
   * ({@link Workers#CLIENT_COMPILER}; same bits, other time). Measured on the default verify's
   * judging (23 claims x 8 settings in one JVM, CPU of the whole process, a loaded 2-core
   * machine): server compiler 22.2 s (12.1 s of it judging, the rest mostly compiling), client
   * compiler only 16.0 s (14.5 s judging: its code is about 1.2x slower). The server compiler
   * repays its ~8 s of compiling once the judging takes about 40 s, about 600 such settings; up to
   * 400 per worker the client compiler is kept, with a margin for settings dearer than the
   * default ones.
   */
  static final int CLIENT_COMPILER_MAX_SETTINGS = 400;

  /** The workers' JVM options for {@code steps} settings shared by {@code judging} workers. */
  static List<String> workerJvmOptions(long steps, int judging) {
    return steps <= (long) CLIENT_COMPILER_MAX_SETTINGS * judging
        ? List.of(Workers.CLIENT_COMPILER) : List.of();
  }

  @Option(names = "--no-report", description = "Do not write a report.")
  boolean noReport;

  @Option(names = "--conjecture", description = "Also judge this conjecture file (repeatable); it "
      + "joins the run and its report like a catalogue claim (format: README, 'Adding a conjecture').")
  List<Path> conjectureFiles = new ArrayList<>();

  @Option(names = "--shard", paramLabel = "I/N", description = "Judge only shard I of N (1-based):"
      + " the work units (one per claim, one for the report's figures) numbered I-1, I-1+N, …;"
      + " needs --results. Default: from Slurm's SLURM_ARRAY_TASK_* variables when set, else all."
      + " 'ncverify merge' combines the N results files into the report.")
  String shardText;

  @Option(names = "--results", paramLabel = "FILE.jsonl", description = "Write each judged unit as"
      + " one JSON line here (for 'ncverify merge'); an existing file is refused unless --resume."
      + " With it, a report is written only where --report-dir says (and never by a shard).")
  Path resultsFile;

  @Option(names = "--resume", description = "Continue an existing --results file of the same run:"
      + " units already in it are not judged again.")
  boolean resume;

  @Option(names = "--jobs", paramLabel = "J", description = "Worker processes on this machine"
      + " (default: the cores, here ${DEFAULT-VALUE}); results identical to --jobs 1.")
  int jobs = Workers.defaultJobs();

  /**
   * Internal (workers of --jobs): judge the units whose numbers arrive as lines on standard input,
   * one at a time, and stream each to standard output (protocol: {@link Workers}).
   */
  @Option(names = "--worker", hidden = true)
  boolean worker;

  /** Internal (workers of --jobs): also make each claim's report entry (its proof checked). */
  @Option(names = "--worker-entries", hidden = true)
  boolean workerEntries;

  /** Internal (workers of --jobs): make the entries without proofs (the parent adds them). */
  @Option(names = "--worker-no-proofs", hidden = true)
  boolean workerNoProofs;

  /** One judged unit of this process: what to print, and its payload when a report or file needs it. */
  private record Outcome(int unit, List<String> lines, List<String> verbose, Verdict verdict,
      VerifyUnit payload) {}

  @Override
  public Integer call() {
    search.validate();
    int tries = search.tries;
    long seed = search.seed;
    String setting = search.setting;
    validateFailOn(failOn);
    Workers.validate(jobs);
    List<Claim> claims = new ArrayList<>();
    for (String id : claimIds) {
      claims.add(Catalogue.byId(id).orElseThrow(() -> new InvalidInput("--claim", "unknown claim id '" + id
          + "'; run 'ncverify claims' for the list")));
    }
    if (claims.isEmpty()) {
      claims.addAll(Catalogue.all());
    }
    List<DeclaredConjecture> declared = new ArrayList<>();
    for (Path file : conjectureFiles) {
      declared.add(DeclaredConjecture.open(file));
    }
    claims.addAll(declared);
    if (setting != null && claims.size() != 1) {
      throw new InvalidInput("--setting", "needs exactly one --claim");
    }
    Setting given = setting == null ? null : Setting.parse(setting);
    if (given != null) {
      claims.get(0).outsideDomain(given).ifPresent(e -> {
        throw e;
      });
    }
    Shard shard = shard();
    Path dir = worker || !shard.isWhole() ? null : reportFolder();
    boolean payloads = worker ? workerEntries : resultsFile != null || dir != null;
    if (payloads && !worker) {
      requireProofFiles(claims, Path.of(""));
    }
    List<String> unitIds = new ArrayList<>();
    claims.forEach(c -> unitIds.add(c.id()));
    if (payloads) {
      unitIds.add(VerifyUnit.FIGURES);
    }
    ResultsFile.Header header = new ResultsFile.Header(VerifyUnit.KIND, ResultsFile.FORMAT,
        version(spec), arguments(), unitIds, shard.toString());
    Map<Integer, Outcome> done = new java.util.TreeMap<>();
    ResultsFile results = null;
    try {
      if (resultsFile != null) {
        results = ResultsFile.create("--results", resultsFile, header, resume);
        if (results.resumed()) {
          for (ResultsFile.Unit u : ResultsFile.read(resultsFile).units()) {
            done.put(u.unit(), outcome(u.unit(), u.payload(VerifyUnit.class)));
          }
          spec.commandLine().getErr().println("verify: resuming " + resultsFile + ": " + done.size()
              + " of its units are done");
        }
      }
      List<Integer> todo = new ArrayList<>();
      for (int u = 0; u < unitIds.size(); u++) {
        if (!worker && shard.owns(u) && !done.containsKey(u)) {
          todo.add(u);
        }
      }
      int figuresUnit = payloads ? claims.size() : -1;
      if (!worker && setting == null && tries > SearchOptions.DEFAULT_TRIES) {
        long settings = todo.stream().filter(u -> u != figuresUnit).count() * tries;
        spec.commandLine().getErr().printf(Locale.ROOT, "verify: %d claims x %d settings = %d settings; estimated "
            + "%.2f h at about %.1f s per setting on 2 cores, divided by the --jobs (%d) the cores allow"
            + " (memory stays that of one setting per job)%n",
            todo.size() - (todo.contains(figuresUnit) ? 1 : 0), tries, settings,
            settings * SECONDS_PER_SETTING / 3600, SECONDS_PER_SETTING, jobs);
      }
      long steps = todo.stream().mapToLong(u -> u == figuresUnit ? 1 : setting == null ? tries : 1).sum();
      ResultsFile out = results;
      Consumer<Outcome> finished = o -> {
        synchronized (done) {
          done.put(o.unit(), o);
        }
        if (out != null) {
          out.append(ResultsFile.unitLine(o.unit(), unitIds.get(o.unit()), o.payload()));
        }
        if (worker) {
          System.out.println(ResultsFile.unitLine(o.unit(), unitIds.get(o.unit()), o.payload()));
          System.out.flush();
        }
      };
      int workers = worker ? 1 : (int) Math.min(Math.min(jobs, todo.size()),
          (steps + MIN_STEPS_PER_WORKER - 1) / MIN_STEPS_PER_WORKER);
      if (worker) {
        NativeSetup.judgingThreads();
        Suite suite = workerNoProofs ? suite().withoutProofs() : suite();
        java.io.BufferedReader units = new java.io.BufferedReader(new java.io.InputStreamReader(
            System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (String u = readLine(units); u != null; u = readLine(units)) {
          judge(suite, claims, List.of(Integer.parseInt(u.strip())), figuresUnit, given, true,
              payloads, finished, () -> {
                System.err.println(Workers.PROGRESS);
                System.err.flush();
              }, c -> { });
        }
      } else {
        try (Progress bar = Progress.start("verify", steps, null, System.err)) {
          if (workers <= 1) {
            NativeSetup.judgingThreads();
            judge(suite(), claims, todo, figuresUnit, given, payloads, payloads, finished,
                bar::step, c -> bar.say(c == null ? VerifyUnit.FIGURES : c.id()));
          } else {
            // With report entries, one process checks every proof file while the others judge
            // (ProofProcess); it takes one of the J jobs.
            Map<String, Path> proofOf = new java.util.HashMap<>();
            for (int u : todo) {
              if (payloads && u != figuresUnit && Suite.hasProof(claims.get(u))) {
                proofOf.put(claims.get(u).id(), Path.of(claims.get(u).proofFile()));
              }
            }
            ProofProcess proofs = proofOf.isEmpty() ? null
                : ProofProcess.start(proofOf.values().stream().distinct().sorted().toList());
            int judging = proofs == null ? workers : Math.max(1, workers - 1);
            bar.say(Progress.count(judging, "worker")
                + (proofs == null ? "" : " and a proof process"));
            WithProofs joined = new WithProofs(proofOf, finished);
            Thread proofWait = null;
            if (proofs == null) {
              joined.transcriptsReady(Map.of());
            } else {
              proofWait = new Thread(() -> joined.transcriptsReady(proofs.transcripts()),
                  "ncverify-proofs");
              proofWait.setUncaughtExceptionHandler((t, e) -> joined.fail(e));
              proofWait.start();
            }
            java.util.Queue<Integer> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(
                longestFirst(todo, claims, figuresUnit, payloads && proofs == null));
            Workers.run(judging, workerJvmOptions(steps, judging), workerArgs(payloads,
                proofs != null), queue, line -> {
              if (Workers.isUnitLine(line)) {
                joined.accept(outcome(line));
              } else { // not a unit: something a library printed
                System.err.println(line);
              }
            }, () -> {
              synchronized (bar) {
                bar.step();
              }
            });
            if (proofWait != null) {
              try {
                proofWait.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the proofs", e);
              }
            }
            joined.rethrow();
          }
        }
      }
    } finally {
      if (results != null) {
        results.close();
      }
    }
    if (worker) {
      return ExitCode.OK.code();
    }
    Verdict worst = Verdict.VERIFIED;
    for (Outcome o : done.values()) {
      for (String line : o.lines()) {
        spec.commandLine().getOut().println(line);
      }
      if (search.verbose) {
        o.verbose().forEach(spec.commandLine().getOut()::println);
      }
      if (o.verdict() != null) {
        worst = worst.and(o.verdict());
      }
    }
    spec.commandLine().getOut().flush();
    if (dir != null) { // after the verdict lines, so that they are printed whatever happens here
      List<VerifyUnit> units = done.values().stream().map(Outcome::payload).toList();
      writeReport(units, dir, claimIds.isEmpty(), provenance());
    }
    if (resultsFile != null) {
      spec.commandLine().getErr().println("verify: shard " + shard + ": " + Progress.count(done.size(), "unit") + " in "
          + resultsFile + (shard.isWhole() ? "" : "; combine the shards with 'ncverify merge'"));
    }
    return exitCode(failOn, worst);
  }

  /**
   * A report entry (or a results line) carries its catalogue claim's checked proof file, read from
   * {@code proofs/ID.m} relative to the working directory. Run from anywhere else, every entry said
   * "no proof file" and the report was written anyway (fresh-user pass): refuse before any work,
   * naming the file, the directory it was looked for in and the two ways out.
   *
   * @param base the directory the proof paths are resolved against (the working directory)
   * @throws InvalidInput for the first catalogue claim whose proof file is not a regular file there
   */
  static void requireProofFiles(List<Claim> claims, Path base) {
    for (Claim c : claims) {
      if (c instanceof ncverify.claim.TheoryClaim
          && !java.nio.file.Files.isRegularFile(base.resolve(c.proofFile()))) {
        throw new InvalidInput(c.proofFile(), "claim " + c.id() + "'s proof file is not in "
            + base.toAbsolutePath().normalize() + " (proof files are read relative to the working "
            + "directory, and a report entry carries its checked proofs): run verify from the "
            + "repository root (or, without --results, pass --no-report)");
      }
    }
  }

  /**
   * Judges the units {@code todo} in order in this process: each claim unit through the suite
   * (and, when {@code payloads}, its report entry with its proof checked), the figures unit from
   * the seed.
   */
  private void judge(Suite suite, List<Claim> claims, List<Integer> todo, int figuresUnit,
      Setting given, boolean payloads, boolean entries, Consumer<Outcome> finished, Runnable step,
      Consumer<Claim> onClaim) {
    for (int u : todo) {
      if (u == figuresUnit) {
        onClaim.accept(null);
        finished.accept(new Outcome(u, List.of(), List.of(), null,
            new VerifyUnit(null, null, null, null, Suite.figures(search.seed))));
        step.run();
        continue;
      }
      Claim claim = claims.get(u);
      ClaimResult r = suite.judge(List.of(claim), search.seed, search.tries, given, onClaim,
          o -> step.run()).get(0);
      List<String> lines = List.of(line(r));
      List<String> verbose = outcomeLines(r);
      finished.accept(new Outcome(u, lines, verbose, r.verdict(),
          payloads ? new VerifyUnit(lines, verbose, r.verdict(), entries ? suite.entry(r) : null,
              null) : null));
    }
  }

  /** The suite that judges this process's units (one Symja engine for its proof files). */
  private Suite suite() {
    return classMeans ? new Suite(new ClaimRunner(PropertyEngine.standard(),
        new Verifier(Effort.standard().withClassMeanSearch(true)))) : new Suite();
  }

  /** A worker's next unit number from the parent, or null at the end of its input. */
  private static String readLine(java.io.BufferedReader in) {
    try {
      return in.readLine();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the next unit from the parent", e);
    }
  }

  /**
   * The units in the order they are handed to the workers: by {@link Suite#expectedCost}
   * (longest first, ties in run order), so that the last units to finish are short ones and the
   * workers end close together. Only the schedule depends on it, never a result.
   */
  private static List<Integer> longestFirst(List<Integer> todo, List<Claim> claims,
      int figuresUnit, boolean entries) {
    Map<Integer, Double> cost = new java.util.HashMap<>();
    for (int u : todo) {
      cost.put(u, u == figuresUnit ? 0.0 : Suite.expectedCost(claims.get(u), entries));
    }
    List<Integer> order = new ArrayList<>(todo);
    order.sort(java.util.Comparator.comparingDouble((Integer u) -> -cost.get(u)));
    return order;
  }

  /**
   * Worker outcomes joined with the proof process's transcripts: an outcome is finished (recorded,
   * written to the results file) as soon as both are in, so a cut run keeps what it finished.
   */
  private static final class WithProofs {
    private final Map<String, Path> proofOf;
    private final Consumer<Outcome> finished;
    private final Map<Integer, Outcome> pending = new java.util.TreeMap<>();
    private Map<String, ProofTranscript> transcripts;
    private Throwable failure;

    WithProofs(Map<String, Path> proofOf, Consumer<Outcome> finished) {
      this.proofOf = proofOf;
      this.finished = finished;
    }

    synchronized void accept(Outcome o) {
      if (transcripts == null) {
        pending.put(o.unit(), o);
      } else {
        finished.accept(withProof(o));
      }
    }

    synchronized void transcriptsReady(Map<String, ProofTranscript> byFile) {
      transcripts = byFile;
      pending.values().forEach(o -> finished.accept(withProof(o)));
      pending.clear();
    }

    synchronized void fail(Throwable e) {
      failure = e;
    }

    synchronized void rethrow() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
    }

    private Outcome withProof(Outcome o) {
      VerifyUnit v = o.payload();
      Path proof = v == null || v.claim() == null ? null : proofOf.get(v.claim().id());
      if (proof == null) {
        return o;
      }
      return outcome(o.unit(), new VerifyUnit(v.lines(), v.verbose(), v.verdict(),
          v.claim().withSymbolic(transcripts.get(proof.toString())), v.figures()));
    }
  }

  /** The outcome a results-file unit (or a worker's line) holds. */
  private static Outcome outcome(int unit, VerifyUnit v) {
    return new Outcome(unit, v.lines(), v.verbose(), v.verdict(), v);
  }

  private static Outcome outcome(String workerLine) {
    ResultsFile.Unit u = ResultsFile.parseLine(Path.of("(worker output)"), 1, workerLine);
    return outcome(u.unit(), u.payload(VerifyUnit.class));
  }

  /** A worker's command line: this run's arguments and one job (judging threads: NativeSetup.judgingThreads); its units come on standard input. */
  private List<String> workerArgs(boolean entries, boolean noProofs) {
    List<String> a = new ArrayList<>(List.of("verify", "--tries", "" + search.tries, "--seed",
        "" + search.seed, "--no-report", "--jobs", "1", "--worker"));
    claimIds.forEach(id -> a.addAll(List.of("--claim", id)));
    conjectureFiles.forEach(f -> a.addAll(List.of("--conjecture", f.toString())));
    if (search.setting != null) {
      a.addAll(List.of("--setting", search.setting));
    }
    if (classMeans) {
      a.add("--class-means");
    }
    if (entries) {
      a.add("--worker-entries");
    }
    if (noProofs) {
      a.add("--worker-no-proofs");
    }
    return a;
  }

  /**
   * The shard this run judges: {@code --shard}, else the Slurm array task's (said on standard
   * error), else the whole run. A share of the run needs --results and writes no report.
   */
  private Shard shard() {
    if (resume && resultsFile == null) {
      throw new InvalidInput("--resume", "needs --results FILE (the file to continue)");
    }
    if (worker) {
      return Shard.WHOLE;
    }
    Shard shard;
    String place = "--shard";
    if (shardText != null) {
      shard = Shard.parse("--shard", shardText);
    } else {
      Optional<Shard> fromSlurm = Shard.fromEnvironment();
      if (fromSlurm.isEmpty()) {
        return Shard.WHOLE;
      }
      shard = fromSlurm.get();
      place = Shard.TASK_ID + " (shard " + shard + " from Slurm's array variables)";
      spec.commandLine().getErr().println("verify: shard " + shard + " from Slurm's array variables ("
          + Shard.TASK_ID + "=" + System.getenv(Shard.TASK_ID) + "); give --shard to override");
    }
    if (!shard.isWhole() && resultsFile == null) {
      throw new InvalidInput(place, "a shard needs --results FILE.jsonl (its units go there; "
          + "'ncverify merge' combines the shards' files into the report)");
    }
    if (!shard.isWhole() && reportDir != null) {
      throw new InvalidInput("--report-dir", "a shard writes no report; 'ncverify merge FILE... "
          + "--report-dir DIR' writes it from every shard's results file");
    }
    return shard;
  }

  /** Every argument that decides the results, for the results-file header. */
  private Map<String, String> arguments() {
    Map<String, String> a = new java.util.LinkedHashMap<>();
    a.put("claims", String.join(",", claimIds));
    a.put("conjectures", conjectureFiles.stream().map(Path::toString).collect(Collectors.joining(",")));
    a.put("tries", "" + search.tries);
    a.put("seed", "" + search.seed);
    a.put("setting", search.setting == null ? "" : search.setting);
    a.put("class-means", "" + classMeans);
    a.put(ResultsFile.PROVENANCE, provenance());
    return a;
  }

  /** The program version, as {@code --version} prints it (recorded in results files). */
  static String version(CommandSpec spec) {
    String[] v = spec.root().version();
    return v.length == 0 ? "" : v[0];
  }

  /** -v: one indented line per judged setting (verdict, setting, reason); verify and check. */
  static List<String> outcomeLines(ClaimResult r) {
    return r.outcomes().stream()
        .map(o -> "    " + o.verdict() + "  '" + o.setting() + "'  " + o.reason()).toList();
  }

  static void validateFailOn(String failOn) {
    if (!List.of("never", "refuted", "inconclusive").contains(failOn)) {
      throw new InvalidInput("--fail-on", "must be never, refuted or inconclusive, got '" + failOn + "'");
    }
  }

  /** Exit 1 when the worst verdict is at least as bad as {@code failOn} (CI gating), else 0. */
  static int exitCode(String failOn, Verdict worst) {
    boolean fail = switch (failOn) {
      case "refuted" -> worst == Verdict.REFUTED;
      case "inconclusive" -> worst != Verdict.VERIFIED;
      default -> false;
    };
    return fail ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }

  /**
   * The folder this run writes its report into (validated now, before any work), or null. Only the
   * default run writes into reports/ unasked; other runs of every claim write into their own
   * folder under {@value #LOCAL_REPORTS}; runs of some claims write only where asked.
   */
  private Path reportFolder() {
    if (noReport) {
      if (reportDir != null) {
        throw new InvalidInput("--report-dir", "cannot be combined with --no-report");
      }
      return null;
    }
    if (reportDir != null) {
      return ReportFolder.validate("--report-dir", reportDir, ReportWriter.TOP_FILES);
    }
    if (resultsFile != null) {
      return null; // a run into a results file writes a report only where --report-dir asks
    }
    String dir = defaultReportDir(!claimIds.isEmpty(), search);
    return dir == null ? null : ReportFolder.validate("--report-dir (default " + dir + ")", dir,
        ReportWriter.TOP_FILES);
  }

  /** The report folder of a run not given --report-dir: see {@link #reportFolder()}. */
  static String defaultReportDir(boolean someClaims, SearchOptions search) {
    if (someClaims || search.setting != null) {
      return null;
    }
    return search.isDefault() ? "reports"
        : LOCAL_REPORTS + "verify-tries-" + search.tries + "-seed-" + search.seed;
  }

  /** The command that produced a report (no timestamps), shown in it. */
  private String provenance() {
    return "java -jar target/ncverify.jar verify --tries " + search.tries + " --seed " + search.seed
        + claimIds.stream().map(id -> " --claim " + id).reduce("", String::concat)
        + (search.setting == null ? "" : " --setting '" + search.setting + "'");
  }

  /**
   * Proof transcripts, the three figures and the claim table, into {@code dir}, from the units in
   * run order (the figures unit last). {@code merge} writes through here too, so a merged report
   * and a single run's are made by the same code from the same data.
   *
   * @param complete the run judged every catalogue claim (pages of other claims are pruned)
   */
  static void writeReport(List<VerifyUnit> units, Path dir, boolean complete, String provenance) {
    List<ClaimEntry> entries = new ArrayList<>();
    Plots figures = null;
    for (VerifyUnit u : units) {
      if (u.claim() != null) {
        entries.add(u.claim());
      } else {
        figures = u.figures();
      }
    }
    try {
      ReportWriter.write(Suite.reportModel(entries, figures, provenance), dir, complete);
    } catch (java.io.IOException e) {
      throw InvalidInput.file(dir, "cannot write the report (" + e.getMessage() + ")");
    }
    System.err.println("report written to " + dir);
  }

  static String line(ClaimResult r) {
    return line(r, r.claim() instanceof DeclaredConjecture c
        ? "java -jar target/ncverify.jar check " + c.file().path()
        : "java -jar target/ncverify.jar verify --claim " + r.claim().id());
  }

  /** One line per claim; a REFUTED line ends with the command (prefix + setting + seed) reproducing it. */
  static String line(ClaimResult r, String reproducePrefix) {
    String head = String.format(Locale.ROOT, "%-12s %-32s", r.verdict(), r.claim().id());
    if (r.verdict() == Verdict.REFUTED) {
      SettingOutcome o = r.counterexample();
      Counterexample c = o.counterexample();
      return head + " " + c.kind() + ": setting='" + o.setting() + "' seed=" + o.seed()
          + String.format(Locale.ROOT, " predicted objective=%.12g competing objective=%.12g",
              c.predictedObjective(), c.competingObjective())
          + " (" + c.origin() + "; " + c.detail() + ")"
          + "\n             reproduce: " + reproducePrefix + " --setting '" + o.setting() + "' --seed "
          + o.seed();
    }
    StringBuilder sb = new StringBuilder(head).append(" ").append(r.tries()).append(" setting(s)");
    if (r.verdict() == Verdict.INCONCLUSIVE) {
      r.outcomes().stream().filter(o -> o.verdict() == Verdict.INCONCLUSIVE).findFirst()
          .ifPresent(o -> sb.append("; e.g. '").append(o.setting()).append("': ").append(o.reason()));
    } else {
      r.worstDeviations().entrySet().stream()
          .max(java.util.Map.Entry.comparingByValue())
          .ifPresent(e -> sb.append(String.format(Locale.ROOT, "; worst deviation %s=%.2e",
              e.getKey(), e.getValue())));
      // an accepted tied structure's distance to the stated one is no deviation: say what held
      r.outcomes().stream().map(SettingOutcome::reason)
          .filter(why -> why != null && why.contains(Verifier.HELD_AT_TIE)).findFirst()
          .ifPresent(why -> {
            String held = why.substring(why.indexOf(Verifier.HELD_AT_TIE));
            int details = held.indexOf(" ("); // the accepted points, one by one: the report has them
            sb.append("; ").append(details < 0 ? held : held.substring(0, details));
          });
    }
    return sb.toString();
  }
}

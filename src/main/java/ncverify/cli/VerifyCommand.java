package ncverify.cli;

import ncverify.core.InvalidInput;
import java.nio.file.Path;
import ncverify.report.ReportWriter;
import ncverify.core.ReportFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
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

  @Option(names = "--no-report", description = "Do not write a report.")
  boolean noReport;

  @Option(names = "--conjecture", description = "Also judge this conjecture file (repeatable); it "
      + "joins the run and its report like a catalogue claim (format: README, 'Adding a conjecture').")
  List<Path> conjectureFiles = new ArrayList<>();

  @Override
  public Integer call() {
    search.validate();
    int tries = search.tries;
    long seed = search.seed;
    String setting = search.setting;
    validateFailOn(failOn);
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
    Path dir = reportFolder();
    if (setting == null && tries > SearchOptions.DEFAULT_TRIES) {
      long settings = (long) claims.size() * tries;
      spec.commandLine().getErr().printf(Locale.ROOT, "verify: %d claims x %d settings = %d settings; estimated "
          + "%.2f h at about %.1f s per setting on 2 cores (memory stays that of one setting)%n",
          claims.size(), tries, settings, settings * SECONDS_PER_SETTING / 3600, SECONDS_PER_SETTING);
    }
    List<ClaimResult> results;
    int total = setting == null ? claims.size() * tries : 1;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("verify").setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .continuousUpdate().build()) {
      Suite suite = classMeans ? new Suite(new ClaimRunner(PropertyEngine.standard(),
          new Verifier(Effort.standard().withClassMeanSearch(true)))) : new Suite();
      results = suite.judge(claims, seed, tries, given,
          c -> bar.setExtraMessage(c.id()), o -> bar.step());
    }
    Verdict worst = Verdict.VERIFIED;
    for (ClaimResult r : results) {
      spec.commandLine().getOut().println(line(r));
      if (search.verbose) {
        printOutcomes(spec.commandLine().getOut(), r);
      }
      worst = worst.and(r.verdict());
    }
    spec.commandLine().getOut().flush();
    if (dir != null) { // after the verdict lines, so that they are printed whatever happens here
      writeReport(results, dir);
    }
    return exitCode(failOn, worst);
  }

  /** {@code -v}: one indented line per judged setting (verdict, setting, reason); verify and check. */
  static void printOutcomes(java.io.PrintWriter out, ClaimResult r) {
    for (SettingOutcome o : r.outcomes()) {
      out.println("    " + o.verdict() + "  '" + o.setting() + "'  " + o.reason());
    }
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
      return ReportFolder.validate("--report-dir", reportDir);
    }
    String dir = defaultReportDir(!claimIds.isEmpty(), search);
    return dir == null ? null : ReportFolder.validate("--report-dir (default " + dir + ")", dir);
  }

  /** The report folder of a run not given --report-dir: see {@link #reportFolder()}. */
  static String defaultReportDir(boolean someClaims, SearchOptions search) {
    if (someClaims || search.setting != null) {
      return null;
    }
    return search.isDefault() ? "reports"
        : LOCAL_REPORTS + "verify-tries-" + search.tries + "-seed-" + search.seed;
  }

  /** Proof transcripts, the three figures and the claim table, into {@code dir}. */
  private void writeReport(List<ClaimResult> results, Path dir) {
    String provenance = "java -jar target/ncverify.jar verify --tries " + search.tries + " --seed " + search.seed
        + claimIds.stream().map(id -> " --claim " + id).reduce("", String::concat)
        + (search.setting == null ? "" : " --setting '" + search.setting + "'");
    try {
      ReportWriter.write(Suite.reportModel(results, search.seed, provenance, System.err::println), dir,
          claimIds.isEmpty());
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
    }
    return sb.toString();
  }
}

package ncverify.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.SettingOutcome;
import ncverify.problem.Setting;
import ncverify.report.ClaimEntry;
import ncverify.report.Plots;
import ncverify.report.ReportModel;
import ncverify.symbolic.ProofChecker;
import ncverify.symbolic.ProofTranscript;

/**
 * The default run, in one place: judge every claim (property engine + verifier), check the proof
 * files, compute the figures, and assemble the report model that the writers in
 * {@code ncverify.report} turn into files. The command line only parses options and prints.
 */
public final class Suite {
  private final ClaimRunner runner;
  private ProofChecker checker;
  private boolean proofs = true;

  public Suite(ClaimRunner runner) {
    this.runner = runner;
  }

  public Suite() {
    this(new ClaimRunner());
  }

  /**
   * Judges each claim on {@code tries} settings of its domain drawn with {@code seed}, or on the
   * one given {@code setting} (then {@code claims} has one element).
   *
   * @param onClaim called with each claim before it is judged
   * @param onSetting called after every judged setting (progress)
   */
  public List<ClaimResult> judge(List<Claim> claims, long seed, int tries, Setting setting,
      Consumer<Claim> onClaim, Consumer<SettingOutcome> onSetting) {
    List<ClaimResult> results = new ArrayList<>();
    for (Claim claim : claims) {
      onClaim.accept(claim);
      if (setting != null) {
        ClaimResult r = runner.runOne(claim, setting, seed);
        r.outcomes().forEach(onSetting);
        results.add(r);
      } else {
        results.add(runner.run(claim, seed, tries, onSetting));
      }
    }
    return results;
  }

  /**
   * Proof transcripts of the judged claims (those with a proof file), the three figures from
   * {@code seed}, and the claim entries, as the report model.
   *
   * @param progress receives one line per stage (for the user; never the report)
   * @param provenance the command that produced the report (no timestamps)
   */
  public static ReportModel reportModel(List<ClaimResult> results, long seed, String provenance,
      Consumer<String> progress) {
    progress.accept("checking proofs …");
    List<ClaimEntry> entries = new ArrayList<>();
    Suite reporter = new Suite();
    for (ClaimResult r : results) {
      entries.add(reporter.entry(r));
    }
    progress.accept("computing figures …");
    return reportModel(entries, figures(seed), provenance);
  }

  /**
   * The report entry of one judged claim, with its proof file checked when it has one (only
   * catalogue claims have proof files; a declared conjecture's file is not one). One proof
   * checker (one Symja engine) serves every call on this suite; a suite is used by one thread.
   */
  public ClaimEntry entry(ClaimResult r) {
    Path proof = Path.of(r.claim().proofFile());
    ProofTranscript transcript = null;
    if (proofs && hasProof(r.claim())) {
      if (checker == null) {
        checker = new ProofChecker();
      }
      transcript = checker.check(proof);
    }
    return ClaimReports.entry(r, transcript);
  }

  /**
   * This suite's entries without their proof transcripts (another process checks the proof
   * files, and its transcripts are put in with {@link ClaimEntry#withSymbolic}).
   */
  public Suite withoutProofs() {
    proofs = false;
    return this;
  }

  /** Whether a judged claim's report entry carries its checked proof file. */
  public static boolean hasProof(Claim claim) {
    return claim instanceof ncverify.claim.TheoryClaim && Files.exists(Path.of(claim.proofFile()));
  }

  /**
   * A rough, relative cost of judging a claim (and, with {@code entries}, checking its proof
   * file), for scheduling only ({@code --jobs} hands out the costliest units first): one for the
   * judging plus the proof file's size in kilobytes. Measured (CPU seconds, default run, the
   * largest proof file 11 kB and 4 s, the judging 0.1-3 s per claim): a rough guide, which is all
   * the schedule needs (units are handed out as workers become free).
   */
  public static double expectedCost(Claim claim, boolean entries) {
    Path proof = Path.of(claim.proofFile());
    double cost = 1;
    if (entries && claim instanceof ncverify.claim.TheoryClaim && Files.isReadable(proof)) {
      try {
        cost += Files.size(proof) / 1000.0;
      } catch (java.io.IOException e) {
        // unreadable now: the proof check will say so; the schedule does not matter
      }
    }
    return cost;
  }

  /** The report-wide plots (a) and (c), computed from {@code seed} (plot (b) is per claim). */
  public static Plots figures(long seed) {
    return new Plots(Figures.representativeRun(seed), null, Figures.collapseSweep(seed));
  }

  /** The report model from the entries in run order and the report-wide {@link #figures}. */
  public static ReportModel reportModel(List<ClaimEntry> entries, Plots figures, String provenance) {
    return ClaimReports.build(entries, figures.run(), figures.sweep(), provenance);
  }
}

package ncverify.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.SettingOutcome;
import ncverify.problem.Setting;
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
    ProofChecker checker = new ProofChecker();
    Map<String, ProofTranscript> proofs = new LinkedHashMap<>();
    for (ClaimResult r : results) {
      // Only catalogue claims have proof files; a declared conjecture's file is not one.
      Path proof = Path.of(r.claim().proofFile());
      if (r.claim() instanceof ncverify.claim.TheoryClaim && Files.exists(proof)) {
        proofs.put(r.claim().id(), checker.check(proof));
      }
    }
    progress.accept("computing figures …");
    return ClaimReports.build(results, proofs, Figures.representativeRun(seed),
        Figures.collapseSweep(seed), provenance);
  }
}

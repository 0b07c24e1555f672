package ncverify.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ncverify.claim.Check;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.Counterexample;
import ncverify.claim.Finding;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerance;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.report.CheckResult;
import ncverify.report.ClaimEntry;
import ncverify.report.CollapseSweep;
import ncverify.report.LengthComparison;
import ncverify.report.Plots;
import ncverify.report.ReportModel;
import ncverify.report.TrainingTrace;
import ncverify.symbolic.ProofTranscript;
import ncverify.theory.Prediction;

/**
 * Assembles the report model from the verifier's results and the proof transcripts: the domain
 * types pass through as they are; only the per-claim lengths plot (b) is computed here, from the
 * prediction each outcome carries (the theory is not run again).
 */
public final class ClaimReports {
  private ClaimReports() {}

  /** Certificates of the predicted point, reported beside the structural checks. */
  private static final List<Tolerance> CERTIFICATES =
      List.of(Tolerances.PREDICTED_STATIONARITY, Tolerances.VALUE_CONSISTENCY);

  /**
   * @param proofs proof transcript per claim id (absent: the claim has no proof file)
   * @param run plot (a); the lengths plot (b) is the first claim's with live classes
   * @param sweep plot (c)
   * @param provenance the command that produced the report (no timestamps)
   */
  public static ReportModel build(List<ClaimResult> results, Map<String, ProofTranscript> proofs,
      TrainingTrace run, CollapseSweep sweep, String provenance) {
    List<ClaimEntry> entries = new ArrayList<>();
    for (ClaimResult r : results) {
      entries.add(entry(r, proofs.get(r.claim().id())));
    }
    return build(entries, run, sweep, provenance);
  }

  /**
   * The report model from claim entries in run order (as {@link #entry} made them, possibly in
   * other processes and read back from results files).
   *
   * @param run plot (a); the lengths plot (b) is the first entry's (in run order) with one
   * @param sweep plot (c)
   */
  public static ReportModel build(List<ClaimEntry> entries, TrainingTrace run, CollapseSweep sweep,
      String provenance) {
    LengthComparison lengths = entries.stream().map(e -> e.plots().lengths())
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    return new ReportModel("ncverify: claims of Neural Collapse theory", provenance, entries,
        new Plots(run, lengths, sweep));
  }

  /**
   * Everything the report says about one judged claim.
   *
   * @param proof its checked proof file, or null if it has none
   */
  public static ClaimEntry entry(ClaimResult r, ProofTranscript proof) {
    Claim c = r.claim();
    List<CheckResult> checks = new ArrayList<>();
    for (Tolerance t : CERTIFICATES) {
      // A certificate the claim's judging does not use (a "not global" claim is judged by a point
      // below the prediction, not by the prediction's stationarity) is left out, not shown as failed.
      Double worst = r.worstDeviations().get(t.name());
      if (worst != null) {
        checks.add(result(t.name(), worst, t));
      }
    }
    for (Check check : c.checks()) {
      Double worst = r.worstDeviations().get(check.name());
      if (worst != null) {
        checks.add(result(check.name(), worst, check.tolerance()));
      }
    }
    if (!(c instanceof TheoryClaim)) {
      // A declared conjecture's checks are its file's lines, each judged by QuantityJudge against
      // the tolerance the file gives that line; the worst deviation per line is reported with it.
      Set<String> certificates = new java.util.HashSet<>();
      CERTIFICATES.forEach(t -> certificates.add(t.name()));
      r.worstDeviations().forEach((name, worst) -> {
        if (!certificates.contains(name)) {
          checks.add(new CheckResult(name, worst, Double.NaN, "file",
              "the tolerance the conjecture file gives this line (judged by verify.QuantityJudge)",
              r.verdict() == Verdict.VERIFIED));
        }
      });
    }
    Counterexample ce = r.verdict() == Verdict.REFUTED && r.counterexample() != null
        ? r.counterexample().counterexample() : null;
    Finding finding = c instanceof TheoryClaim t ? t.finding().orElse(null) : null;
    return new ClaimEntry(c.id(), c.title(), c.source(), c.status(), c.statement(), finding,
        c.domain().description(), proof, r.verdict(), r.tries(), note(r), checks, ce,
        new Plots(null, lengths(r), null));
  }

  private static CheckResult result(String name, Double worst, Tolerance t) {
    double w = worst == null ? Double.NaN : worst;
    return new CheckResult(name, w, t.value(), t.name(), t.reason(), w <= t.value());
  }

  private static String note(ClaimResult r) {
    long v = r.count(Verdict.VERIFIED), i = r.count(Verdict.INCONCLUSIVE), f = r.count(Verdict.REFUTED);
    String counts = v + " verified, " + f + " refuted, " + i + " inconclusive of " + r.tries()
        + " settings (seed " + r.seed() + ")";
    if (r.verdict() == Verdict.REFUTED && r.counterexample() != null) {
      return counts + "; smallest counterexample after " + r.shrinkEvaluations()
          + " shrinking evaluations: " + r.counterexample().reason();
    }
    return r.outcomes().stream().filter(o -> o.verdict() == Verdict.INCONCLUSIVE).findFirst()
        .map(o -> counts + "; e.g. " + o.setting() + ": " + o.reason()).orElse(counts);
  }

  /**
   * Predicted against measured lengths on the claim's most informative verified setting: the one
   * with the most distinct live class sizes (then the most classes).
   */
  private static LengthComparison lengths(ClaimResult r) {
    SettingOutcome best = null;
    Prediction bestP = null;
    long bestScore = -1;
    for (SettingOutcome o : r.outcomes()) {
      if (o.verdict() != Verdict.VERIFIED || o.bestRun() == null) {
        continue;
      }
      Prediction p = o.prediction();
      if (p == null || p.collapsed().length == o.setting().K()) {
        continue;
      }
      long distinct = java.util.Arrays.stream(o.setting().counts()).distinct().count();
      long score = distinct * 100 + o.setting().K() - p.collapsed().length;
      if (score > bestScore) {
        best = o;
        bestP = p;
        bestScore = score;
      }
    }
    return best == null ? null : Figures.lengths(bestP, best.bestRun().x());
  }
}

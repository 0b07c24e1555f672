package ncverify.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import ncverify.claim.Counterexample;
import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.claim.Verdict;
import ncverify.symbolic.ProofTranscript;

/**
 * Everything the report says about one claim, in the domain's own types (the claim's status and
 * finding, the verifier's verdict and counterexample, the proof checker's transcript).
 *
 * @param id             stable kebab-case id (names the claim class, proof file and report page)
 * @param title          short human-readable title
 * @param source         where it comes from, e.g. {@code P1 Thm 3.1}
 * @param status         THEOREM or CONJECTURE
 * @param statement      the precise statement: what every global minimiser looks like
 * @param finding        what the suite has found about the claim, or null if none is recorded
 * @param domain         the settings the claim is about, in words
 * @param symbolic       the checked proof file (every step with its relation, prose and status),
 *                       or null if the claim has none
 * @param verdict        numeric verdict
 * @param tries          number of settings (or setting × seed pairs) tried
 * @param verdictNote    why the verdict is what it is (e.g. "not converged"); never null
 * @param checks         every named check with its worst deviation and tolerance
 * @param counterexample required when REFUTED, null otherwise
 * @param plots          plots specific to this claim ({@link Plots#NONE} if none)
 */
public record ClaimEntry(String id, String title, String source, SourceStatus status,
    String statement, Finding finding, String domain, ProofTranscript symbolic, Verdict verdict,
    int tries, String verdictNote,
    List<CheckResult> checks, Counterexample counterexample, Plots plots) {

  /** This entry with {@code transcript} as its checked proof file. */
  public ClaimEntry withSymbolic(ProofTranscript transcript) {
    return new ClaimEntry(id, title, source, status, statement, finding, domain, transcript,
        verdict, tries, verdictNote, checks, counterexample, plots);
  }

  /** Ids are used as file names and HTML anchors, so they are restricted to kebab-case. */
  static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public ClaimEntry {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("claim id must be kebab-case [a-z0-9-], got '" + id + "'");
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(verdict, "verdict");
    statement = statement == null ? "" : statement;
    domain = domain == null ? "" : domain;
    verdictNote = verdictNote == null ? "" : verdictNote;
    checks = List.copyOf(checks);
    plots = plots == null ? Plots.NONE : plots;
    if (tries < 0) {
      throw new IllegalArgumentException("tries must be >= 0 for claim " + id);
    }
    if (verdict == Verdict.REFUTED && counterexample == null) {
      throw new IllegalArgumentException("claim " + id + " is REFUTED but has no counterexample");
    }
    if (verdict != Verdict.REFUTED && counterexample != null) {
      throw new IllegalArgumentException(
          "claim " + id + " has a counterexample but its verdict is " + verdict);
    }
    if (verdict == Verdict.VERIFIED && (tries == 0 || checks.isEmpty())) {
      // Never VERIFIED by default: a verdict without any try or check establishes nothing.
      throw new IllegalArgumentException(
          "claim " + id + " is VERIFIED with " + tries + " tries and " + checks.size() + " checks");
    }
    if (verdict == Verdict.VERIFIED) {
      for (CheckResult k : checks) {
        if (!k.passed()) {
          throw new IllegalArgumentException(
              "claim " + id + " is VERIFIED but its check " + k.name() + " failed");
        }
      }
    }
  }
}

package ncverify.claim;

import java.util.Objects;

/**
 * What the suite has found about a claim: the verdict its default run reaches, and that result in
 * one or two sentences (e.g. "the suite refutes this published theorem: …"). The property test
 * asserts the verdict; the report prints the summary next to the statement.
 *
 * @param verdict the verdict the default run (and the claim's property test) reaches
 * @param summary the finding in words, with the evidence for a REFUTED one
 */
public record Finding(Verdict verdict, String summary) {
  public Finding {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(summary, "summary");
    if (summary.isBlank()) {
      throw new IllegalArgumentException("a finding needs a summary");
    }
  }

  /** Verified on every setting tried. */
  public static Finding verified(String summary) {
    return new Finding(Verdict.VERIFIED, summary);
  }

  /** Refuted, with the evidence in {@code summary}. */
  public static Finding refuted(String summary) {
    return new Finding(Verdict.REFUTED, summary);
  }
}

package ncverify.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * Result of checking a claim's proof file. The counts are derived from the transcript so they can
 * never disagree with it.
 *
 * @param proofFile  the proof file (relative path)
 * @param transcript every step in file order
 */
// The counts are written for readers of claims.json and ignored when reading it back.
@JsonIgnoreProperties(value = {"verified", "numericOnly", "failed"}, allowGetters = true)
public record SymbolicSummary(String proofFile, List<ProofStep> transcript) {
  public SymbolicSummary {
    Objects.requireNonNull(proofFile, "proofFile");
    transcript = List.copyOf(transcript);
  }

  @JsonProperty("verified")
  public int verified() {
    return count(StepStatus.VERIFIED);
  }

  @JsonProperty("numericOnly")
  public int numericOnly() {
    return count(StepStatus.NUMERIC_ONLY);
  }

  @JsonProperty("failed")
  public int failed() {
    return count(StepStatus.FAILED);
  }

  /** e.g. {@code 12 verified, 2 numeric-only, 0 failed}. */
  public String summaryLine() {
    return verified() + " verified, " + numericOnly() + " numeric-only, " + failed() + " failed";
  }

  private int count(StepStatus s) {
    return (int) transcript.stream().filter(p -> p.status() == s).count();
  }
}

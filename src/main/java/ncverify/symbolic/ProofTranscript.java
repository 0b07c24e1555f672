package ncverify.symbolic;

import java.util.List;

/** All step results of one proof file, in file order. */
public record ProofTranscript(String file, List<StepResult> steps, long millis) {

  public ProofTranscript {
    steps = List.copyOf(steps);
  }

  public long count(StepStatus status) {
    return steps.stream().filter(s -> s.status() == status).count();
  }

  public boolean failed() {
    return count(StepStatus.FAILED) > 0;
  }

  /** e.g. {@code 12 VERIFIED_SYMBOLIC, 2 CHECKED_NUMERIC, 0 FAILED} (the statuses of proofs/README.md). */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (StepStatus s : StepStatus.values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(count(s)).append(' ').append(s.name());
    }
    return sb.toString();
  }
}

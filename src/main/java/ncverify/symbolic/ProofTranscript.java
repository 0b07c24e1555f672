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
}

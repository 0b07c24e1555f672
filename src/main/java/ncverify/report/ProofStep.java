package ncverify.report;

import java.util.Objects;

/**
 * One step of a checked proof transcript.
 *
 * @param file   proof file the step comes from (relative path, e.g. {@code proofs/p1-mse.m})
 * @param line   1-based line of the step in that file
 * @param name   the step's name as written in the proof file
 * @param status outcome of the check
 * @param detail what was checked or why it failed (may be empty, never null)
 */
public record ProofStep(String file, int line, String name, StepStatus status, String detail) {
  public ProofStep {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    if (line < 1) {
      throw new IllegalArgumentException("proof step line must be >= 1, got " + line);
    }
  }

  /** {@code file:line}, the form editors and {@code git grep} understand. */
  public String location() {
    return file + ":" + line;
  }
}

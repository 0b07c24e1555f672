package ncverify.symbolic;

/**
 * One checked step of a proof file, ready to embed in a report (all fields are plain data, so
 * Jackson serialises it as JSON directly).
 *
 * @param file the proof file as given (path string)
 * @param line 1-based line where the step starts
 * @param name the step's name (first argument of {@code Step})
 * @param expression the relation as written in the file
 * @param prose the comment text written just before the step (the theorist's explanation)
 * @param status the outcome
 * @param detail how it was decided (simplification used, points tried, worst deviation, or the
 *     counterexample point with both sides' values)
 * @param millis wall-clock time spent on the step
 */
public record StepResult(String file, int line, String name, String expression, String prose,
    StepStatus status, String detail, long millis) {

  /** {@code file:line}, the form editors and the CLI use. */
  public String location() {
    return file + ":" + line;
  }
}

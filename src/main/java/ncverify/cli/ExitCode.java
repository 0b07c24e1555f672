package ncverify.cli;

/**
 * The process exit codes: part of the command-line interface (scripts and CI rely on them).
 */
public enum ExitCode {
  /** Everything asked for was done and every checked claim or proof held. */
  OK(0),
  /** A checked claim or proof failed (REFUTED, or INCONCLUSIVE under --fail-on inconclusive), or a run diverged. */
  FAILED(1),
  /** Bad input: the message names the place (file:line, key, flag, array) and the rule; never a stack trace. */
  BAD_INPUT(2),
  /** No theory covers the requested setting. */
  NOT_COVERED(3),
  /**
   * An internal error (a bug in ncverify, not in the input or a failed claim): the stack trace is
   * printed for the bug report. 70 is EX_SOFTWARE of sysexits.h; picocli's own default (1) would be
   * mistaken for a failed claim.
   */
  INTERNAL(70);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }
}

package ncverify.cli;

/**
 * A problem with what the user gave us (a setting, a file, an option). The CLI prints its message
 * alone, without a stack trace, and exits with {@link #exitCode()}.
 */
public class UserError extends RuntimeException {
  private final int exitCode;

  public UserError(String message) {
    this(message, Main.EXIT_BAD_INPUT);
  }

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

package ncverify.cli;

import ncverify.core.InvalidInput;
import ncverify.practical.TorchWorkerFailed;
import ncverify.practical.TrainingDiverged;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar target/ncverify.jar <command> …}.
 *
 * <p>Exit codes are part of the interface: see {@link ExitCode}.
 */
@Command(name = "ncverify", mixinStandardHelpOptions = true, version = "ncverify 0.1.0",
    description = "Checks the theory of Neural Collapse: derive, train, judge, report.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main {

  /** Every subcommand, in help order. Each lives in its own class in this package. */
  static final Class<?>[] COMMANDS = {
      TrainCommand.class,
      BenchCommand.class,
      PredictCommand.class,
      ClaimsCommand.class,
      VerifyCommand.class,
      MergeCommand.class,
      CheckCommand.class,
      SweepCommand.class,
      ProveCommand.class,
      PracticalCommand.class,
      MeasureCommand.class,
      AgreementCommand.class,
  };

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a command line and returns its exit code (used by tests, which must not call exit). No
   * stack trace reaches the user: bad input is one line naming the place and the rule (exit 2);
   * anything else, errors such as OutOfMemoryError included, is one line asking for a report
   * (exit {@link ExitCode#INTERNAL}), with the trace saved to a file named in that line.
   */
  public static int run(String... args) {
    CommandLine cli = null;
    try {
      NativeSetup.configure();
      cli = commandLine();
      return cli.execute(args);
    } catch (Throwable t) { // picocli hands on Errors (e.g. OutOfMemoryError) from a command
      java.io.PrintWriter err = cli != null ? cli.getErr()
          : new java.io.PrintWriter(System.err, true);
      return internalError(t, err);
    }
  }

  /** Prints the one-line internal-error message and returns {@link ExitCode#INTERNAL}. */
  static int internalError(Throwable t, java.io.PrintWriter err) {
    String where = saveTrace(t);
    String what = t instanceof OutOfMemoryError
        ? "out of memory (" + t.getMessage() + "); the input passed every documented limit, so "
            + "this is a bug, or the heap is smaller than the default (raise it with java -Xmx…)"
        : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
    err.println("internal error (a bug in ncverify, not in your input): " + what
        + "; please report it with the command line" + (where == null ? "" : " and " + where));
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  /** Writes the stack trace to a fresh file in the temporary directory; null if that fails. */
  private static String saveTrace(Throwable t) {
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("ncverify-internal-error-", ".txt");
      java.io.StringWriter sw = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(sw));
      java.nio.file.Files.writeString(f, sw.toString());
      return f.toString();
    } catch (Throwable e) { // the message must still come out (disk full, out of memory)
      return null;
    }
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl) + " …";
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> c : COMMANDS) {
      cli.addSubcommand(c);
    }
    NumberConverters.register(cli);
    cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
      Throwable t = ex;
      while (t.getCause() != null && !(t instanceof InvalidInput) && !(t instanceof TrainingDiverged)
          && !(t instanceof TorchWorkerFailed)) {
        t = t.getCause();
      }
      if (t instanceof ncverify.theory.NotCovered n) { // before its superclass: exit 3, not 2
        cmd.getErr().println("error: " + n.getMessage());
        return ExitCode.NOT_COVERED.code();
      }
      if (t instanceof InvalidInput u) {
        cmd.getErr().println("error: " + u.getMessage());
        return ExitCode.BAD_INPUT.code();
      }
      if (t instanceof TrainingDiverged d) {
        cmd.getErr().println("error: " + d.getMessage());
        return ExitCode.FAILED.code();
      }
      if (t instanceof TorchWorkerFailed w) { // not ncverify's JVM: no trace, the worker's is saved
        cmd.getErr().println("error: " + w.getMessage());
        return ExitCode.INTERNAL.code();
      }
      return internalError(ex, cmd.getErr());
    });
    cli.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + ex.getMessage());
      // The top-level command's name is "ncverify" itself: don't print it twice.
      String name = cmd.getParent() == null ? "ncverify" : "ncverify " + cmd.getCommandName();
      cmd.getErr().println("(run '" + name + " --help' for usage)");
      return ExitCode.BAD_INPUT.code();
    });
    return cli;
  }
}

package ncverify.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar target/ncverify.jar <command> …}.
 *
 * <p>Exit codes are part of the interface: 0 success, 1 a checked claim or proof failed,
 * 2 bad input (message names the file/line or key and the rule; never a stack trace),
 * 3 no theory covers the request.
 */
@Command(name = "ncverify", mixinStandardHelpOptions = true, version = "ncverify 0.1.0",
    description = "Checks the theory of Neural Collapse: derive, train, judge, report.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main {

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_NOT_COVERED = 3;

  /** Every subcommand, in help order. Each lives in its own class in this package. */
  static final Class<?>[] COMMANDS = {
      TrainCommand.class,
      BenchCommand.class,
      PredictCommand.class,
      ClaimsCommand.class,
      VerifyCommand.class,
      CheckCommand.class,
      ProveCommand.class,
      PracticalCommand.class,
      MeasureCommand.class,
  };

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (used by tests, which must not call exit). */
  public static int run(String... args) {
    NativeSetup.configure();
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> c : COMMANDS) {
      cli.addSubcommand(c);
    }
    cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
      Throwable t = ex;
      while (t.getCause() != null && !(t instanceof UserError)) {
        t = t.getCause();
      }
      if (t instanceof UserError u) {
        cmd.getErr().println("error: " + u.getMessage());
        return u.exitCode();
      }
      throw ex;
    });
    cli.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + ex.getMessage());
      cmd.getErr().println("(run 'ncverify " + cmd.getCommandName() + " --help' for usage)");
      return EXIT_BAD_INPUT;
    });
    return cli;
  }
}

package ncverify.cli;

import ncverify.core.InvalidInput;
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
      while (t.getCause() != null && !(t instanceof InvalidInput) && !(t instanceof TrainingDiverged)) {
        t = t.getCause();
      }
      if (t instanceof InvalidInput u) {
        cmd.getErr().println("error: " + u.getMessage());
        return ExitCode.BAD_INPUT.code();
      }
      if (t instanceof TrainingDiverged d) {
        cmd.getErr().println("error: " + d.getMessage());
        return ExitCode.FAILED.code();
      }
      ex.printStackTrace(cmd.getErr());
      return ExitCode.INTERNAL.code();
    });
    cli.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + ex.getMessage());
      cmd.getErr().println("(run 'ncverify " + cmd.getCommandName() + " --help' for usage)");
      return ExitCode.BAD_INPUT.code();
    });
    return cli;
  }
}

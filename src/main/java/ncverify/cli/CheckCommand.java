package ncverify.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncverify.claim.ClaimResult;
import ncverify.claim.ClaimRunner;
import ncverify.claim.ConjectureFile;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncverify check FILE}: judges a declarative conjecture file (format: {@link ConjectureFile}). */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Judge a conjecture declared in a file: predicted quantities as Symja expressions.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The conjecture file.")
  Path file;

  @Option(names = "--tries", defaultValue = "8", description = "Settings (default ${DEFAULT-VALUE}).")
  int tries;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--setting", description = "Judge this one setting (reproduces a counterexample).")
  String setting;

  @Option(names = {"-v", "--verbose"}, description = "Print every setting's verdict.")
  boolean verbose;

  @Override
  public Integer call() {
    if (tries < 1) {
      throw new UserError("--tries must be at least 1, got " + tries);
    }
    try (DeclaredConjecture conjecture = new DeclaredConjecture(ConjectureFile.read(file))) {
      ClaimRunner runner = new ClaimRunner();
      ClaimResult r = setting != null ? runner.runOne(conjecture, ncverify.problem.Setting.parse(setting), seed)
          : runner.run(conjecture, seed, tries, o -> { });
      System.out.println(VerifyCommand.line(r, "java -jar target/ncverify.jar check " + file));
      if (verbose) {
        for (SettingOutcome o : r.outcomes()) {
          System.out.println("    " + o.verdict() + "  '" + o.setting() + "'  " + o.reason());
        }
      }
    }
    return 0;
  }
}

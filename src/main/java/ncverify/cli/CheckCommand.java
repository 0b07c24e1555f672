package ncverify.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncverify.claim.ClaimResult;
import ncverify.verify.ClaimRunner;
import ncverify.claim.ConjectureFile;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ncverify check FILE}: judges a declarative conjecture file (format: {@link ConjectureFile}). */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Judge a conjecture declared in a file: predicted quantities as Symja expressions.")
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "The conjecture file.")
  Path file;

  @Mixin
  SearchOptions search = new SearchOptions();

  @Override
  public Integer call() {
    search.validate();
    try (DeclaredConjecture conjecture = new DeclaredConjecture(ConjectureFile.read(file))) {
      ClaimRunner runner = new ClaimRunner();
      ClaimResult r = search.setting != null
          ? runner.runOne(conjecture, ncverify.problem.Setting.parse(search.setting), search.seed)
          : runner.run(conjecture, search.seed, search.tries, o -> { });
      spec.commandLine().getOut().println(VerifyCommand.line(r, "java -jar target/ncverify.jar check " + file));
      if (search.verbose) {
        for (SettingOutcome o : r.outcomes()) {
          spec.commandLine().getOut().println("    " + o.verdict() + "  '" + o.setting() + "'  " + o.reason());
        }
      }
    }
    return 0;
  }
}

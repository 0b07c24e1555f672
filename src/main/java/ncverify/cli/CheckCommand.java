package ncverify.cli;

import ncverify.core.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncverify.claim.ClaimResult;
import ncverify.verify.ClaimRunner;
import ncverify.claim.ConjectureFile;
import ncverify.claim.DeclaredConjecture;
import ncverify.problem.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ncverify check FILE}: judges a declared conjecture (format: {@link ConjectureFile});
 * {@code --fail-on refuted} makes a REFUTED verdict exit 1 for CI, as {@code verify} does.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Judge a conjecture declared in a file (predictions, relations, points as Symja "
        + "expressions; grammar in README, 'Adding a conjecture').")
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "The conjecture file.")
  Path file;

  @Mixin
  SearchOptions search = new SearchOptions();

  @Option(names = "--fail-on", defaultValue = "never",
      description = "Exit 1 if the verdict is at least this bad: never, refuted, inconclusive (default ${DEFAULT-VALUE}).")
  String failOn;

  @Override
  public Integer call() {
    NativeSetup.judgingThreads();
    search.validate();
    VerifyCommand.validateFailOn(failOn);
    try (DeclaredConjecture conjecture = DeclaredConjecture.open(file)) {
      ClaimRunner runner = new ClaimRunner();
      Setting given = search.setting == null ? null : Setting.parse(search.setting);
      if (given != null) {
        conjecture.outsideDomain(given).ifPresent(e -> {
          throw e;
        });
      }
      ClaimResult r;
      // The bar starts with the first judged setting, so that a file refused before any work
      // prints its error line alone.
      Progress[] bar = {null};
      try {
        r = given != null
            ? runner.runOne(conjecture, given, search.seed)
            : runner.run(conjecture, search.seed, search.tries, o -> {
              if (bar[0] == null) {
                bar[0] = Progress.start("check", search.tries, "setting", System.err);
              }
              bar[0].step();
            });
      } finally {
        if (bar[0] != null) {
          bar[0].close();
        }
      }
      spec.commandLine().getOut().println(VerifyCommand.line(r));
      if (search.verbose) {
        VerifyCommand.outcomeLines(r).forEach(spec.commandLine().getOut()::println);
      }
      return VerifyCommand.exitCode(failOn, r.verdict());
    }
  }
}

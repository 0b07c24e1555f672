package ncverify.cli;

import ncverify.core.InvalidInput;
import picocli.CommandLine.Option;

/** How many settings to judge and from which seed: shared by {@code verify} and {@code check}. */
final class SearchOptions {
  @Option(names = "--tries", defaultValue = "8", description = "Settings per claim (default ${DEFAULT-VALUE}).")
  int tries;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--setting", description = "Judge this one setting (reproduces a counterexample).")
  String setting;

  @Option(names = {"-v", "--verbose"}, description = "Also print every setting's verdict and reason.")
  boolean verbose;

  void validate() {
    if (tries < 1) {
      throw new InvalidInput("--tries", "must be at least 1, got " + tries);
    }
  }
}

package ncverify.cli;

import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.problem.Setting;
import picocli.CommandLine.Option;

/** How many settings to judge and from which seed: shared by {@code verify} and {@code check}. */
final class SearchOptions {
  /** The default run: 8 settings per claim from seed 1 (what the committed reports/ holds). */
  static final int DEFAULT_TRIES = 8;
  static final long DEFAULT_SEED = 1;

  @Option(names = "--tries", defaultValue = "" + DEFAULT_TRIES,
      description = "Settings per claim, 1 to " + Limits.MAX_TRIES + " (default ${DEFAULT-VALUE}).")
  int tries;

  @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--setting", description = "Judge this one setting (reproduces a counterexample).")
  String setting;

  @Option(names = {"-v", "--verbose"}, description = "Also print every setting's verdict and reason.")
  boolean verbose;

  /** True for the default run's search (no other tries, seed or setting). */
  boolean isDefault() {
    return tries == DEFAULT_TRIES && seed == DEFAULT_SEED && setting == null;
  }

  void validate() {
    Numbers.requireRange("--tries", tries, 1, Limits.MAX_TRIES);
    if (setting != null) {
      Setting.parse(setting); // checked before any work starts
    }
  }
}

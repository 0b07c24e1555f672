package ncverify.cli;

import java.util.List;
import java.util.Locale;
import ncverify.core.InvalidInput;
import ncverify.practical.Outcome;
import ncverify.practical.PracticalVerdict;
import ncverify.practical.Verdicts;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on fail|inconclusive|never} of the commands that judge a network's checks
 * ({@code practical}, {@code measure}): which outcomes exit 1. The default, fail, exits 1 only
 * when a judged check FAILed; INCONCLUSIVE (under-trained, outside the convergence gate, no
 * prediction) and NOT_APPLICABLE exit 0, as verify's INCONCLUSIVE does; {@code inconclusive} also
 * exits 1 on those INCONCLUSIVE checks (CI that insists on a judged run, as
 * {@code verify --fail-on inconclusive}), never always exits 0.
 */
final class CheckFailOn {
  @Option(names = "--fail-on", paramLabel = "fail|inconclusive|never",
      description = "exit 1 when a check FAILs (fail), also when one is INCONCLUSIVE "
          + "(inconclusive), or never (default: ${DEFAULT-VALUE})")
  String failOn = "fail";

  /** Refuses an unknown value (exit 2 naming --fail-on); call before any work. */
  void validate() {
    if (!List.of("fail", "inconclusive", "never").contains(failOn.toLowerCase(Locale.ROOT))) {
      throw new InvalidInput("--fail-on", "must be fail, inconclusive or never, got '" + failOn
          + "'");
    }
  }

  /** The exit code for these verdicts. */
  int exitCode(List<PracticalVerdict> verdicts) {
    boolean fail = switch (failOn.toLowerCase(Locale.ROOT)) {
      case "fail" -> Verdicts.failed(verdicts);
      case "inconclusive" -> Verdicts.failed(verdicts)
          || verdicts.stream().anyMatch(v -> v.outcome() == Outcome.INCONCLUSIVE);
      default -> false;
    };
    return fail ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }
}

package ncverify.cli;

import java.util.Locale;
import ncverify.core.InvalidInput;
import ncverify.problem.Loss;
import picocli.CommandLine.Option;

/**
 * The loss flags shared by {@code practical} and {@code measure}: {@code --loss ce|mse|ls|focal},
 * with {@code --smoothing α} exactly for ls (0 ≤ α < 1) and {@code --gamma γ} exactly for focal
 * (γ ≥ 0), the same rules as the setting keys loss=, smoothing=, gamma= (problem.Setting); a
 * broken rule exits 2 naming the flag. Only the option plumbing: training and measuring use
 * {@link Loss} itself.
 */
final class LossOption {
  @Option(names = "--loss", paramLabel = "ce|mse|ls|focal",
      description = "training loss; ls needs --smoothing, focal needs --gamma (default: practical: the recipe's; measure: ce)")
  String word;

  @Option(names = "--smoothing", paramLabel = "α", description = "label-smoothing α for --loss ls, 0 <= α < 1")
  Double smoothing;

  @Option(names = "--gamma", paramLabel = "γ", description = "focal-loss γ for --loss focal, γ >= 0")
  Double gamma;

  /** The loss the flags name, or {@code fallback} when --loss is not given. */
  Loss resolve(Loss fallback) {
    if (word == null) {
      if (smoothing != null || gamma != null) {
        throw new InvalidInput(smoothing != null ? "--smoothing" : "--gamma",
            "needs --loss " + (smoothing != null ? "ls" : "focal"));
      }
      return fallback;
    }
    String w = word.toLowerCase(Locale.ROOT);
    if (smoothing != null && !w.equals("ls")) {
      throw new InvalidInput("--smoothing", "is only allowed with --loss ls");
    }
    if (gamma != null && !w.equals("focal")) {
      throw new InvalidInput("--gamma", "is only allowed with --loss focal");
    }
    return switch (w) {
      case "ce" -> Loss.CE;
      case "mse" -> Loss.MSE;
      case "ls" -> {
        if (smoothing == null) {
          throw new InvalidInput("--smoothing", "missing; --loss ls needs --smoothing α (0 <= α < 1)");
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
          throw new InvalidInput("--smoothing", "must be a number with 0 <= α < 1, got " + smoothing);
        }
        yield new Loss.LabelSmoothing(smoothing);
      }
      case "focal" -> {
        if (gamma == null) {
          throw new InvalidInput("--gamma", "missing; --loss focal needs --gamma γ (γ >= 0)");
        }
        if (!(gamma >= 0)) {
          throw new InvalidInput("--gamma", "must be a number >= 0, got " + gamma);
        }
        yield new Loss.Focal(gamma);
      }
      default -> throw new InvalidInput("--loss", "expected ce, mse, ls or focal, got '" + word + "'");
    };
  }
}

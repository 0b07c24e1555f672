package ncverify.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncverify.core.InvalidInput;
import ncverify.core.Numbers;

/**
 * The arguments that determine a sweep's results: recorded as the header line of a results file,
 * so that a rerun reuses points only when they are the same sweep's.
 *
 * @param claimId the claim judged, or null for {@code --predict}
 * @param setting the setting text as given (placeholders included)
 * @param axes the varied parameters (1 or 2)
 * @param seed the seed every point is judged with (claim mode)
 * @param tries seeds per point (claim mode; 1 for --predict)
 * @param precision relative width to which a log-scale boundary is bisected
 */
public record SweepSpec(String claimId, String setting, List<Axis> axes, long seed, int tries,
    double precision) {
  /** Default --precision: boundaries located to 0.1 % relative. */
  public static final double DEFAULT_PRECISION = 1e-3;
  /** Below this relative width a boundary is finer than the digits a setting prints (17). */
  public static final double MIN_PRECISION = 1e-12;

  public SweepSpec {
    axes = List.copyOf(axes);
    if (axes.isEmpty() || axes.size() > 2) {
      throw new InvalidInput("--vary", "give one or two parameters, got " + axes.size());
    }
    Numbers.requireRange("--precision", precision, MIN_PRECISION, 0.5);
  }

  /**
   * The arguments of a results-file header ({@link SweepResults}), each as text, keyed so that
   * {@link ncverify.report.ResultsFile#flagOf} names the flag that sets it; doubles exact.
   */
  public Map<String, String> arguments() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("claim", claimId == null ? "--predict" : claimId);
    a.put("setting", setting);
    a.put("vary", String.join(" ", axes.stream().map(Axis::toString).toList()));
    a.put("points", "" + axes.get(0).points());
    a.put("seed", "" + seed);
    a.put("tries", "" + tries);
    a.put("precision", "" + precision);
    return a;
  }

  /**
   * The sweep a results file's header records (for {@code --merge}, which has no other
   * arguments); its values are checked as the flags are.
   *
   * @throws InvalidInput naming file:1 when an argument is missing or not a number where one is
   *     needed
   */
  public static SweepSpec fromArguments(Map<String, String> a, Path file) {
    for (String key : List.of("claim", "setting", "vary", "points", "seed", "tries", "precision")) {
      if (a.get(key) == null) {
        throw InvalidInput.at(file, 1, "the sweep header lacks the argument '" + key + "'");
      }
    }
    try {
      int points = Integer.parseInt(a.get("points"));
      List<Axis> axes = List.of(a.get("vary").split(" ")).stream()
          .map(v -> Axis.parse(v, points)).toList();
      String claim = a.get("claim");
      return new SweepSpec(claim.equals("--predict") ? null : claim, a.get("setting"), axes,
          Long.parseLong(a.get("seed")), Integer.parseInt(a.get("tries")),
          Double.parseDouble(a.get("precision")));
    } catch (NumberFormatException e) {
      throw InvalidInput.at(file, 1, "the sweep header's points, seed, tries or precision is not a"
          + " number");
    }
  }
}

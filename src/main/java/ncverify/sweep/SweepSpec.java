package ncverify.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /** The header line's fields, in a fixed order, each paired with the flag that sets it. */
  public Map<String, Object> header() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("sweep", 1);
    h.put("claim", claimId == null ? "--predict" : claimId);
    h.put("setting", setting);
    h.put("vary", axes.stream().map(Axis::toString).toList());
    h.put("points", axes.get(0).points());
    h.put("seed", seed);
    h.put("tries", tries);
    h.put("precision", precision);
    return h;
  }

  /**
   * The sweep a results file's header records (for {@code --merge}, which has no other
   * arguments); its values are checked as the flags are.
   *
   * @throws InvalidInput naming file:1 when a field is missing or of the wrong type
   */
  public static SweepSpec fromHeader(Map<String, Object> h, Path file) {
    for (String field : List.of("claim", "setting", "vary", "points", "seed", "tries", "precision")) {
      if (!h.containsKey(field) || h.get(field) == null) {
        throw InvalidInput.at(file, 1, "the sweep header lacks '" + field + "'");
      }
    }
    if (!(h.get("vary") instanceof List<?> vary) || !(h.get("points") instanceof Integer points)
        || !(h.get("seed") instanceof Number seed) || !(h.get("tries") instanceof Integer tries)
        || !(h.get("precision") instanceof Number precision)) {
      throw InvalidInput.at(file, 1, "the sweep header's vary, points, seed, tries or precision has "
          + "the wrong type");
    }
    String claim = String.valueOf(h.get("claim"));
    List<Axis> axes = vary.stream().map(v -> Axis.parse(String.valueOf(v), points)).toList();
    return new SweepSpec(claim.equals("--predict") ? null : claim, String.valueOf(h.get("setting")),
        axes, seed.longValue(), tries, precision.doubleValue());
  }

  /** The flag that sets a header field (for the mismatch message). */
  static String flagOf(String field) {
    return switch (field) {
      case "claim" -> "--claim/--predict";
      case "sweep" -> "--results";
      default -> "--" + field;
    };
  }

  /** Throws a bad input naming the first flag whose recorded value differs from this run's. */
  void requireSameAs(Map<String, Object> recorded, Object file) {
    for (Map.Entry<String, Object> e : header().entrySet()) {
      Object was = recorded.get(e.getKey());
      if (!Objects.equals(String.valueOf(was), String.valueOf(e.getValue()))) {
        throw new InvalidInput(flagOf(e.getKey()), "the results file " + file + " was written by a "
            + "sweep with " + e.getKey() + " = " + was + ", this run has " + e.getValue()
            + "; use the same arguments to resume, or another --results file");
      }
    }
  }
}

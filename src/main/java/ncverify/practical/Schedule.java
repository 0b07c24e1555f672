package ncverify.practical;

import java.util.Arrays;
import java.util.Locale;
import ncverify.core.InvalidInput;

/**
 * A learning-rate schedule: the rate is multiplied by {@code factor} after each decay point, the
 * points given as fractions of the run (so a preset keeps its shape when its epochs are scaled).
 * PyTorch's StepLR(step_size=s, gamma=g) over E epochs is {@code step(g, s/E, 2s/E, …)}.
 *
 * @param fractions decay points in (0, 1), increasing; empty = constant rate
 * @param factor multiplier at each point, in (0, 1]
 */
public record Schedule(double[] fractions, double factor) {

  public Schedule {
    fractions = fractions.clone();
    for (int i = 0; i < fractions.length; i++) {
      if (!(fractions[i] > 0 && fractions[i] < 1) || (i > 0 && fractions[i] <= fractions[i - 1])) {
        throw new InvalidInput("--schedule", "decay points must be increasing fractions in (0, 1), got "
            + Arrays.toString(fractions));
      }
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new InvalidInput("--schedule", "the decay factor must be in (0, 1], got " + factor);
    }
  }

  public static Schedule constant() {
    return new Schedule(new double[0], 1.0);
  }

  public static Schedule step(double factor, double... fractions) {
    return new Schedule(fractions, factor);
  }

  @Override
  public double[] fractions() {
    return fractions.clone();
  }

  /** The multiplier of the base rate in epoch {@code epoch} (1-based) of {@code epochs}. */
  public double multiplier(int epoch, int epochs) {
    double m = 1;
    for (double f : fractions) {
      if (epoch > Math.floor(f * epochs)) {
        m *= factor;
      }
    }
    return m;
  }

  /**
   * Parses {@code constant} or {@code step:F1,F2,…:FACTOR} (e.g. {@code step:0.5,0.75:0.1}).
   */
  public static Schedule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("constant")) {
      return constant();
    }
    String[] parts = t.split(":");
    if (parts.length != 3 || !parts[0].equals("step")) {
      throw new InvalidInput("--schedule", "expected 'constant' or 'step:F1,F2,...:FACTOR' "
          + "(e.g. step:0.5,0.75:0.1), got '" + text + "'");
    }
    try {
      double[] f = Arrays.stream(parts[1].split(",")).mapToDouble(Double::parseDouble).toArray();
      return new Schedule(f, Double.parseDouble(parts[2]));
    } catch (NumberFormatException e) {
      throw new InvalidInput("--schedule", "not a number in '" + text + "'");
    }
  }

  /** In words for a run of {@code epochs}: "constant" or "×0.1 after epochs 50, 100, 150 (step:…)". */
  public String describe(int epochs) {
    if (fractions.length == 0) {
      return "constant";
    }
    StringBuilder sb = new StringBuilder("×" + ncverify.problem.Setting.formatNumber(factor)
        + " after epoch" + (fractions.length > 1 ? "s " : " "));
    for (int i = 0; i < fractions.length; i++) {
      sb.append(i == 0 ? "" : ", ").append((long) Math.floor(fractions[i] * epochs));
    }
    return sb.append(" (`").append(describe()).append("`)").toString();
  }

  /** The text {@link #parse} reads back. */
  public String describe() {
    if (fractions.length == 0) {
      return "constant";
    }
    StringBuilder sb = new StringBuilder("step:");
    for (int i = 0; i < fractions.length; i++) {
      sb.append(i == 0 ? "" : ",").append(ncverify.problem.Setting.formatNumber(fractions[i]));
    }
    return sb.append(":").append(ncverify.problem.Setting.formatNumber(factor)).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s && Arrays.equals(fractions, s.fractions) && factor == s.factor;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(fractions) + Double.hashCode(factor);
  }
}

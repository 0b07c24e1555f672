package ncverify.sweep;

import java.util.Arrays;
import ncverify.core.InvalidInput;
import ncverify.core.Limits;
import ncverify.core.Numbers;
import ncverify.problem.Setting;

/**
 * One varied parameter of a sweep: {@code --vary P=LO..HI} with {@code --points N}.
 *
 * <p>Grid: for a log parameter ({@link Parameter#log()}) N values equally spaced in log between LO
 * and HI, both included; for a whole-number parameter N values equally spaced between LO and HI,
 * rounded to whole numbers, repeats removed (so at most HI − LO + 1 values). Bisection between two
 * values halves the interval in log space (geometric mean) for a log parameter and in whole numbers
 * otherwise.
 *
 * @param parameter what is varied
 * @param lo smallest value (> 0 for a log parameter)
 * @param hi largest value, above lo
 * @param points grid points requested, 2 … {@link #MAX_POINTS}
 */
public record Axis(Parameter parameter, double lo, double hi, int points) {
  /** Grid points per axis: 2-D sweeps judge up to its square, each judgement a few training runs. */
  public static final int MAX_POINTS = 1000;

  public Axis {
    if (points < 2 || points > MAX_POINTS) {
      throw new InvalidInput("--points", "must be between 2 and " + MAX_POINTS + ", got " + points);
    }
    if (!(lo < hi)) {
      throw new InvalidInput("--vary", parameter.key() + ": LO must be below HI, got "
          + Setting.formatNumber(lo) + ".." + Setting.formatNumber(hi));
    }
    if (parameter.log() && !(lo > 0)) {
      throw new InvalidInput("--vary", parameter.key() + " is gridded in log space: LO must be "
          + "above 0, got " + Setting.formatNumber(lo));
    }
  }

  /** Parses {@code P=LO..HI} (numbers by {@link Numbers}; whole numbers for integer parameters). */
  public static Axis parse(String text, int points) {
    String flag = "--vary";
    int eq = text.indexOf('=');
    int dots = text.indexOf("..");
    if (eq <= 0 || dots < eq) {
      throw new InvalidInput(flag, "expected P=LO..HI (e.g. lambda=1e-3..1e-1), got '"
          + Numbers.show(text) + "'");
    }
    Parameter p = Parameter.byKey(flag, text.substring(0, eq));
    String loText = text.substring(eq + 1, dots);
    String hiText = text.substring(dots + 2);
    double lo;
    double hi;
    if (p.log()) {
      lo = Numbers.parseDouble(flag + " " + p.key() + " LO", loText, 0, Double.MAX_VALUE);
      hi = Numbers.parseDouble(flag + " " + p.key() + " HI", hiText, 0, Double.MAX_VALUE);
    } else {
      lo = Numbers.parseInt(flag + " " + p.key() + " LO", loText, 1, Limits.MAX_CLASS_COUNT);
      hi = Numbers.parseInt(flag + " " + p.key() + " HI", hiText, 1, Limits.MAX_CLASS_COUNT);
    }
    return new Axis(p, lo, hi, points);
  }

  /** The grid values in increasing order, LO and HI exactly included. */
  public double[] grid() {
    double[] v = new double[points];
    for (int i = 0; i < points; i++) {
      double t = i / (double) (points - 1);
      v[i] = parameter.log() ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo)))
          : Math.rint(lo + t * (hi - lo));
    }
    v[0] = lo;
    v[points - 1] = hi;
    return Arrays.stream(v).distinct().toArray();
  }

  /** The point that halves (a, b): geometric mean for a log parameter, else ⌊(a+b)/2⌋. */
  public double mid(double a, double b) {
    return parameter.log() ? Math.exp(0.5 * (Math.log(a) + Math.log(b))) : Math.floor(0.5 * (a + b));
  }

  /**
   * Whether a bracket (a, b) is located: relative width (b − a)/a at most {@code precision} for a
   * log parameter; neighbouring whole numbers otherwise.
   */
  public boolean resolved(double a, double b, double precision) {
    return parameter.log() ? (b - a) <= precision * a : b - a <= 1;
  }

  /** Bisection steps from a grid bracket (a, b) to a located one (for the progress estimate). */
  public int steps(double a, double b, double precision) {
    double ratio = parameter.log() ? Math.log(b / a) / Math.log1p(precision) : b - a;
    return ratio <= 1 ? 0 : (int) Math.ceil(Math.log(ratio) / Math.log(2));
  }

  /** {@code lambda=0.001..0.1}: the flag's text form. */
  @Override
  public String toString() {
    return parameter.key() + "=" + Setting.formatNumber(lo) + ".." + Setting.formatNumber(hi);
  }
}

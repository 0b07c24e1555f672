package ncverify.core;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one reader of numbers typed by a user (setting values, command-line flags, conjecture-file
 * ranges, proof-file bounds): ASCII decimal only, finite, in range, and never silently changed.
 *
 * <p>Java's own parsers accept more than a user means: {@link Integer#parseInt} reads Unicode
 * digits (an Arabic-Indic ٨ is 8), {@link Double#parseDouble} reads hex floats ({@code 0x1p-3}),
 * {@code NaN}, {@code Infinity} and a trailing {@code d}/{@code f}, and it turns {@code 1e-400} into
 * 0 and {@code 1e400} into infinity without a word. Here each of those is a {@link InvalidInput}
 * naming the place and the rule.
 */
public final class Numbers {
  /** Whole numbers: optional sign, ASCII digits. */
  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
  /** Decimal numbers: optional sign, ASCII digits with an optional point, optional exponent. */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  /** The rule every number follows, quoted in messages. */
  public static final String DECIMAL_RULE = "a decimal number in ASCII digits (e.g. 5e-4, 0.25, 3)";

  private Numbers() {}

  /**
   * A whole number in [min, max].
   *
   * @param place where it was typed (a setting key, a flag, file:line), used in the error
   * @throws InvalidInput if the text is not ASCII decimal digits or lies outside [min, max]
   */
  public static long parseLong(String place, String text, long min, long max) {
    String t = text == null ? "" : text.strip();
    if (!WHOLE.matcher(t).matches()) {
      throw new InvalidInput(place, "expected a whole number in ASCII digits, got '" + show(text) + "'");
    }
    BigInteger v = new BigInteger(t);
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new InvalidInput(place, "must be between " + min + " and " + max + ", got " + t);
    }
    return v.longValue();
  }

  /** {@link #parseLong} for an int range. */
  public static int parseInt(String place, String text, int min, int max) {
    return (int) parseLong(place, text, min, max);
  }

  /**
   * A finite decimal number in [min, max]. A nonzero number that underflows (below the smallest
   * normal double, 2.2e-308, where precision is lost) or overflows to infinity is an error, not 0 or
   * infinity.
   *
   * @throws InvalidInput naming {@code place} and the rule
   */
  public static double parseDouble(String place, String text, double min, double max) {
    String t = text == null ? "" : text.strip();
    if (!DECIMAL.matcher(t).matches()) {
      throw new InvalidInput(place, "expected " + DECIMAL_RULE + ", got '" + show(text) + "'");
    }
    double v = Double.parseDouble(t);
    if (Double.isInfinite(v)) {
      throw new InvalidInput(place, "'" + t + "' overflows a double (largest about 1.8e308)");
    }
    if (v != 0 && Math.abs(v) < Double.MIN_NORMAL || v == 0 && hasNonzeroDigit(t)) {
      throw new InvalidInput(place, "'" + t + "' underflows: nonzero numbers must be at least "
          + "2.2e-308 in magnitude (write 0 for zero)");
    }
    return requireRange(place, v == 0 ? 0.0 : v, min, max);
  }

  /**
   * Returns {@code v} if it is finite and in [min, max].
   *
   * @throws InvalidInput naming {@code place} otherwise
   */
  public static double requireRange(String place, double v, double min, double max) {
    if (!Double.isFinite(v)) {
      throw new InvalidInput(place, "must be a finite number, got " + v);
    }
    if (v < min || v > max) {
      throw new InvalidInput(place, "must be between " + fmt(min) + " and " + fmt(max) + ", got "
          + fmt(v));
    }
    return v;
  }

  /** Returns {@code v} if it is in [min, max]. @throws InvalidInput naming {@code place} otherwise */
  public static long requireRange(String place, long v, long min, long max) {
    if (v < min || v > max) {
      throw new InvalidInput(place, "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  private static boolean hasNonzeroDigit(String t) {
    int e = t.toLowerCase(Locale.ROOT).indexOf('e');
    String mantissa = e < 0 ? t : t.substring(0, e);
    return mantissa.chars().anyMatch(c -> c >= '1' && c <= '9');
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** The text as typed, with control and non-ASCII characters made visible (\\uXXXX), and cut. */
  public static String show(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < 60; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return sb.length() >= 60 ? sb + "…" : sb.toString();
  }
}

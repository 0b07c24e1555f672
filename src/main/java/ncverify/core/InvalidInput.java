package ncverify.core;

import java.nio.file.Path;

/**
 * The one bad-input error: something the user gave (a setting key, a command-line flag, a line of
 * a file, an array) broke a rule. It carries the place and the rule separately so that callers can
 * print or test them; the message is {@code place + ": " + rule}. The command line prints the
 * message alone (no stack trace) and exits with the bad-input code.
 *
 * <p>This type lives below every other package so that problem, data, symbolic, claim and practical
 * can all report bad input without knowing the command line.
 */
public class InvalidInput extends RuntimeException {
  private final String place;
  private final String rule;

  /**
   * @param place where the bad input is: a key ({@code setting key 'K'}), a flag ({@code --tries}),
   *     a file and line ({@code proofs/x.m:12}), an array ({@code n}); never empty
   * @param rule the rule it broke, readable on its own
   */
  public InvalidInput(String place, String rule) {
    super(place + ": " + rule);
    this.place = place;
    this.rule = rule;
  }

  /** A setting key that broke a rule; the message reads {@code setting key 'K': rule}. */
  public static InvalidInput key(String key, String rule) {
    return new InvalidInput("setting key '" + key + "'", rule);
  }

  /** A line of a file that broke a rule; the message reads {@code file:line: rule}. */
  public static InvalidInput at(Object file, int line, String rule) {
    return new InvalidInput(file + ":" + line, rule);
  }

  /** A whole file (or directory) that broke a rule, e.g. it cannot be read. */
  public static InvalidInput file(Path file, String rule) {
    return new InvalidInput(file.toString(), rule);
  }

  /** Where the bad input is (key, flag, file:line, array). */
  public String place() {
    return place;
  }

  /** The rule the input broke. */
  public String rule() {
    return rule;
  }
}

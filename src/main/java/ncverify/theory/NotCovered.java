package ncverify.theory;

import ncverify.core.InvalidInput;

/**
 * No closed-form theory covers a requested setting: the command line's exit code 3 ("no theory
 * covers the request", as for {@code predict}), not 2, although the message has the same form
 * (the place, and the rule {@link Theories#whyNotCovered} gives).
 */
public final class NotCovered extends InvalidInput {
  private static final long serialVersionUID = 1L;

  public NotCovered(String place, String rule) {
    super(place, rule);
  }
}

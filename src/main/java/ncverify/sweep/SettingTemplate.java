package ncverify.sweep;

import java.util.ArrayList;
import java.util.List;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;

/**
 * The setting of a sweep with its varied values left open ({@code --setting}).
 *
 * <p>Rule: each varied parameter overwrites the keys it {@link Parameter#keys() sets}. The text
 * may write the placeholder {@code x} (the first {@code --vary}) or {@code y} (the second) as the
 * whole value of such a key, e.g. {@code lambdaW=x lambdaH=x} with {@code --vary lambda=…}; then
 * every key that parameter sets and the text gives must be that placeholder (so that a value the
 * sweep would silently overwrite cannot be mistaken for a fixed one). Without placeholders the
 * keys' values are simply overwritten. A placeholder anywhere else (another key, inside a list, a
 * letter with no {@code --vary}, the class counts {@code n=}, which ratio, K and n overwrite from
 * the profile written there) is refused, naming {@code --setting} and the key.
 */
public final class SettingTemplate {
  private static final String[] PLACEHOLDERS = {"x", "y"};

  private final String text;
  private final List<Axis> axes;
  private final Setting base;

  /** Validates the text against the axes and builds the base setting (placeholders at LO). */
  public SettingTemplate(String text, List<Axis> axes) {
    this.text = text;
    this.axes = List.copyOf(axes);
    if (text == null || text.isBlank()) {
      throw new InvalidInput("--setting", "is empty; expected e.g. '" + Setting.EXAMPLE + "'");
    }
    List<String> tokens = new ArrayList<>();
    boolean[] usesPlaceholder = new boolean[axes.size()];
    List<String> numericKeys = new ArrayList<>();
    for (String token : text.trim().split("\\s+")) {
      int eq = token.indexOf('=');
      String key = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? "" : token.substring(eq + 1);
      int a = placeholderIndex(value);
      if (a < 0) {
        for (String part : value.split(",", -1)) {
          if (placeholderIndex(part) >= 0) {
            throw new InvalidInput("--setting", "key '" + key + "': a placeholder must be the whole "
                + "value (e.g. " + key + "=x), not part of a list, got '" + value + "'");
          }
        }
        tokens.add(token);
        numericKeys.add(key);
        continue;
      }
      if (a >= axes.size()) {
        throw new InvalidInput("--setting", "key '" + key + "': placeholder '" + value + "' needs "
            + (a + 1) + " --vary flags, got " + axes.size());
      }
      Axis axis = axes.get(a);
      if (key.equals("n")) { // the counts are a list: the setting's n= is the profile varied
        throw new InvalidInput("--setting", "key 'n': a placeholder cannot stand for the class "
            + "counts; write the base counts (e.g. n=10,10,10,10), which --vary "
            + axis.parameter().key() + " overwrites");
      }
      if (!axis.parameter().keys().contains(key)) {
        throw new InvalidInput("--setting", "key '" + key + "': placeholder '" + value + "' stands "
            + "for --vary " + axis.parameter().key() + ", which sets " + String.join(" and ",
            axis.parameter().keys()) + ", not " + key + "; write a number there or vary " + key);
      }
      usesPlaceholder[a] = true;
      tokens.add(key + "=" + Setting.formatNumber(axis.lo()));
    }
    for (int a = 0; a < axes.size(); a++) {
      for (String key : axes.get(a).parameter().keys()) {
        if (usesPlaceholder[a] && numericKeys.contains(key)) {
          throw new InvalidInput("--setting", "key '" + key + "' has a number, but --vary "
              + axes.get(a).parameter().key() + " (placeholder " + PLACEHOLDERS[a] + ") sets it too "
              + "and would overwrite it; write " + key + "=" + PLACEHOLDERS[a] + " or vary another parameter");
        }
      }
    }
    for (int a = 0; a < axes.size(); a++) {
      for (int b = a + 1; b < axes.size(); b++) {
        for (String key : axes.get(a).parameter().keys()) {
          if (axes.get(b).parameter().keys().contains(key)) {
            throw new InvalidInput("--vary", axes.get(a).parameter().key() + " and "
                + axes.get(b).parameter().key() + " both set " + key + "; vary them separately");
          }
        }
      }
    }
    Setting parsed;
    try {
      parsed = Setting.parse(String.join(" ", tokens));
    } catch (InvalidInput e) {
      throw new InvalidInput("--setting", e.getMessage());
    }
    this.base = parsed;
  }

  private static int placeholderIndex(String value) {
    for (int i = 0; i < PLACEHOLDERS.length; i++) {
      if (PLACEHOLDERS[i].equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /** The setting at the given values (one per axis, in axis order). */
  public Setting at(double[] values) {
    Setting s = base;
    for (int a = 0; a < axes.size(); a++) {
      s = axes.get(a).parameter().apply("--vary", s, values[a]);
    }
    return s;
  }

  /** The text as given. */
  public String text() {
    return text;
  }

  public List<Axis> axes() {
    return axes;
  }
}

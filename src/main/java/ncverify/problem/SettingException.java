package ncverify.problem;

import ncverify.cli.UserError;

/** An invalid setting text or value. The message names the key and the rule it broke. */
public final class SettingException extends UserError {
  private final String key;

  public SettingException(String key, String rule) {
    super("setting key '" + key + "': " + rule);
    this.key = key;
  }

  public String key() {
    return key;
  }
}

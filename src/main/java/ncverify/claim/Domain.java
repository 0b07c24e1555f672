package ncverify.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ncverify.problem.Setting;

/**
 * A claim's domain of settings, described engine-neutrally: a list of integer choices, each with a
 * range whose lower end is the "small" end shrinking moves towards, and a function that builds a
 * {@link Setting} from one value per choice. Keeping the domain as plain integers lets any property
 * engine generate and shrink it (see {@code ncverify.verify.PropertyEngine}).
 */
public final class Domain {
  /** One integer dimension of the domain; shrinking moves towards {@code min}. */
  public record Choice(String name, int min, int max) {
    public Choice {
      if (min > max) {
        throw new IllegalArgumentException(name + ": min > max");
      }
    }
  }

  /** The values drawn for one setting, by choice name. */
  public static final class Values {
    private final Map<String, Integer> byName;

    Values(Map<String, Integer> byName) {
      this.byName = byName;
    }

    public int get(String name) {
      Integer v = byName.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no choice named " + name);
      }
      return v;
    }

    /** 10^(v/4): log-uniform values on a quarter-decade grid, so shrinking stays on the grid. */
    public double quarterDecade(String name) {
      return Math.pow(10, get(name) / 4.0);
    }
  }

  private final String description;
  private final List<Choice> choices;
  private final Function<Values, Setting> build;

  public Domain(String description, List<Choice> choices, Function<Values, Setting> build) {
    this.description = description;
    this.choices = List.copyOf(choices);
    this.build = build;
  }

  public String description() { return description; }
  public List<Choice> choices() { return choices; }

  /** The setting for one value per choice (in {@link #choices()} order). */
  public Setting build(int[] values) {
    if (values.length != choices.size()) {
      throw new IllegalArgumentException("expected " + choices.size() + " values");
    }
    Map<String, Integer> m = new java.util.HashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(choices.get(i).name(), values[i]);
    }
    return build.apply(new Values(m));
  }

  public static Builder builder(String description) {
    return new Builder(description);
  }

  /** Fluent construction: {@code Domain.builder("…").choice("K", 2, 5).build(v -> …)}. */
  public static final class Builder {
    private final String description;
    private final List<Choice> choices = new ArrayList<>();

    private Builder(String description) {
      this.description = description;
    }

    public Builder choice(String name, int min, int max) {
      choices.add(new Choice(name, min, max));
      return this;
    }

    public Domain build(Function<Values, Setting> build) {
      return new Domain(description, choices, build);
    }
  }
}

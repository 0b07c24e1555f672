package ncverify.report;

import java.util.List;
import java.util.Objects;

/**
 * Plot (b): predicted against measured per-class lengths, for one setting.
 *
 * @param setting the setting in its one-line form
 * @param points  one entry per class and quantity
 */
public record LengthComparison(String setting, List<ClassLength> points) {
  public LengthComparison {
    Objects.requireNonNull(setting, "setting");
    points = List.copyOf(points);
  }
}

package ncverify.report;

import java.util.List;
import java.util.Objects;

/**
 * The history of one training run shown as plot (a): objective and NC1–NC3 against iteration.
 *
 * @param setting     the setting in its one-line form
 * @param seed        the seed of the run
 * @param conventions which NC1/NC2/NC3 variants were recorded (THEORY.md §8), shown in the caption
 * @param history     recorded iterations in increasing order
 */
public record TrainingTrace(String setting, long seed, String conventions,
    List<IterationPoint> history) {
  public TrainingTrace {
    Objects.requireNonNull(setting, "setting");
    conventions = conventions == null ? "" : conventions;
    history = List.copyOf(history);
    for (int i = 1; i < history.size(); i++) {
      if (history.get(i).iteration() <= history.get(i - 1).iteration()) {
        throw new IllegalArgumentException("run history must have increasing iterations; entry " + i
            + " has " + history.get(i).iteration() + " after " + history.get(i - 1).iteration());
      }
    }
  }
}

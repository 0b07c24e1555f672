package ncverify.problem;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of small random settings: every loss × bias × features, depth 1..4,
 * K = 2..4, n_k = 1..3, widths at or just above the minimum allowed, λ's log-uniform in [1e-3, 0.5].
 */
public final class SettingGen {
  private SettingGen() {}

  /** Smallest and largest λ generated (log-uniform between them). */
  static final double LAMBDA_MIN = 1e-3;
  static final double LAMBDA_MAX = 0.5;

  private record Shape(Loss loss, Bias bias, Features features, int depth, List<Integer> counts) {}

  public static Gen<Setting> settings() {
    Gen<Shape> shape = integers().between(0, Loss.examples().size() - 1).zip(
        integers().between(0, Bias.values().length - 1),
        integers().between(0, Features.values().length - 1),
        integers().between(1, 4),
        lists().of(integers().between(1, 3)).ofSizeBetween(2, 4),
        (l, b, f, m, c) -> new Shape(Loss.examples().get(l), Bias.values()[b], Features.values()[f], m, c));
    Gen<List<Double>> lambdas = lists().of(doubles().between(Math.log10(LAMBDA_MIN),
        Math.log10(LAMBDA_MAX)).map(e -> Math.pow(10, e))).ofSize(6);
    Gen<List<Integer>> extraWidth = lists().of(integers().between(0, 2)).ofSize(4);
    return shape.zip(lambdas, extraWidth, SettingGen::build).describedAs(Setting::toString);
  }

  private static Setting build(Shape s, List<Double> lambdas, List<Integer> extra) {
    int[] counts = s.counts().stream().mapToInt(Integer::intValue).toArray();
    int k = counts.length;
    int min = s.bias() == Bias.NONE ? k : k - 1;
    int d = min + extra.get(0);
    int[] widths = new int[s.depth() - 1];
    for (int m = 0; m < widths.length; m++) {
      widths[m] = min + extra.get(m + 1);
    }
    double[] lw = new double[s.depth()];
    for (int m = 0; m < lw.length; m++) {
      lw[m] = lambdas.get(m);
    }
    double lb = s.bias() == Bias.REGULARIZED ? lambdas.get(5) : 0.0;
    return new Setting(s.loss(), s.bias(), s.features(), counts, d, widths, lw, lambdas.get(4), lb);
  }
}

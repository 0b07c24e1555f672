package ncverify.cli;

import ncverify.core.InvalidInput;
import ncverify.core.Numbers;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numeric flags are read by {@link Numbers} instead of picocli's defaults (which accept Unicode
 * digits, hex floats, NaN and Infinity, and turn 1e-400 into 0). Ranges are checked by each command.
 */
final class NumberConverters {
  private NumberConverters() {}

  static void register(CommandLine cli) {
    ITypeConverter<Integer> ints = v -> convert(() -> Numbers.parseInt("value", v,
        Integer.MIN_VALUE, Integer.MAX_VALUE));
    ITypeConverter<Long> longs = v -> convert(() -> Numbers.parseLong("value", v,
        Long.MIN_VALUE, Long.MAX_VALUE));
    ITypeConverter<Double> doubles = v -> convert(() -> Numbers.parseDouble("value", v,
        -Double.MAX_VALUE, Double.MAX_VALUE));
    cli.registerConverter(Integer.class, ints);
    cli.registerConverter(int.class, ints);
    cli.registerConverter(Long.class, longs);
    cli.registerConverter(long.class, longs);
    cli.registerConverter(Double.class, doubles);
    cli.registerConverter(double.class, doubles);
  }

  /** picocli names the flag itself; the rule comes from {@link InvalidInput#rule()}. */
  private static <T> T convert(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInput e) {
      throw new TypeConversionException(e.rule());
    }
  }
}

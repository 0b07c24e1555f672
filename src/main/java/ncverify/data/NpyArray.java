package ncverify.data;

import java.util.Arrays;

/**
 * One array read from a NumPy {@code .npy} entry: its name (the entry name without ".npy"), dtype,
 * shape (row-major, i.e. C order) and values. Floating dtypes fill {@link #values()}, integer
 * dtypes fill {@link #integers()}; the other is null.
 *
 * @param name array name as given to {@code numpy.savez}
 * @param dtype the NumPy descriptor, e.g. {@code <f4}
 * @param shape dimensions, outermost first
 * @param values float32/float64 data widened to double, row-major; null for integer dtypes
 * @param integers int32/int64 data, row-major; null for floating dtypes
 */
public record NpyArray(String name, String dtype, int[] shape, double[] values, long[] integers) {

  public boolean floating() {
    return values != null;
  }

  public long elementCount() {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** Shape as NumPy prints it, e.g. (3, 4) or (5,). */
  public String shapeText() {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }
}

package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The direct BLAS product and copies against plain loops, at offsets, in float and double. */
class NativeMatricesTest {
  /** float32 products of length-7 sums of O(1) terms: a few ulps of 7, far below a wrong entry. */
  private static final double FLOAT_TOLERANCE = 1e-5;
  private static final double DOUBLE_TOLERANCE = 1e-13;

  @Test
  void gemmMatchesTheTextbookProductForEveryTransposeAtOffsets() {
    SplittableRandom rnd = new SplittableRandom(4);
    int m = 3, n = 5, k = 7;
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      double tol = type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          // A stored column-major as (ta ? k × m : m × k) at offset 2, B likewise at offset 5
          int aRows = ta ? k : m, bRows = tb ? n : k;
          double[] a = random(rnd, m * k);
          double[] b = random(rnd, k * n);
          NativeMatrices src = new NativeMatrices(Nd4j.create(type, 2 + m * k + 5 + k * n));
          src.write(a, 2, a.length);
          src.write(b, 2 + m * k + 5, b.length);
          double[] c0 = random(rnd, m * n);
          NativeMatrices dst = new NativeMatrices(Nd4j.create(type, 4 + m * n));
          dst.write(c0, 4, c0.length);
          double alpha = 0.5, beta = 2.0;
          dst.gemm(ta, tb, m, n, k, alpha, src, 2, aRows, src, 2 + m * k + 5, bRows, beta, 4, m);
          double[] got = new double[m * n];
          dst.read(4, got, got.length);
          // the values actually stored (float rounding) for the reference
          double[] as = new double[a.length];
          double[] bs = new double[b.length];
          double[] cs = new double[c0.length];
          src.read(2, as, as.length);
          src.read(2 + m * k + 5, bs, bs.length);
          NativeMatrices again = new NativeMatrices(Nd4j.create(type, m * n));
          again.write(c0, 0, c0.length);
          again.read(0, cs, cs.length);
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double s = 0;
              for (int l = 0; l < k; l++) {
                double x = ta ? as[l + i * aRows] : as[i + l * aRows];
                double y = tb ? bs[j + l * bRows] : bs[l + j * bRows];
                s += x * y;
              }
              double expected = alpha * s + beta * cs[i + j * m];
              assertEquals(expected, got[i + j * m], tol, type + " ta=" + ta + " tb=" + tb);
            }
          }
          double[] head = new double[4];
          dst.read(0, head, 4);
          assertArrayEquals(new double[4], head, "nothing written before the offset");
        }
      }
    }
  }

  @Test
  void negativeControlASwappedTransposeFlagIsSeen() {
    // square A (3 × 3, not symmetric): A·B and Aᵀ·B differ, so a flag passed wrongly would fail
    // the check above
    double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 10};
    double[] b = {1, 0, 0};
    NativeMatrices src = new NativeMatrices(Nd4j.create(DataType.DOUBLE, 12));
    src.write(a, 0, 9);
    src.write(b, 9, 3);
    NativeMatrices c = new NativeMatrices(Nd4j.create(DataType.DOUBLE, 6));
    c.gemm(false, false, 3, 1, 3, 1, src, 0, 3, src, 9, 3, 0, 0, 3);
    c.gemm(true, false, 3, 1, 3, 1, src, 0, 3, src, 9, 3, 0, 3, 3);
    double[] got = new double[6];
    c.read(0, got, 6);
    assertArrayEquals(new double[] {1, 2, 3, 1, 4, 7}, got, DOUBLE_TOLERANCE);
  }

  @Test
  void gemvGivesRowSumsAndBitCopiesKeepEveryBit() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      // A = [1 2 3; 4 5 6] (2 × 3, column-major at offset 1), x = ones: y = A·1 = (6, 15)
      NativeMatrices a = new NativeMatrices(Nd4j.create(type, 7));
      a.write(new double[] {1, 4, 2, 5, 3, 6}, 1, 6);
      NativeMatrices ones = new NativeMatrices(Nd4j.ones(type, 3));
      NativeMatrices y = new NativeMatrices(Nd4j.create(type, 3));
      y.gemv(2, 3, 1, a, 1, 2, ones, 0, 0, 1);
      double[] got = new double[3];
      y.read(0, got, 3);
      assertArrayEquals(new double[] {0, 6, 15}, got, type.toString());
      // control: the leading dimension matters (lda 3 reads other entries)
      y.gemv(2, 3, 1, a, 1, 3, ones, 0, 0, 1);
      y.read(0, got, 3);
      assertTrue(got[1] != 6 || got[2] != 15, type.toString());
    }
    NativeMatrices f = new NativeMatrices(Nd4j.create(DataType.FLOAT, 5));
    int[] bits = {Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(1.5f), 0x7fc00001};
    f.writeBits(bits, 2, 3);
    float[] back = new float[3];
    f.readFloats(2, back, 3);
    assertEquals(-0f, back[0]);
    assertTrue(Float.floatToRawIntBits(back[0]) != 0, "the sign of zero survives");
    assertEquals(1.5f, back[1]);
    int[] again = new int[3];
    f.readBits(2, again, 3);
    assertArrayEquals(bits, again);
    NativeMatrices d = new NativeMatrices(Nd4j.create(DataType.DOUBLE, 4));
    assertThrows(IllegalStateException.class, () -> d.readBits(0, again, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> f.writeBits(bits, 3, 3));
  }

  @Test
  void copiesRoundTripAndAreBoundsChecked() {
    NativeMatrices f = new NativeMatrices(Nd4j.create(DataType.FLOAT, 10));
    float[] in = {1.5f, -2.25f, 3f};
    f.write(in, 7, 3);
    float[] out = new float[3];
    f.readFloats(7, out, 3);
    assertArrayEquals(in, out);
    double[] wide = new double[3];
    f.read(7, wide, 3);
    assertArrayEquals(new double[] {1.5, -2.25, 3}, wide);
    assertThrows(IndexOutOfBoundsException.class, () -> f.write(in, 8, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> f.read(-1, wide, 1));
    NativeMatrices d = new NativeMatrices(Nd4j.create(DataType.DOUBLE, 4));
    assertThrows(IllegalStateException.class, () -> d.readFloats(0, out, 1));
    // a view with an offset is refused: its pointer would not start at element 0
    assertThrows(IllegalArgumentException.class,
        () -> new NativeMatrices(Nd4j.create(DataType.FLOAT, 10).get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6))));
    assertTrue(f.length() == 10);
  }

  private static double[] random(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble(-1, 1);
    }
    return x;
  }
}

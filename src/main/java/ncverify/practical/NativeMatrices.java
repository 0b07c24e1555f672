package ncverify.practical;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One native float32 or float64 buffer (column-major matrices at element offsets inside it), with
 * the BLAS product called directly ({@code cblas_sgemm}/{@code cblas_dgemm} of the OpenBLAS that
 * ND4J itself loads, so the thread setting of {@code Nd4j.factory().blas()} applies) and bulk
 * copies to and from heap {@code double[]} arrays, where the element-wise work is done.
 *
 * <p>Why not {@code Nd4j.gemm} and ND4J's element-wise ops: in M2.1 every {@code Nd4j.gemm} runs
 * the generic {@code matmul} custom op (shape checks, op context, argument buffers: measured
 * 20–40% above the bare {@code cblas_sgemm} for the 128 × 256 products of the practical preset),
 * and {@code ThresholdReluBp} took as long as a whole forward product (JFR sampling of
 * {@code bench}, part iv). Plain loops over heap arrays are vectorised by the JIT.
 *
 * <p>Not thread-safe (the scratch array).
 */
final class NativeMatrices {
  private final DataType type;
  /** Held so that the GC cannot free the native buffer that {@link #base} points into. */
  private final INDArray owner;
  private final Pointer base;
  private final long length;
  private float[] scratch = new float[0];

  /** A view of the whole (contiguous, offset-0) buffer of {@code array}. */
  NativeMatrices(INDArray array) {
    if (array.offset() != 0 || !array.isVector() && array.ordering() != 'f') {
      throw new IllegalArgumentException("need a contiguous array without offset");
    }
    this.owner = array;
    this.type = array.dataType();
    this.length = array.length();
    this.base = array.data().addressPointer();
    if (base.position() != 0) {
      throw new IllegalArgumentException("buffer pointer with a position");
    }
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("float or double only, got " + type);
    }
  }

  long length() { return length; }

  /** The array whose buffer this is. */
  INDArray array() { return owner; }

  private FloatPointer f(long offset) {
    return new FloatPointer(base).position(offset);
  }

  private DoublePointer d(long offset) {
    return new DoublePointer(base).position(offset);
  }

  /**
   * C ← α·op(A)·op(B) + β·C, all column-major: op(A) is m × k, op(B) is k × n, C is m × n; the
   * leading dimensions are the stored row counts. A and B may live in other buffers.
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      NativeMatrices a, long aOff, int lda, NativeMatrices b, long bOff, int ldb, double beta,
      long cOff, int ldc) {
    int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    if (type == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, ta, tb, m, n, k,
          (float) alpha, a.f(aOff), lda, b.f(bOff), ldb, (float) beta, f(cOff), ldc);
    } else {
      openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, ta, tb, m, n, k,
          alpha, a.d(aOff), lda, b.d(bOff), ldb, beta, d(cOff), ldc);
    }
  }

  /**
   * y[yOff … yOff + m) ← α·A·x + β·y for the column-major m × n matrix A (leading dimension lda)
   * and x[xOff … xOff + n), A and x in other buffers (e.g. row sums: x = ones).
   */
  void gemv(int m, int n, double alpha, NativeMatrices a, long aOff, int lda, NativeMatrices x,
      long xOff, double beta, long yOff) {
    if (type == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
          m, n, (float) alpha, a.f(aOff), lda, x.f(xOff), 1, (float) beta, f(yOff), 1);
    } else {
      openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
          m, n, alpha, a.d(aOff), lda, x.d(xOff), 1, beta, d(yOff), 1);
    }
  }

  /**
   * out[0 … len) ← the bit patterns of the floats buffer[offset … offset + len) (a float buffer
   * only): bit operations on int arrays are vectorised by the JIT, Float.floatToRawIntBits is not.
   */
  void readBits(long offset, int[] out, int len) {
    check(offset, len);
    floatsOnly();
    new IntPointer(base).position(offset).get(out, 0, len);
  }

  /** buffer[offset … offset + len) ← the floats with bit patterns in[0 … len) (float buffer only). */
  void writeBits(int[] in, long offset, int len) {
    check(offset, len);
    floatsOnly();
    new IntPointer(base).position(offset).put(in, 0, len);
  }

  private void floatsOnly() {
    if (type != DataType.FLOAT) {
      throw new IllegalStateException("not a float buffer");
    }
  }

  /** out[0 … len) ← buffer[offset … offset + len). */
  void read(long offset, double[] out, int len) {
    check(offset, len);
    if (type == DataType.FLOAT) {
      float[] s = scratch(len);
      f(offset).get(s, 0, len);
      for (int i = 0; i < len; i++) {
        out[i] = s[i];
      }
    } else {
      d(offset).get(out, 0, len);
    }
  }

  /** out[0 … len) ← buffer[offset … offset + len), a float buffer only (a bulk copy). */
  void readFloats(long offset, float[] out, int len) {
    check(offset, len);
    floatsOnly();
    f(offset).get(out, 0, len);
  }

  /** buffer[offset … offset + len) ← in[0 … len) (rounded to float for a float buffer). */
  void write(double[] in, long offset, int len) {
    check(offset, len);
    if (type == DataType.FLOAT) {
      float[] s = scratch(len);
      for (int i = 0; i < len; i++) {
        s[i] = (float) in[i];
      }
      f(offset).put(s, 0, len);
    } else {
      d(offset).put(in, 0, len);
    }
  }

  /** buffer[offset … offset + len) ← in[0 … len). */
  void write(float[] in, long offset, int len) {
    check(offset, len);
    if (type == DataType.FLOAT) {
      f(offset).put(in, 0, len);
    } else {
      double[] wide = new double[len];
      for (int i = 0; i < len; i++) {
        wide[i] = in[i];
      }
      d(offset).put(wide, 0, len);
    }
  }

  private void check(long offset, int len) {
    if (offset < 0 || len < 0 || offset + len > length) {
      throw new IndexOutOfBoundsException(offset + " + " + len + " > " + length);
    }
  }

  private float[] scratch(int len) {
    if (scratch.length < len) {
      scratch = new float[len];
    }
    return scratch;
  }
}

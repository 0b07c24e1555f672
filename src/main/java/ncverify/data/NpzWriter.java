package ncverify.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@code .npz} that {@code numpy.load} reads: a zip of NPY 1.0 entries, little-endian,
 * C order (deflate at level 0: the file is read once, locally). Used to hand data to the PyTorch worker
 * ({@link ncverify.practical.TorchWorker}); {@link NpzReader} reads such files back.
 *
 * <p>Usage: {@code try (NpzWriter w = new NpzWriter(file)) { w.floats32("X", shape, values); … }}.
 */
public final class NpzWriter implements AutoCloseable {
  private final ZipOutputStream zip;

  public NpzWriter(Path file) throws IOException {
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    zip = new ZipOutputStream(out);
    zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION); // speed: the file is read once, locally
  }

  /** A float32 ('&lt;f4') array of the given shape (row-major values). */
  public NpzWriter floats32(String name, int[] shape, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return entry(name, "<f4", shape, b.array());
  }

  /** A float64 ('&lt;f8') array of the given shape (row-major values). */
  public NpzWriter floats64(String name, int[] shape, double[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return entry(name, "<f8", shape, b.array());
  }

  /** A row-major matrix as float64. */
  public NpzWriter matrix64(String name, double[][] a) throws IOException {
    int cols = a.length == 0 ? 0 : a[0].length;
    double[] flat = new double[a.length * cols];
    for (int r = 0; r < a.length; r++) {
      System.arraycopy(a[r], 0, flat, r * cols, cols);
    }
    return floats64(name, new int[] {a.length, cols}, flat);
  }

  /** An int32 ('&lt;i4') array of the given shape (row-major values). */
  public NpzWriter ints32(String name, int[] shape, int[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return entry(name, "<i4", shape, b.array());
  }

  private NpzWriter entry(String name, String descr, int[] shape, byte[] data) throws IOException {
    long count = 1;
    for (int s : shape) {
      count *= s;
    }
    if (count * Integer.parseInt(descr.substring(2)) != data.length) {
      throw new IllegalArgumentException("array '" + name + "': shape does not match its values");
    }
    zip.putNextEntry(new ZipEntry(name + ".npy"));
    zip.write(header(descr, shape));
    zip.write(data);
    zip.closeEntry();
    return this;
  }

  /**
   * The NPY 1.0 preamble: magic, version, header length and the header dict padded with spaces
   * and a newline so that the data starts at a multiple of 64 bytes (the format's rule).
   */
  public static byte[] header(String descr, int[] shape) {
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sh.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    sh.append(shape.length == 1 ? ",)" : ")");
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    byte[] h = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) h.length);
    b.put(h);
    return b.array();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}

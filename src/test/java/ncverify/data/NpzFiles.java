package ncverify.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes .npz files the way numpy.savez does (NPY 1.0 entries in a zip), for tests: well-formed
 * ones with known contents, and malformed ones (raw entries) to check every rejection.
 */
public final class NpzFiles {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  /** A well-formed float64 ('<f8') or float32 ('<f4') array, row-major. */
  public NpzFiles floats(String name, boolean float32, int[] shape, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * (float32 ? 4 : 8))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      if (float32) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
    return raw(name, npy(float32 ? "<f4" : "<f8", false, shape, b.array()));
  }

  /** A row-major matrix as float64 or float32. */
  public NpzFiles matrix(String name, boolean float32, double[][] a) {
    double[] flat = new double[a.length * a[0].length];
    for (int r = 0; r < a.length; r++) {
      System.arraycopy(a[r], 0, flat, r * a[0].length, a[0].length);
    }
    return floats(name, float32, new int[] {a.length, a[0].length}, flat);
  }

  /** A well-formed int64 ('<i8') or int32 ('<i4') vector. */
  public NpzFiles ints(String name, boolean int32, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * (int32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      if (int32) {
        b.putInt((int) v);
      } else {
        b.putLong(v);
      }
    }
    return raw(name, npy(int32 ? "<i4" : "<i8", false, new int[] {values.length}, b.array()));
  }

  /** An entry with exactly these bytes (name gets ".npy" appended unless it has an extension). */
  public NpzFiles raw(String name, byte[] bytes) {
    entries.put(name.contains(".") ? name : name + ".npy", bytes);
    return this;
  }

  /** NPY 1.0 bytes: magic, version, header padded to 64 bytes, data. */
  public static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
    if (!fortran) {
      byte[] h = NpzWriter.header(descr, shape); // the writer the PyTorch engine uses
      return ByteBuffer.allocate(h.length + data.length).put(h).put(data).array();
    }
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sh.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    sh.append(shape.length == 1 ? ",)" : ")");
    return npyWithHeader("{'descr': '" + descr + "', 'fortran_order': True, 'shape': " + sh
        + ", }", data);
  }

  /** NPY 1.0 bytes with a header dict given verbatim (padded with spaces and a newline). */
  public static byte[] npyWithHeader(String dict, byte[] data) {
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) h.length);
    b.put(h);
    b.put(data);
    return b.array();
  }

  public Path write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** Whether python3 with numpy runs here (tests that build files with NumPy skip otherwise). */
  public static boolean numpyAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs a NumPy script with {@code file} as sys.argv[1] and fails with its output if it fails. */
  public static void runNumpy(String script, Path file) throws Exception {
    Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    org.junit.jupiter.api.Assertions.assertTrue(
        p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }
}

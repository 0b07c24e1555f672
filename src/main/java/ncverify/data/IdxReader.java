package ncverify.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import ncverify.core.InvalidInput;
import ncverify.core.Limits;

/**
 * Reads the IDX format of MNIST / Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian
 * magic number 0x00000803 (unsigned bytes, 3 dimensions: count, rows, cols) for images or
 * 0x00000801 (1 dimension: count) for labels, the dimensions as big-endian 32-bit integers, then
 * the raw bytes. Gzip-compressed files are recognised by their own magic bytes (1f 8b), whatever
 * their name.
 *
 * <p>Every problem with a file is a {@link InvalidInput} naming the file, what was expected and what
 * was found (exit code 2).
 */
public final class IdxReader {
  public static final int IMAGES_MAGIC = 0x00000803;
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Images as unsigned bytes, image after image, each row-major rows × cols. */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    public int pixelsPerImage() {
      return rows * cols;
    }

    /** Pixel p (0 … rows·cols−1) of image i, scaled to [0, 1]. */
    public float scaled(int i, int p) {
      return (pixels[i * pixelsPerImage() + p] & 0xff) / 255f;
    }
  }

  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = readHeaderInt(in, file, "magic number");
      if (magic != IMAGES_MAGIC) {
        throw bad(file, "expected an IDX image file (magic 0x00000803), found magic 0x"
            + String.format("%08x", magic) + (magic == LABELS_MAGIC ? " (a label file)" : ""));
      }
      int count = readDimension(in, file, "image count", Limits.MAX_IDX_ITEMS);
      int rows = readDimension(in, file, "row count", Limits.MAX_IDX_SIDE);
      int cols = readDimension(in, file, "column count", Limits.MAX_IDX_SIDE);
      long size = (long) count * rows * cols;
      byte[] pixels = readBody(in, size, file, count + " images of " + rows + "x" + cols + " pixels",
          16);
      return new Images(count, rows, cols, pixels);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Labels as values 0 … 255. */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = readHeaderInt(in, file, "magic number");
      if (magic != LABELS_MAGIC) {
        throw bad(file, "expected an IDX label file (magic 0x00000801), found magic 0x"
            + String.format("%08x", magic) + (magic == IMAGES_MAGIC ? " (an image file)" : ""));
      }
      int count = readDimension(in, file, "label count", Limits.MAX_IDX_ITEMS);
      byte[] raw = readBody(in, count, file, count + " labels", 8);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInput("data file " + file, "does not exist (or is not a regular file)");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return new DataInputStream(raw);
  }

  private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw bad(file, "ends before its header is complete (while reading the " + what + ")");
    }
  }

  private static int readDimension(DataInputStream in, Path file, String what, long max)
      throws IOException {
    int v = readHeaderInt(in, file, what);
    if (v <= 0 || v > max) {
      throw bad(file, "the " + what + " in the header must be between 1 and " + max + ", found "
          + (v & 0xffffffffL) + (v < 0 ? " (as a signed 32-bit integer: " + v + ")" : ""));
    }
    return v;
  }

  /**
   * Reads exactly the {@code size} data bytes the header declares, checked against
   * {@link Limits#MAX_IDX_BYTES} and, for an uncompressed file, against the file's length before
   * anything is allocated. The buffer grows with the data actually read (in chunks), so a small
   * (or small compressed) file that declares a huge body allocates only what it holds; data after
   * the declared body is an error too (a header that understates its body is as wrong).
   */
  private static byte[] readBody(DataInputStream in, long size, Path file, String what,
      int headerBytes) throws IOException {
    if (size > Limits.MAX_IDX_BYTES) {
      throw bad(file, "the header declares " + what + " = " + size + " bytes, above the limit of "
          + Limits.MAX_IDX_BYTES + " bytes");
    }
    if (!compressed(file)) {
      long available = Files.size(file) - headerBytes;
      if (available < size) {
        throw bad(file, "is truncated: the header declares " + what + " (" + size + " bytes) but the "
            + "file holds only " + Math.max(0, available) + " data bytes");
      }
    }
    byte[] into = new byte[(int) Math.min(size, CHUNK)];
    int filled = 0;
    while (filled < size) {
      if (filled == into.length) {
        into = java.util.Arrays.copyOf(into, (int) Math.min(size, 2L * into.length));
      }
      int n = in.read(into, filled, into.length - filled);
      if (n < 0) {
        throw bad(file, "is truncated: the header declares " + what + " (" + size + " bytes) but the "
            + "data ends after " + filled + " bytes");
      }
      filled += n;
    }
    if (in.read() >= 0) {
      throw bad(file, "holds more data than its header declares (" + what + ")");
    }
    return into;
  }

  /** First allocation of a body buffer; it doubles as data arrives. */
  private static final int CHUNK = 1 << 20;

  private static boolean compressed(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      return raw.read() == 0x1f && raw.read() == 0x8b;
    }
  }

  private static InvalidInput bad(Path file, String rule) {
    return new InvalidInput("data file " + file, rule);
  }

  private static InvalidInput unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new InvalidInput("data file " + file, "does not exist");
    }
    return new InvalidInput("data file " + file, "could not be read as IDX (" + e.getMessage() + ")");
  }
}

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
      int count = readDimension(in, file, "image count");
      int rows = readDimension(in, file, "row count");
      int cols = readDimension(in, file, "column count");
      long size = (long) count * rows * cols;
      if (size > Integer.MAX_VALUE - 8) {
        throw bad(file, "declares " + count + " images of " + rows + "x" + cols
            + " pixels, too many to hold in memory");
      }
      byte[] pixels = new byte[(int) size];
      readBody(in, pixels, file, count + " images of " + rows + "x" + cols + " pixels");
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
      int count = readDimension(in, file, "label count");
      byte[] raw = new byte[count];
      readBody(in, raw, file, count + " labels");
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

  private static int readDimension(DataInputStream in, Path file, String what) throws IOException {
    int v = readHeaderInt(in, file, what);
    if (v <= 0) {
      throw bad(file, "the " + what + " in the header must be positive, found " + v);
    }
    return v;
  }

  private static void readBody(DataInputStream in, byte[] into, Path file, String what)
      throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw bad(file, "is truncated: the header declares " + what + " but the data ends early");
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

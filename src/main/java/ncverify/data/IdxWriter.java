package ncverify.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files (the inverse of {@link IdxReader}); a file name ending in ".gz" is gzipped.
 * Used by tests and by {@link SyntheticImages} to make small data sets without any download.
 */
public final class IdxWriter {
  private IdxWriter() {}

  public static void writeImages(Path file, int rows, int cols, byte[] pixels) {
    int per = rows * cols;
    if (per <= 0 || pixels.length % per != 0) {
      throw new IllegalArgumentException(pixels.length + " pixels are not whole " + rows + "x" + cols
          + " images");
    }
    try (DataOutputStream out = open(file)) {
      out.writeInt(IdxReader.IMAGES_MAGIC);
      out.writeInt(pixels.length / per);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeLabels(Path file, int[] labels) {
    try (DataOutputStream out = open(file)) {
      out.writeInt(IdxReader.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int l : labels) {
        if (l < 0 || l > 255) {
          throw new IllegalArgumentException("IDX labels are bytes; got " + l);
        }
        out.write(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataOutputStream open(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPOutputStream(raw);
    }
    return new DataOutputStream(new java.io.BufferedOutputStream(raw));
  }
}

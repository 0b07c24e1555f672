package ncverify.data;

import java.nio.file.Files;
import java.nio.file.Path;
import ncverify.core.InvalidInput;

/**
 * Locates and loads the Fashion-MNIST training split from a directory. The default directory is
 * where Debian's {@code dataset-fashion-mnist} package installs it
 * ({@code apt-get install dataset-fashion-mnist} → {@value #DEBIAN_DIR}). Both the gzipped and the
 * uncompressed file names are accepted (gzipped preferred).
 */
public final class FashionMnist {
  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String INSTALL_HINT =
      "install it with 'apt-get install dataset-fashion-mnist' (files go to " + DEBIAN_DIR
          + ") or pass --data DIR with " + TRAIN_IMAGES + "[.gz] and " + TRAIN_LABELS + "[.gz]";

  /** Fashion-MNIST's ten classes (T-shirt/top … ankle boot), labels 0 … 9. */
  public static final int CLASSES = 10;

  private FashionMnist() {}

  /** Reads the training images and labels in {@code dir}. */
  public static LabelledImages loadTrain(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInput("data directory " + dir, (Files.exists(dir)
          ? "is a file, not a folder (name the folder that holds the files); "
          : "does not exist; ") + INSTALL_HINT);
    }
    Path images = find(dir, TRAIN_IMAGES);
    Path labels = find(dir, TRAIN_LABELS);
    int[] y = IdxReader.readLabels(labels);
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= CLASSES) {
        throw new InvalidInput("data file " + labels, "label " + y[i] + " of item " + i
            + " (counting from 0) is out of range: Fashion-MNIST labels are 0 to " + (CLASSES - 1));
      }
    }
    return LabelledImages.of(IdxReader.readImages(images), y, dir.toString());
  }

  private static Path find(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(base);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new InvalidInput("data directory " + dir, "has neither " + base + ".gz nor " + base
        + "; " + INSTALL_HINT);
  }
}

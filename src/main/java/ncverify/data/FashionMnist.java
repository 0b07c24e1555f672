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

  private FashionMnist() {}

  /** Reads the training images and labels in {@code dir}. */
  public static LabelledImages loadTrain(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInput("data directory " + dir, "does not exist; " + INSTALL_HINT);
    }
    Path images = find(dir, TRAIN_IMAGES);
    Path labels = find(dir, TRAIN_LABELS);
    return LabelledImages.of(IdxReader.readImages(images), IdxReader.readLabels(labels),
        dir.toString());
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

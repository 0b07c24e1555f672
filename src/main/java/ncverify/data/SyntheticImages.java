package ncverify.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A tiny, learnable stand-in for Fashion-MNIST, written as IDX files so the whole practical
 * pipeline (reader included) can be tested without a download. Class k's images are a bright
 * horizontal bar at a class-dependent height plus a vertical bar at a class-dependent column,
 * with uniform pixel noise; classes are separable but not identical within a class.
 */
public final class SyntheticImages {
  public static final int SIDE = 28;

  private SyntheticImages() {}

  /** Writes train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz into {@code dir}. */
  public static void write(Path dir, int classes, int perClass, long seed) {
    if (classes < 2 || classes > 10) {
      throw new IllegalArgumentException("classes must be 2..10, got " + classes);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int count = classes * perClass;
    byte[] pixels = new byte[count * SIDE * SIDE];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int k = i % classes; // interleaved, like real files (not sorted by class)
      labels[i] = k;
      int row = 2 + 2 * k;
      int col = 25 - 2 * k;
      for (int r = 0; r < SIDE; r++) {
        for (int c = 0; c < SIDE; c++) {
          int v = rnd.nextInt(60);
          if (Math.abs(r - row) <= 1 || Math.abs(c - col) <= 1) {
            v += 150;
          }
          pixels[i * SIDE * SIDE + r * SIDE + c] = (byte) Math.min(255, v);
        }
      }
    }
    IdxWriter.writeImages(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), SIDE, SIDE, pixels);
    IdxWriter.writeLabels(dir.resolve(FashionMnist.TRAIN_LABELS + ".gz"), labels);
  }
}

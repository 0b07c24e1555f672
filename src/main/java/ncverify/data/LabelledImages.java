package ncverify.data;

import ncverify.core.InvalidInput;
import java.util.Arrays;

/**
 * A labelled image set in memory: {@code count} images of {@code pixels} values in [0, 1]
 * (row-major, image after image) and labels 0 … K−1.
 */
public record LabelledImages(int count, int pixels, float[] values, int[] labels, int classes) {

  public LabelledImages {
    if (values.length != (long) count * pixels || labels.length != count) {
      throw new IllegalArgumentException("inconsistent sizes");
    }
  }

  /** Builds from IDX images and labels (checked to agree); K = max label + 1. */
  public static LabelledImages of(IdxReader.Images images, int[] labels, String where) {
    if (images.count() != labels.length) {
      throw new ncverify.core.InvalidInput("data in " + where, "the image file holds "
          + images.count() + " images but the label file holds " + labels.length + " labels");
    }
    int per = images.pixelsPerImage();
    float[] v = new float[images.count() * per];
    for (int i = 0; i < images.count(); i++) {
      for (int p = 0; p < per; p++) {
        v[i * per + p] = images.scaled(i, p);
      }
    }
    int k = Arrays.stream(labels).max().orElse(-1) + 1;
    return new LabelledImages(images.count(), per, v, labels.clone(), k);
  }

  /** How many images each class has. */
  public int[] classCounts() {
    int[] c = new int[classes];
    for (int l : labels) {
      c[l]++;
    }
    return c;
  }

  /** The images with the given indices, in that order. */
  public LabelledImages select(int[] indices) {
    float[] v = new float[indices.length * pixels];
    int[] l = new int[indices.length];
    for (int j = 0; j < indices.length; j++) {
      System.arraycopy(values, indices[j] * pixels, v, j * pixels, pixels);
      l[j] = labels[indices[j]];
    }
    return new LabelledImages(indices.length, pixels, v, l, classes);
  }
}

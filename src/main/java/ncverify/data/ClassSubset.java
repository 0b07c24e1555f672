package ncverify.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import ncverify.core.InvalidInput;

/**
 * A class-count profile (n_1 … n_K) and the seeded choice of that many training images per class.
 * The chosen images are ordered class by class (class 0 first), the same layout as
 * {@code Setting.labels()}, so measured features line up with the theory's class counts.
 *
 * @param name  "balanced" or "p2-step" (recorded in every report)
 * @param counts n_k per class
 * @param seed  the seed of the selection
 * @param indices indices into the full data set, class by class
 */
public record ClassSubset(String name, int[] counts, long seed, int[] indices) {

  /** P2's imbalanced step profile for K = 10: n = (100,100,200,200,300,300,400,400,500,500). */
  public static int[] p2Step(int classes) {
    int[] n = new int[classes];
    for (int k = 0; k < classes; k++) {
      n[k] = 100 * (k / 2 + 1);
    }
    return n;
  }

  public static int[] balanced(int classes, int perClass) {
    int[] n = new int[classes];
    Arrays.fill(n, perClass);
    return n;
  }

  /** The counts scaled by {@code scale} (at least 1 each); scale 1 keeps them. */
  public static int[] scaled(int[] counts, double scale) {
    return Arrays.stream(counts).map(c -> Math.max(1, (int) Math.round(c * scale))).toArray();
  }

  /**
   * Picks counts[k] images of class k uniformly without replacement (seeded Fisher–Yates over each
   * class's indices). Fails with a {@link InvalidInput} if a class has too few images.
   */
  public static ClassSubset choose(String name, LabelledImages data, int[] counts, long seed) {
    if (counts.length != data.classes()) {
      throw new InvalidInput("profile '" + name + "'", "has " + counts.length + " class counts but the data has "
          + data.classes() + " classes");
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int k = 0; k < data.classes(); k++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < data.count(); i++) {
      byClass.get(data.labels()[i]).add(i);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] chosen = new int[Arrays.stream(counts).sum()];
    int at = 0;
    for (int k = 0; k < counts.length; k++) {
      List<Integer> pool = byClass.get(k);
      if (pool.size() < counts[k]) {
        throw new InvalidInput("profile '" + name + "'", "needs n_" + (k + 1) + "=" + counts[k]
            + " images of class " + k + " but the data has only " + pool.size());
      }
      int[] p = pool.stream().mapToInt(Integer::intValue).toArray();
      for (int j = 0; j < counts[k]; j++) {
        int r = j + rnd.nextInt(p.length - j);
        int t = p[j];
        p[j] = p[r];
        p[r] = t;
      }
      int[] first = Arrays.copyOf(p, counts[k]);
      Arrays.sort(first); // deterministic order within a class, independent of the shuffle
      System.arraycopy(first, 0, chosen, at, counts[k]);
      at += counts[k];
    }
    return new ClassSubset(name, counts.clone(), seed, chosen);
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s n=%s (N=%d, seed %d)", name,
        Arrays.stream(counts).mapToObj(Integer::toString).collect(Collectors.joining(",")),
        Arrays.stream(counts).sum(), seed);
  }
}

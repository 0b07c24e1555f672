package ncverify.practical;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the samples: a seeded permutation, drawn afresh every epoch
 * when shuffling, else drawn once and kept (P2's fixed order). The one source of batch orders for
 * both engines ({@link Trainer}, {@link TorchEngine}), so that they see the same batches.
 */
public final class BatchOrder {
  private final SplittableRandom random;
  private final boolean shuffle;
  private final int[] perm;

  /** Samples 0 … n−1, seeded by {@code seed}. */
  public BatchOrder(int n, long seed, boolean shuffle) {
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.shuffle = shuffle;
    this.perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
  }

  /**
   * The order of epoch {@code epoch} (1-based; epochs must be asked for in increasing order). The
   * array is reused: copy it to keep it.
   */
  public int[] next(int epoch) {
    if (shuffle || epoch == 1) {
      for (int i = perm.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
    }
    return perm;
  }
}

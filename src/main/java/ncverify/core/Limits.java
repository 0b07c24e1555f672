package ncverify.core;

/**
 * The documented limits on what a user may ask for (README "Limits"), checked before anything is
 * allocated. Each is far above what the papers use and low enough that a request within it cannot
 * exhaust a default heap (a quarter of a 24 GiB machine) before it starts.
 */
public final class Limits {
  private Limits() {}

  /** Classes K: 1000 (ImageNet-1k; the papers use K ≤ 100). */
  public static final int MAX_CLASSES = 1000;
  /** Samples per class n_k: one million. */
  public static final int MAX_CLASS_COUNT = 1_000_000;
  /** Samples N = Σ n_k (summed in long): ten million. */
  public static final long MAX_SAMPLES = 10_000_000;
  /** Feature width d and inner widths d_m (also the practical track's layer widths): 100 000. */
  public static final int MAX_WIDTH = 100_000;
  /** Depth M (linear layers; also the practical track's ReLU layers): 100 (the papers use M ≤ 6). */
  public static final int MAX_DEPTH = 100;
  /**
   * Parameters of one setting, Σ_m d_{m−1}·d_m + d·N (+ K for a bias): ten million. L-BFGS keeps
   * about {@link #VECTORS_PER_PARAMETER} vectors of that length, so this is about 2 GB.
   */
  public static final long MAX_PARAMETERS = 10_000_000;
  /** Above this many parameters a command first prints its estimate of time and memory. */
  public static final long EXPENSIVE_PARAMETERS = 1_000_000;
  /**
   * Double-precision vectors of the parameter length held at once by the certifying optimiser:
   * 2 × 10 L-BFGS pairs, iterate, gradient, trial point and gradient, direction, projection.
   */
  public static final int VECTORS_PER_PARAMETER = 26;
  /** {@code --tries} (settings per claim): 1000; the default run uses 8, the deep profile 160. */
  public static final int MAX_TRIES = 1000;
  /** Characters of a one-line setting: 64 KiB (1000 counts and 100 widths fit many times). */
  public static final int MAX_SETTING_CHARS = 1 << 16;
  /** Bytes of a proof or conjecture file: 1 MiB (the largest proof file is 11 kB). */
  public static final long MAX_TEXT_FILE_BYTES = 1 << 20;
  /** Items declared in an IDX header (images or labels): ten million (Fashion-MNIST has 60 000). */
  public static final long MAX_IDX_ITEMS = 10_000_000;
  /** Rows or columns declared in an IDX image header: 4096 (Fashion-MNIST: 28). */
  public static final int MAX_IDX_SIDE = 4096;
  /**
   * Data bytes declared in an IDX header (after decompression): 256 MiB, five times the
   * Fashion-MNIST training images (47 MB); the images become 4-byte floats in memory.
   */
  public static final long MAX_IDX_BYTES = 256L << 20;
  /** Training epochs of the practical track: 100 000. */
  public static final int MAX_EPOCHS = 100_000;
  /** Optimiser iterations of {@code train}: ten million. */
  public static final int MAX_ITERATIONS = 10_000_000;

  /** Bytes the certifying optimiser needs for {@code parameters} parameters (an estimate). */
  public static long optimiserBytes(long parameters) {
    return parameters * Double.BYTES * VECTORS_PER_PARAMETER;
  }
}

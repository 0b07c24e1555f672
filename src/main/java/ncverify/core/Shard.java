package ncverify.core;

import java.util.Map;
import java.util.Optional;

/**
 * One share of a run split over N independent processes (cluster array jobs, {@code xargs -P}):
 * shard {@code index} of {@code count}, 1-based, as typed on the command line ({@code --shard 3/8}).
 *
 * <p>A run numbers its work units 0, 1, 2, … in a fixed order that does not depend on the shard
 * (for {@code verify}: claim by claim in catalogue order); shard I of N owns the units whose number
 * is I − 1 modulo N (round-robin). Round-robin rather than contiguous blocks because neighbouring
 * units cost alike (the settings of one claim), so every shard gets a similar mix; and because the
 * rule needs no total, a shard can decide ownership before it knows how many units there are. The
 * N shards together own every unit exactly once; a shard may own none (more shards than units).
 *
 * <p>{@link #fromEnvironment(Map)} reads Slurm's job-array variables (see there for the mapping).
 *
 * @param index I, the 1-based shard number, 1 ≤ I ≤ N
 * @param count N, the number of shards, 1 ≤ N ≤ {@link #MAX_COUNT}
 */
public record Shard(int index, int count) {
  /**
   * Most shards of one run: 10 000, above Slurm's default MaxArraySize (1001) and far above the
   * units of a default run (about 100), so a larger N is a typo.
   */
  public static final int MAX_COUNT = 10_000;

  /** The whole run as one shard (owns every unit). */
  public static final Shard WHOLE = new Shard(1, 1);

  /** The form of {@code --shard}, quoted in errors. */
  public static final String FORM = "I/N with 1 <= I <= N <= " + MAX_COUNT + " (e.g. 3/8)";

  /**
   * @throws IllegalArgumentException if the numbers break 1 ≤ index ≤ count ≤ {@link #MAX_COUNT}
   *     (a programming error; user input goes through {@link #parse})
   */
  public Shard {
    if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + " is not " + FORM);
    }
  }

  /**
   * Reads {@code I/N} as typed after {@code flag}.
   *
   * @param flag the place named in errors, e.g. {@code --shard}
   * @throws InvalidInput naming {@code flag} if the text is not two ASCII whole numbers separated
   *     by one slash with 1 ≤ I ≤ N ≤ {@link #MAX_COUNT}
   */
  public static Shard parse(String flag, String text) {
    String t = text == null ? "" : text.strip();
    int slash = t.indexOf('/');
    if (slash < 0 || slash != t.lastIndexOf('/')) {
      throw new InvalidInput(flag, "expected " + FORM + ", got '" + Numbers.show(text) + "'");
    }
    int n = Numbers.parseInt(flag + " (N, after the slash)", t.substring(slash + 1), 1, MAX_COUNT);
    int i = Numbers.parseInt(flag + " (I, before the slash)", t.substring(0, slash), 1, n);
    return new Shard(i, n);
  }

  /**
   * Whether this shard judges work unit {@code unitIndex} (0-based, in the run's fixed order):
   * {@code unitIndex mod N == I − 1}.
   *
   * @throws IllegalArgumentException if {@code unitIndex} is negative
   */
  public boolean owns(long unitIndex) {
    if (unitIndex < 0) {
      throw new IllegalArgumentException("unit index must be >= 0, got " + unitIndex);
    }
    return unitIndex % count == index - 1;
  }

  /** Whether this is the whole run (1/1). */
  public boolean isWhole() {
    return count == 1;
  }

  /** {@code I/N}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return index + "/" + count;
  }

  /** {@link #fromEnvironment(Map)} on this process's environment. */
  public static Optional<Shard> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The shard of a Slurm job-array task, or empty when {@code SLURM_ARRAY_TASK_ID} is not set (not
   * an array task). Mapping, for an array {@code --array=MIN-MAX[:STEP]}:
   *
   * <ul>
   *   <li>I = (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / STEP + 1, where STEP is
   *       SLURM_ARRAY_TASK_STEP (1 when unset);
   *   <li>N = SLURM_ARRAY_TASK_COUNT when set, else (SLURM_ARRAY_TASK_MAX − MIN) / STEP + 1.
   * </ul>
   *
   * So {@code --array=1-8} gives tasks 1/8 … 8/8, {@code --array=0-7} the same, and
   * {@code --array=0-30:10} gives 1/4 … 4/4. An array given as a list ({@code --array=1,5,9}) or
   * with a {@code %} limit works only if its ids form such a range; otherwise the count
   * disagrees with the range and this refuses (use {@code --shard} explicitly).
   *
   * @param env the environment (variable name → value)
   * @throws InvalidInput naming the variable when a value is not a whole number, MIN or MAX is
   *     missing, the id lies outside MIN..MAX or off the step, COUNT disagrees with the range, or
   *     N exceeds {@link #MAX_COUNT}
   */
  public static Optional<Shard> fromEnvironment(Map<String, String> env) {
    String idText = env.get(TASK_ID);
    if (idText == null || idText.isBlank()) {
      return Optional.empty();
    }
    long id = variable(env, TASK_ID);
    long min = variable(env, TASK_MIN);
    long max = variable(env, TASK_MAX);
    long step = env.containsKey(TASK_STEP) ? variable(env, TASK_STEP) : 1;
    if (step < 1) {
      throw new InvalidInput(TASK_STEP, "must be >= 1, got " + step);
    }
    if (max < min) {
      throw new InvalidInput(TASK_MAX, "must be >= " + TASK_MIN + " (" + min + "), got " + max);
    }
    if (id < min || id > max) {
      throw new InvalidInput(TASK_ID, "must lie between " + TASK_MIN + " (" + min + ") and "
          + TASK_MAX + " (" + max + "), got " + id);
    }
    if ((id - min) % step != 0) {
      throw new InvalidInput(TASK_ID, id + " is not " + TASK_MIN + " (" + min + ") plus a multiple"
          + " of " + TASK_STEP + " (" + step + ")");
    }
    long ranged = (max - min) / step + 1;
    long n = ranged;
    if (env.containsKey(TASK_COUNT)) {
      n = variable(env, TASK_COUNT);
      if (n != ranged) {
        throw new InvalidInput(TASK_COUNT, n + " tasks, but " + TASK_MIN + ".." + TASK_MAX + " step "
            + step + " spans " + ranged + " (a list or limited array?); give --shard I/N instead");
      }
    }
    if (n > MAX_COUNT) {
      throw new InvalidInput(TASK_COUNT, "the array has " + n + " tasks; at most " + MAX_COUNT
          + " shards");
    }
    return Optional.of(new Shard((int) ((id - min) / step + 1), (int) n));
  }

  /** Slurm's variable of this task's id in the array. */
  public static final String TASK_ID = "SLURM_ARRAY_TASK_ID";
  /** Slurm's variable of the lowest task id. */
  public static final String TASK_MIN = "SLURM_ARRAY_TASK_MIN";
  /** Slurm's variable of the highest task id. */
  public static final String TASK_MAX = "SLURM_ARRAY_TASK_MAX";
  /** Slurm's variable of the number of tasks. */
  public static final String TASK_COUNT = "SLURM_ARRAY_TASK_COUNT";
  /** Slurm's variable of the step between task ids. */
  public static final String TASK_STEP = "SLURM_ARRAY_TASK_STEP";

  private static long variable(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null) {
      throw new InvalidInput(name, "is not set, but " + TASK_ID + " is (a Slurm array task sets both)");
    }
    return Numbers.parseLong(name, v, 0, Integer.MAX_VALUE);
  }
}

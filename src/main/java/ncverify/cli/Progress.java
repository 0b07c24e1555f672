package ncverify.cli;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress display of every long command, on standard error (standard output stays the
 * results): steps done of the total, elapsed time and the estimate of the time left, and what is
 * being worked on. Two forms: a bar redrawn in place ({@link #bar}), and whole lines
 * ({@link #line}) for commands whose progress is itself worth keeping in a log (a sweep's points,
 * proof files, training) or that print between updates.
 */
final class Progress {
  private Progress() {}

  /**
   * Width of a bar's message ({@link #say}): the longest claim id (32, the verdict lines' column)
   * fits. The library draws the bar in what the line leaves, so a message of varying length made
   * the bar jump; a fixed width keeps it still.
   */
  static final int MESSAGE_WIDTH = 32;

  /** A bar over {@code total} steps named {@code task}; close it when done. */
  static ProgressBar bar(String task, long total) {
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .continuousUpdate().build();
    say(bar, "");
    return bar;
  }

  /** Shows {@code message} after the bar, padded or cut to {@link #MESSAGE_WIDTH}. */
  static void say(ProgressBar bar, String message) {
    String m = message.length() > MESSAGE_WIDTH ? message.substring(0, MESSAGE_WIDTH - 1) + "…"
        : message;
    bar.setExtraMessage(String.format(Locale.ROOT, "%-" + MESSAGE_WIDTH + "s", m));
  }

  /**
   * One progress line: {@code task: done/total (elapsed m:ss, about m:ss left)}, the estimate
   * being the mean time per step so far times the steps left.
   */
  static String line(String task, long done, long total, long elapsedNanos) {
    double perStep = done == 0 ? 0 : elapsedNanos / 1e9 / done;
    return line(task, done, total, null, elapsedNanos, perStep * (total - done));
  }

  /**
   * One progress line with the caller's estimate of the seconds left (when the mean time per step
   * is the wrong model, e.g. reused sweep points that cost nothing):
   * {@code task: done/total units (m:ss elapsed, about m:ss left)}; {@code unit} (singular, may
   * be null) is pluralised by {@link #count}.
   */
  static String line(String task, long done, long total, String unit, long elapsedNanos,
      double secondsLeft) {
    String of = unit == null ? done + "/" + total : done + "/" + count(total, unit);
    return String.format(Locale.ROOT, "%s: %s (%s elapsed, about %s left)", task, of,
        clock(elapsedNanos / 1e9), clock(secondsLeft));
  }

  /**
   * Progress through a few named parts of different kinds ({@code bench}): before each part one
   * line on standard error, {@code task: done/total parts (elapsed, about … left): what}, the
   * estimate being the mean time per finished part times the parts left.
   */
  static final class Parts {
    private final java.io.PrintWriter err;
    private final String task;
    private final int total;
    private final long start = System.nanoTime();
    private int done = -1;

    Parts(java.io.PrintWriter err, String task, int total) {
      this.err = err;
      this.task = task;
      this.total = total;
    }

    /** The next part begins. */
    void next(String what) {
      done++;
      long elapsed = System.nanoTime() - start;
      double left = done == 0 ? 0 : elapsed / 1e9 / done * (total - done);
      err.println(line(task, done, total, "part", elapsed, left) + ": " + what);
      err.flush();
    }
  }

  /** {@code 1 unit}, {@code 2 units}. */
  static String count(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

package ncverify.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of every long command, on standard error (standard output stays the results):
 * steps done of the total, elapsed time and the estimate of the time left (from the mean time per
 * step so far), and what is being worked on.
 */
final class Progress {
  private Progress() {}

  /** A bar over {@code total} steps named {@code task}; close it when done. */
  static ProgressBar bar(String task, long total) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .continuousUpdate().build();
  }

  /**
   * One progress line for commands whose standard output streams whole lines (a bar redrawn with
   * carriage returns would cut them): {@code task: done/total (elapsed m:ss, about m:ss left)},
   * the estimate being the mean time per step so far times the steps left.
   */
  static String line(String task, long done, long total, long elapsedNanos) {
    double perStep = done == 0 ? 0 : elapsedNanos / 1e9 / done;
    return String.format(java.util.Locale.ROOT, "%s: %d/%d (%s elapsed, about %s left)", task, done,
        total, clock(elapsedNanos / 1e9), clock(perStep * (total - done)));
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

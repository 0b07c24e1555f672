package ncverify.core;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress display of every long command, always on standard error (standard output stays
 * the results, so {@code verify --json | jq} works): steps done of the total, elapsed time, the
 * estimate of the time left, and what is being worked on. The one place for the concept; the
 * commands ({@code ncverify.cli}) and the practical trainers ({@code ncverify.practical}) use it.
 *
 * <p>Two forms of a counted task ({@link #start}), chosen by {@link #style()}:
 * <ul>
 *   <li>{@link Style#TERMINAL}: a coloured bar redrawn in place (carriage return and ANSI colour
 *       codes), drawn by the progressbar library;</li>
 *   <li>{@link Style#PLAIN}, when standard error may be a file or pipe: whole lines of plain text,
 *       no ANSI code and no carriage return, the first after {@link #QUIET_SECONDS} and then at most
 *       one every {@link #PLAIN_PERIOD_SECONDS}, and a last line when the task ends, so a log holds a
 *       readable trace rather than thousands of redraws.</li>
 * </ul>
 * Plus whole lines ({@link #line}, {@link Parts}) for commands whose progress is itself worth
 * keeping (a sweep's points, proof files, bench parts); those are plain in both styles.
 */
public final class Progress implements AutoCloseable {
  /** How a task is drawn. */
  public enum Style {
    /** A coloured bar redrawn in place: for a person watching a terminal. */
    TERMINAL,
    /** Plain-text lines, no ANSI codes: for logs and pipes. */
    PLAIN
  }

  /**
   * Widest message of a terminal bar ({@link #say}): the longest claim id (32, the verdict lines'
   * column) fits. The library draws the bar in what the line leaves, so a message of varying
   * length made the bar jump; messages are padded to the longest so far, up to this.
   */
  public static final int MESSAGE_WIDTH = 32;
  /** Plain form: tasks shorter than this print nothing (most runs of the small settings). */
  public static final double QUIET_SECONDS = 2;
  /** Plain form: seconds between lines (a log of an hour's training gets ~360 lines). */
  public static final double PLAIN_PERIOD_SECONDS = 10;
  /** The ANSI colour of the terminal bar (yellow, the library's own choice for its bars). */
  private static final byte BAR_COLOUR = 33;
  /** The terminal style: ASCII characters (any charset draws them) in {@link #BAR_COLOUR}. */
  private static final ProgressBarStyle TERMINAL_STYLE = ProgressBarStyle.builder()
      .colorCode(BAR_COLOUR).leftBracket("[").rightBracket("]").block('=').space(' ')
      .fractionSymbols(" ").rightSideFractionSymbol('>').build();

  /**
   * {@link Style#TERMINAL} when a person is likely watching: the JVM has a console (standard input
   * and output are a terminal) and {@code TERM} is not {@code dumb}; {@link Style#PLAIN} otherwise
   * (output redirected to a file or pipe, CI logs, Emacs shells).
   */
  public static Style style() {
    return System.console() != null && !"dumb".equalsIgnoreCase(System.getenv("TERM"))
        ? Style.TERMINAL : Style.PLAIN;
  }

  private final String task;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final ProgressBar bar;
  private final ScheduledExecutorService ticker;
  private final long start = System.nanoTime();
  private final double quietSeconds;
  private long done;
  private String message = "";
  private int messageWidth;
  private boolean printed;
  private boolean closed;

  private Progress(String task, long total, String unit, PrintStream out, Style style,
      double quietSeconds, double periodSeconds) {
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.out = out;
    this.quietSeconds = quietSeconds;
    if (style == Style.TERMINAL) {
      ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(TERMINAL_STYLE).setConsumer(new ConsoleProgressBarConsumer(out))
          .continuousUpdate();
      if (unit != null) {
        b.setUnit(" " + unit + "s", 1);
      }
      bar = b.build();
      ticker = null;
      say("");
    } else {
      bar = null;
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress " + task);
        t.setDaemon(true); // never keeps a finished command alive
        return t;
      });
      long periodMillis = Math.max(1, Math.round(periodSeconds * 1000));
      ticker.scheduleAtFixedRate(this::tick, Math.round(quietSeconds * 1000), periodMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A task of {@code total} steps, in the {@link #style()} of this process; close it when done.
   *
   * @param unit the step's name in the singular (pluralised by {@link #count}), or null
   * @param out where it is drawn: standard error in the commands, never standard output
   */
  public static Progress start(String task, long total, String unit, PrintStream out) {
    return start(task, total, unit, out, style(), QUIET_SECONDS, PLAIN_PERIOD_SECONDS);
  }

  /** The same in a given style and, for the plain style, with other delays (tests). */
  public static Progress start(String task, long total, String unit, PrintStream out, Style style,
      double quietSeconds, double periodSeconds) {
    return new Progress(task, total, unit, out, style, quietSeconds, periodSeconds);
  }

  /** One step done. */
  public synchronized void step() {
    stepTo(done + 1);
  }

  /** {@code n} steps done in all. */
  public synchronized void stepTo(long n) {
    done = n;
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  /** Shows {@code what} is being worked on (a terminal bar pads or cuts it to {@link #MESSAGE_WIDTH}). */
  public synchronized void say(String what) {
    message = what;
    if (bar != null) {
      String m = what.length() > MESSAGE_WIDTH ? what.substring(0, MESSAGE_WIDTH - 1) + "…" : what;
      // padded to the longest message so far: the bar stays still, and a task without messages
      // (or with short ones) leaves the bar its room on an 80-column terminal
      messageWidth = Math.max(messageWidth, m.length());
      bar.setExtraMessage(messageWidth == 0 ? ""
          : String.format(Locale.ROOT, "%-" + messageWidth + "s", m));
    }
  }

  /** Plain form, from the ticker: one line once the task has run {@link #QUIET_SECONDS}. */
  private synchronized void tick() {
    if (!closed) {
      printLine();
    }
  }

  private void printLine() {
    long elapsed = System.nanoTime() - start;
    double left = done == 0 ? Double.NaN : elapsed / 1e9 / done * Math.max(0, total - done);
    out.println(line(task, done, total, unit, elapsed, left)
        + (message.isBlank() ? "" : ": " + message.strip()));
    out.flush();
    printed = true;
  }

  /** Ends the display: the bar's last state, or (plain form) a last line if any was printed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (bar != null) {
      bar.close();
    } else {
      ticker.shutdownNow();
      if (printed || (System.nanoTime() - start) / 1e9 >= quietSeconds) {
        printLine();
      }
    }
  }

  /**
   * One progress line: {@code task: done/total (elapsed m:ss, about m:ss left)}, the estimate
   * being the mean time per step so far times the steps left.
   */
  public static String line(String task, long done, long total, long elapsedNanos) {
    double perStep = done == 0 ? Double.NaN : elapsedNanos / 1e9 / done;
    return line(task, done, total, null, elapsedNanos, perStep * (total - done));
  }

  /**
   * One progress line with the caller's estimate of the seconds left (when the mean time per step
   * is the wrong model, e.g. reused sweep points that cost nothing):
   * {@code task: done/total units (m:ss elapsed, about m:ss left)}; {@code unit} (singular, may
   * be null) is pluralised by {@link #count}; a NaN estimate (nothing finished yet) is said so.
   */
  public static String line(String task, long done, long total, String unit, long elapsedNanos,
      double secondsLeft) {
    String of = unit == null ? done + "/" + total : done + "/" + count(total, unit);
    String left = Double.isNaN(secondsLeft) ? "time left known after the first step"
        : "about " + clock(secondsLeft) + " left";
    return String.format(Locale.ROOT, "%s: %s (%s elapsed, %s)", task, of,
        clock(elapsedNanos / 1e9), left);
  }

  /**
   * Progress through a few named parts of different kinds ({@code bench}): before each part one
   * line, {@code task: done/total parts (elapsed, about … left): what}, the estimate being the
   * mean time per finished part times the parts left.
   */
  public static final class Parts {
    private final PrintWriter err;
    private final String task;
    private final int total;
    private final long start = System.nanoTime();
    private int done = -1;

    public Parts(PrintWriter err, String task, int total) {
      this.err = err;
      this.task = task;
      this.total = total;
    }

    /** The next part begins. */
    public void next(String what) {
      done++;
      long elapsed = System.nanoTime() - start;
      double left = done == 0 ? Double.NaN : elapsed / 1e9 / done * (total - done);
      err.println(line(task, done, total, "part", elapsed, left) + ": " + what);
      err.flush();
    }
  }

  /** {@code 1 unit}, {@code 2 units}. */
  public static String count(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** m:ss, or h:mm:ss from an hour on. */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

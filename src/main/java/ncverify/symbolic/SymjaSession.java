package ncverify.symbolic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.interfaces.IExpr;

/**
 * One sandboxed Symja engine living on its own daemon thread, with a CPU-time limit and a memory
 * bound on every call.
 *
 * <p>Symja keeps its engine in a thread-local, and some of its algorithms ignore
 * {@code TimeConstrained}; so every evaluation is submitted to a dedicated single-thread
 * executor and watched from the calling thread. The time limit counts the CPU time of the
 * engine's thread ({@link ThreadMXBean#getThreadCpuTime}), not the wall clock: on a loaded machine
 * a call waits longer for a core but does not use more CPU, so whether a call finishes within its
 * limit (and so which proof steps are decided symbolically) does not depend on what else runs.
 * (Symja's own {@code TimeConstrained} counts wall-clock time, and runs its argument on yet another
 * thread; it is not used.) Resources are bounded four ways:
 * <ul>
 *   <li>Symja's own size limits ({@link #MAX_LIST_LENGTH}, {@link #MAX_INTEGER_BITS},
 *       {@link #MAX_POLYNOMIAL_DEGREE}) refuse a too large Table, Range, Array, Expand or big
 *       integer before it is built; the refusal is reported as a {@link Limit};</li>
 *   <li>a watchdog polls the heap while a call runs and stops it when the heap has grown by more
 *       than {@link #memoryBound()} since the call began (a {@link Limit});</li>
 *   <li>a call stops when the engine thread has used its CPU-time limit, or when its CPU time
 *       has stood still for {@link #STALL_MILLIS} of wall-clock time (a blocked thread);</li>
 *   <li>on a time or memory limit the engine's thread is stopped for good ({@link Thread#stop},
 *       which is what it exists for: the thread's engine state is thrown away, so no invariant
 *       can be left broken), not merely abandoned, so it cannot keep burning CPU; the next call
 *       starts a fresh engine and replays the definitions made so far.</li>
 * </ul>
 */
final class SymjaSession implements AutoCloseable {

  /** Thrown when a call exceeds its CPU-time limit (or makes no progress at all). */
  static final class Timeout extends Exception {
    Timeout(String message) {
      super(message);
    }
  }

  /** Thrown when a call exceeds a size or memory limit; the message names the limit. */
  static final class Limit extends Exception {
    Limit(String message) {
      super(message);
    }
  }

  /** Longest list (or any expression's argument count) Symja may build: 100 000. */
  static final int MAX_LIST_LENGTH = 100_000;
  /** Largest integer Symja may build, in bits: one million (about 300 000 decimal digits). */
  static final int MAX_INTEGER_BITS = 1_000_000;
  /** Highest polynomial degree Symja may expand to: 10 000. */
  static final int MAX_POLYNOMIAL_DEGREE = 10_000;
  /** Largest memory bound per call: 1 GiB (a quarter of the heap if that is smaller). */
  static final long MAX_MEMORY_BOUND = 1L << 30;
  /** How often the watchdog looks at the heap and the engine thread's CPU time. */
  private static final long POLL_MILLIS = 20;
  /**
   * Wall-clock time for which the engine thread's CPU time may stand still before the call is
   * stopped as stuck (a thread that waits on nothing it can get). A runnable thread on a machine
   * loaded 100 times over its cores still gets CPU several times a second, so this never stops a
   * call that computes, however loaded the machine; it only catches a blocked one.
   */
  static final long STALL_MILLIS = 120_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static {
    // No file-system functions at all (Import, Get, … check this flag), no unsafe Java access.
    Config.FILESYSTEM_ENABLED = false;
    Config.JAVA_UNSAFE = false;
    // Sizes are refused before allocation (Symja checks these when it builds lists and numbers).
    Config.MAX_AST_SIZE = MAX_LIST_LENGTH;
    Config.MAX_MATRIX_DIMENSION_SIZE = MAX_LIST_LENGTH;
    Config.MAX_BIT_LENGTH = MAX_INTEGER_BITS;
    Config.MAX_POLYNOMIAL_DEGREE = MAX_POLYNOMIAL_DEGREE;
    if (!THREADS.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure a thread's CPU time, which the "
          + "Symja time limit needs");
    }
    THREADS.setThreadCpuTimeEnabled(true);
  }

  /** Bytes by which the heap may grow during one call before the call is stopped. */
  static long memoryBound() {
    return Math.min(MAX_MEMORY_BOUND, Runtime.getRuntime().maxMemory() / 4);
  }

  /** Symja's messages (it prints its limit refusals instead of throwing them). */
  private final java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
  private final java.io.PrintStream messageStream = new java.io.PrintStream(messages, true,
      java.nio.charset.StandardCharsets.UTF_8);
  private volatile Thread engineThread;

  private final List<IExpr> definitions = new ArrayList<>();
  private ExecutorService worker;
  private ExprEvaluator evaluator;
  private int restarts;
  private long lastCallCpuNanos;

  SymjaSession() {
    start();
  }

  private void start() {
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "symja-proof-engine");
      t.setDaemon(true);
      engineThread = t;
      return t;
    });
    Future<ExprEvaluator> f = worker.submit(this::newEvaluator);
    try {
      evaluator = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot start Symja", e.getCause());
    }
  }

  /** A fresh engine: its own global scope, messages captured (not printed). */
  private ExprEvaluator newEvaluator() {
    // relaxed syntax: in Symja 3.0.0 only this mode resolves built-in names such as Sqrt
    EvalEngine engine = new EvalEngine("ncverify-proof", 256, 10_000, messageStream,
        messageStream, true);
    engine.setQuietMode(false); // limit refusals are messages; they go to messageStream
    EvalEngine.setReset(engine);
    return new ExprEvaluator(engine, true, (short) 20);
  }

  /**
   * Replaces the engine by a fresh one (same thread), so nothing assigned by earlier calls is
   * visible to the next: each evaluation runs in a fresh scope. Definitions made with
   * {@link #define} are replayed.
   */
  void freshScope() throws Exception {
    evaluator = call(ev -> newEvaluator(), 60_000);
    for (IExpr d : definitions) {
      eval(d, 60_000);
    }
  }

  /** Parses without evaluating (the sandbox inspects the result before anything runs). */
  IExpr parse(String text) throws Exception {
    return call(ev -> ev.getEvalEngine().parse(text), 60_000);
  }

  /** Evaluates and remembers a definition, to replay it after a restart. */
  IExpr define(IExpr definition, long limitMillis) throws Exception {
    IExpr r = eval(definition, limitMillis);
    definitions.add(definition);
    return r;
  }

  /**
   * Evaluates {@code expr}; throws {@link Timeout} once the engine thread has used
   * {@code limitMillis} of CPU time on it (the engine is then replaced, definitions replayed).
   */
  IExpr eval(IExpr expr, long limitMillis) throws Exception {
    return call(ev -> ev.eval(expr), limitMillis);
  }

  /** CPU time the engine thread used on the last call that returned or timed out, in ns. */
  long lastCallCpuNanos() {
    return lastCallCpuNanos;
  }


  /** CPU time the engine thread has used so far (0 if it cannot be read: a dead thread). */
  private long engineCpuNanos() {
    Thread t = engineThread;
    long ns = t == null ? -1 : THREADS.getThreadCpuTime(t.getId());
    return Math.max(ns, 0);
  }

  int restarts() {
    return restarts;
  }

  private <T> T call(Function<ExprEvaluator, T> body, long limitMillis) throws Exception {
    ExprEvaluator ev = evaluator;
    messages.reset();
    long cpu0 = engineCpuNanos(); // the thread idles between calls: its CPU time stands still
    Future<T> f = worker.submit(() -> {
      EvalEngine.setReset(ev.getEvalEngine());
      ev.getEvalEngine().setStopRequested(false);
      return body.apply(ev);
    });
    Runtime rt = Runtime.getRuntime();
    long baseline = rt.totalMemory() - rt.freeMemory();
    long bound = memoryBound();
    long budget = limitMillis * 1_000_000L;
    long lastCpu = cpu0;
    long lastProgress = System.nanoTime();
    long lastGc = 0;
    T result;
    while (true) {
      try {
        result = f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        lastCallCpuNanos = engineCpuNanos() - cpu0;
        break;
      } catch (TimeoutException e) {
        long cpu = engineCpuNanos();
        if (cpu - cpu0 > budget) {
          lastCallCpuNanos = cpu - cpu0;
          abandonAndRestart(f);
          throw new Timeout("CPU time limit of " + limitMillis + " ms exceeded");
        }
        if (cpu != lastCpu) {
          lastCpu = cpu;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > STALL_MILLIS * 1_000_000L) {
          lastCallCpuNanos = cpu - cpu0;
          abandonAndRestart(f);
          throw new Timeout("no progress (no CPU time used) for " + STALL_MILLIS / 1000 + " s");
        }
        if (rt.totalMemory() - rt.freeMemory() - baseline > bound) {
          // the growth may be garbage: collect once a second at most before judging
          if (System.nanoTime() - lastGc > 1_000_000_000L) {
            System.gc();
            lastGc = System.nanoTime();
            continue;
          }
          abandonAndRestart(f);
          throw new Limit("memory bound of " + (bound >> 20) + " MiB per evaluation exceeded");
        }
      } catch (ExecutionException e) {
        lastCallCpuNanos = engineCpuNanos() - cpu0;
        Throwable c = e.getCause();
        if (c instanceof OutOfMemoryError) {
          abandonAndRestart(f);
          throw new Limit("out of memory during the evaluation (" + c.getMessage() + ")");
        }
        if (c instanceof Exception ex) {
          throw ex;
        }
        throw new IllegalStateException(c);
      }
    }
    String said = messages.toString(java.nio.charset.StandardCharsets.UTF_8);
    for (String line : said.split("\n")) {
      if (line.contains("exceeded") && (line.contains("Maximum AST") || line.contains("bit length")
          || line.contains("degree") || line.contains("dimension"))) {
        throw new Limit("Symja size limit: " + line.strip() + " (limits: lists of "
            + MAX_LIST_LENGTH + " elements, integers of " + MAX_INTEGER_BITS + " bits, degree "
            + MAX_POLYNOMIAL_DEGREE + ")");
      }
    }
    return result;
  }

  @SuppressWarnings("removal")
  private void abandonAndRestart(Future<?> running) throws Exception {
    evaluator.getEvalEngine().stopRequest();
    running.cancel(true);
    worker.shutdownNow();
    Thread t = engineThread;
    if (t != null && t.isAlive() && !join(t, 200)) {
      try {
        t.stop(); // its engine is discarded with it; see the class comment
      } catch (UnsupportedOperationException e) {
        // Java 20+: the thread stays a daemon and is abandoned
      }
    }
    restarts++;
    start();
    for (IExpr d : definitions) {
      eval(d, 60_000);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** Waits up to {@code millis} for {@code t} to end; true if it did. */
  private static boolean join(Thread t, long millis) {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }
}

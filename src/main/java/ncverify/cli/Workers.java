package ncverify.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ncverify.core.InvalidInput;

/**
 * {@code --jobs J}: J worker processes on this machine, each a fresh JVM running the same command
 * on its share of the work units and streaming each finished unit back as one results-file line.
 *
 * <p>Why processes and not threads: the judging code is single-threaded by design and not audited
 * for sharing (ND4J's environment and BLAS thread settings are process-wide, Symja's engine is
 * per-thread state behind {@code SymjaSession}), and bit-identical results under concurrency
 * would rest on ND4J/OpenBLAS giving the same bits whatever else runs at the same time. Separate
 * processes share nothing, so a worker computes exactly what a single run computes for its units;
 * the parent only collects lines. The price is one JVM start and one ND4J load per worker (about
 * 1 s each, STACK.md) and one heap per worker (about 0.5 GB resident for the default run).
 *
 * <p>Protocol: a worker's work is either fixed by its arguments ({@code sweep}'s blocks), or (
 * {@code verify}) the parent hands out units one at a time from one queue (longest expected first):
 * it writes a unit's number as a line to a worker's standard input, and the next one when that
 * worker's finished unit line ({@code ResultsFile.unitLine}, a line starting with '{') arrives on
 * its standard output; when the queue is empty it closes the worker's standard input and the
 * worker exits. So a worker that drew short units takes more of them, and no worker waits while
 * another still has a queue of its own (a fixed round-robin share left one worker with most of
 * the proof files' time). A worker writes the line {@link #PROGRESS} to its standard error after
 * each judged setting; everything else it writes to standard error is passed on. Which worker
 * judges a unit does not change its result (each unit is judged from the seed alone).
 */
final class Workers {
  private Workers() {}

  /** A worker's progress tick on standard error. */
  static final String PROGRESS = "\u0001ncverify-progress";

  /** Most workers: far above the cores of one cluster node, low enough to catch a typo. */
  static final int MAX_JOBS = 1024;

  /** The default of {@code --jobs}: the cores this JVM may use. */
  static int defaultJobs() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Checks {@code --jobs}. */
  static int validate(int jobs) {
    return (int) ncverify.core.Numbers.requireRange("--jobs", jobs, 1, MAX_JOBS);
  }

  /**
   * The command line that starts a worker: this JVM's java, class path and JVM options (heap and
   * -D settings such as the ND4J memory caps travel with it; a debugger agent does not), then the
   * main class and {@code args}.
   */
  static List<String> command(List<String> args) {
    return command(List.of(), args);
  }

  /** {@link #command(List)} with {@code jvmOptions} after this JVM's own options. */
  static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
        cmd.add(a);
      }
    }
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** Whether a line of a worker's standard output is a finished unit (a JSON object). */
  static boolean isUnitLine(String line) {
    return line.startsWith("{");
  }

  /**
   * Runs {@code workers} workers with the same arguments at once, hands them the units of
   * {@code queue} one at a time (see the class comment), and waits for all.
   *
   * @param queue the units in the order they are handed out; emptied by this call
   * @param onLine called with each line a worker writes to standard output (a finished unit, or
   *     something a library printed), from the worker's reader thread; must be thread-safe
   * @param onProgress called on each progress tick; must be thread-safe
   * @throws IllegalStateException if a worker exits with a non-zero code (its standard error has
   *     been passed on by then)
   */
  static void run(int workers, List<String> workerArgs, java.util.Queue<Integer> queue,
      Consumer<String> onLine, Runnable onProgress) {
    run(workers, List.of(), workerArgs, queue, onLine, onProgress);
  }

  /**
   * {@link #run(int, List, java.util.Queue, Consumer, Runnable)} with {@code jvmOptions} after this
   * JVM's own options in each worker's command line (e.g. {@link #CLIENT_COMPILER}).
   */
  static void run(int workers, List<String> jvmOptions, List<String> workerArgs,
      java.util.Queue<Integer> queue, Consumer<String> onLine, Runnable onProgress) {
    run(jvmOptions, java.util.Collections.nCopies(workers, workerArgs), queue, onLine, onProgress);
  }

  /**
   * The JVM option for a short-lived worker: the client compiler only. Compiled code computes
   * the same bits at every tier (Java's floating point is strict since Java 17, and the math
   * intrinsics are the same stubs at every tier), so only the time changes: a short run does not
   * repay the server compiler's compiling (measured for the judging of the default verify and
   * for Symja, see {@link VerifyCommand#CLIENT_COMPILER_MAX_SETTINGS} and {@link ProofProcess}).
   */
  static final String CLIENT_COMPILER = "-XX:TieredStopAtLevel=1";

  /**
   * Runs one worker per argument list at once, each on the work its arguments name, and waits
   * for all (the other parameters as in {@link #run(int, List, java.util.Queue, Consumer,
   * Runnable)}).
   */
  static void run(List<List<String>> workerArgs, Consumer<String> onLine, Runnable onProgress) {
    run(List.of(), workerArgs, null, onLine, onProgress);
  }

  /** Both forms: {@code queue} null when the arguments fix each worker's work. */
  private static void run(List<String> jvmOptions, List<List<String>> workerArgs,
      java.util.Queue<Integer> queue,
      Consumer<String> onLine, Runnable onProgress) {
    List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<RuntimeException> lineError =
        new java.util.concurrent.atomic.AtomicReference<>();
    Consumer<String> guarded = line -> {
      try {
        onLine.accept(line);
      } catch (RuntimeException e) { // e.g. the results file cannot be written: stop and report it
        lineError.compareAndSet(null, e);
        processes.forEach(Process::destroy);
      }
    };
    try {
      for (List<String> args : workerArgs) {
        ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args));
        Process p = pb.start();
        processes.add(p);
        java.io.Writer toWorker = new java.io.OutputStreamWriter(p.getOutputStream(),
            StandardCharsets.UTF_8);
        if (queue != null) {
          handOut(toWorker, queue);
        }
        readers.add(reader(new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8)), line -> {
              guarded.accept(line);
              if (queue != null && isUnitLine(line)) {
                handOut(toWorker, queue);
              }
            }));
        readers.add(reader(new BufferedReader(new InputStreamReader(p.getErrorStream(),
            StandardCharsets.UTF_8)), line -> {
              if (line.equals(PROGRESS)) {
                onProgress.run();
              } else {
                System.err.println(line);
              }
            }));
      }
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        int code = processes.get(i).waitFor();
        if (code != 0) {
          failed.add("worker " + (i + 1) + " exited with " + code);
        }
      }
      for (Thread t : readers) {
        t.join();
      }
      if (lineError.get() != null) {
        throw lineError.get();
      }
      if (!failed.isEmpty()) {
        if (failed.size() == processes.size() && allBadInput(processes)) {
          throw new InvalidInput("--jobs", "the workers refused their input (see above)");
        }
        throw new IllegalStateException(String.join("; ", failed) + " (its messages are above)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a worker process: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the workers", e);
    } finally {
      for (Process p : processes) { // only the processes started here, each by its own handle
        if (p.isAlive()) {
          p.destroy();
        }
      }
    }
  }

  /**
   * Writes the next unit of {@code queue} to a worker, or closes its input when none is left (it
   * then exits after its current unit). A worker that died cannot be written to; its exit code
   * says so.
   */
  private static void handOut(java.io.Writer toWorker, java.util.Queue<Integer> queue) {
    Integer next = queue.poll();
    try {
      if (next == null) {
        toWorker.close();
      } else {
        toWorker.write(next + "\n");
        toWorker.flush();
      }
    } catch (IOException e) {
      // the worker has gone; waitFor reports its exit code
    }
  }

  private static boolean allBadInput(List<Process> processes) {
    return processes.stream().allMatch(p -> p.exitValue() == ExitCode.BAD_INPUT.code());
  }

  private static Thread reader(BufferedReader in, Consumer<String> onLine) {
    Thread t = new Thread(() -> {
      try (in) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the worker died; its exit code says so
      }
    }, "ncverify-worker-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }
}

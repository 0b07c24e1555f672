package ncverify.practical;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import ncverify.core.InvalidInput;

/**
 * Runs {@code torch_worker.py} (bundled in the jar, extracted to a temporary file) under a Python
 * that has PyTorch and NumPy: finds that Python ({@link #find}), hands each run a JSON
 * configuration and an input {@code .npz} in a fresh temporary folder, relays the worker's stdout
 * lines and keeps its stderr tail. The folder is removed afterwards.
 *
 * <p>Errors: no usable Python or no torch → {@link InvalidInput} (exit 2) naming {@code --python}
 * or {@code --device}; the worker exiting non-zero → {@link TorchWorkerFailed} (exit 70) with its
 * stderr tail saved to a named file.
 *
 * <p>Hand-off (a GPU machine without Java): {@link #exporting} writes a run's folder (config.json,
 * input.npz, torch_worker.py) instead of starting Python and stops the run with
 * {@link WorkerExported}; the folder is run elsewhere as {@link #handoffCommand} says, its stdout
 * saved as {@link #STDOUT_FILE} and torch's {@code version cuda-available} line as
 * {@link #RUNTIME_FILE} beside the checkpoints; {@link #replaying} then relays that stdout to the
 * same listener, after checking that the folder was exported for exactly this run.
 */
public final class TorchWorker {
  /** The worker script inside the jar. */
  static final String RESOURCE = "/ncverify/practical/torch_worker.py";
  /** Pythons tried, in order, when none is named: the PATH's, then Debian's (python3-torch). */
  public static final List<String> DEFAULT_PYTHONS = List.of("python3", "/usr/bin/python3");
  /** Lines of the worker's stderr kept for the crash file. */
  private static final int STDERR_TAIL_LINES = 60;
  /** Time allowed for {@code import torch} when probing (a cold import takes seconds). */
  private static final long PROBE_SECONDS = 120;

  /**
   * A Python with torch and numpy.
   *
   * @param python the command or path
   * @param torchVersion torch.__version__
   * @param cudaAvailable torch.cuda.is_available()
   */
  public record Runtime(String python, String torchVersion, boolean cudaAvailable) {
    /** cpu or cuda for a --device value (cpu, cuda, auto); cuda without a GPU is bad input. */
    public String device(String requested) {
      return switch (requested) {
        case "cpu" -> "cpu";
        case "cuda" -> {
          if (!cudaAvailable) {
            throw new InvalidInput("--device", "cuda was asked for but torch " + torchVersion
                + " under " + python + " sees no CUDA device (torch.cuda.is_available() is False); "
                + "use --device cpu or auto");
          }
          yield "cuda";
        }
        case "auto" -> cudaAvailable ? "cuda" : "cpu";
        default -> throw new InvalidInput("--device", "must be cpu, cuda or auto, got '"
            + requested + "'");
      };
    }
  }

  /** The worker's saved stdout in a hand-off folder. */
  public static final String STDOUT_FILE = "stdout.txt";
  /** The probe's line ({@code torch.__version__ torch.cuda.is_available()}) in a hand-off folder. */
  public static final String RUNTIME_FILE = "runtime.txt";
  /**
   * How an exported folder is run where torch is: the probe's line into {@link #RUNTIME_FILE}, the
   * worker's stdout into {@link #STDOUT_FILE}, with the thread variables {@link #run} sets (BLAS
   * reads them when it loads: without them the CPU's sums split differently).
   */
  public static String handoffCommand(Path folder, int threads) {
    String t = Integer.toString(threads);
    return "cd " + folder + " && python3 -c 'import torch; print(torch.__version__, "
        + "torch.cuda.is_available())' > " + RUNTIME_FILE + " && OMP_NUM_THREADS=" + t
        + " MKL_NUM_THREADS=" + t + " OPENBLAS_NUM_THREADS=" + t + " CUBLAS_WORKSPACE_CONFIG="
        + CUBLAS_WORKSPACE + " python3 torch_worker.py config.json > " + STDOUT_FILE;
  }

  /** cuBLAS's workspace setting that deterministic algorithms need on CUDA (the worker asks). */
  static final String CUBLAS_WORKSPACE = ":4096:8";

  private final Runtime runtime;
  private final Path script;
  /** Hand-off folder and direction: null = run Python here. */
  private final Path handoff;
  private final boolean replay;

  /** The bundled worker under {@code runtime}. */
  public TorchWorker(Runtime runtime) {
    this(runtime, null);
  }

  /** Another worker script (tests: a deliberately broken worker); null = the bundled one. */
  TorchWorker(Runtime runtime, Path script) {
    this(runtime, script, null, false);
  }

  private TorchWorker(Runtime runtime, Path script, Path handoff, boolean replay) {
    this.runtime = runtime;
    this.script = script;
    this.handoff = handoff;
    this.replay = replay;
  }

  /**
   * A worker that writes its run's folder into {@code folder} (which must be absent or empty:
   * nothing is overwritten) and throws {@link WorkerExported} instead of starting Python. Its
   * runtime is unknown here: {@code cudaAvailable} is taken as true, so {@code --device} must be
   * given as cpu or cuda.
   *
   * @throws InvalidInput naming {@code flag} when the folder exists and is not empty
   */
  public static TorchWorker exporting(Path folder, String flag) {
    if (Files.exists(folder)) {
      try (Stream<Path> s = Files.list(folder)) {
        if (s.findAny().isPresent()) {
          throw new InvalidInput(flag, folder + " exists and is not empty; the hand-off folder "
              + "must be new (nothing is overwritten)");
        }
      } catch (IOException e) {
        throw new InvalidInput(flag, folder + " is not a readable folder (" + e.getMessage() + ")");
      }
    }
    return new TorchWorker(new Runtime("(exported)", "(exported)", true), null, folder, false);
  }

  /**
   * A worker that replays a run made elsewhere from {@code folder} (an exported folder plus
   * {@link #STDOUT_FILE}, {@link #RUNTIME_FILE} and the checkpoints); its runtime is read from
   * {@link #RUNTIME_FILE}.
   *
   * @throws InvalidInput naming {@code flag} when a file is missing or unreadable
   */
  public static TorchWorker replaying(Path folder, String flag) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInput(flag, folder + ": no such folder; replay reads a folder that "
          + "--worker-export wrote and the worker's run filled");
    }
    Path file = folder.resolve(RUNTIME_FILE);
    String[] parts;
    try {
      parts = Files.readString(file).strip().split("\\s+");
    } catch (IOException e) {
      throw new InvalidInput(flag, file + ": cannot be read (" + e.getMessage() + "); the hand-off "
          + "folder needs torch's 'version cuda-available' line there (" + handoffCommand(folder, 1) + ")");
    }
    if (parts.length != 2 || !parts[1].matches("True|False")) {
      throw new InvalidInput(flag, file + ": must hold one line 'VERSION True|False' (torch.__version__, "
          + "torch.cuda.is_available()), got '" + String.join(" ", parts) + "'");
    }
    return new TorchWorker(new Runtime("(replayed from " + folder + ")", parts[0],
        parts[1].equals("True")), null, folder, true);
  }

  /**
   * The file a {@code checkpoint E PATH} line names: PATH itself, or when replaying, the file of
   * that name in the hand-off folder (PATH was the other machine's).
   */
  public Path output(String path) {
    if (handoff == null || !replay) {
      return Path.of(path);
    }
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    return handoff.resolve(name);
  }

  public Runtime runtime() {
    return runtime;
  }

  /**
   * The Python to use: {@code python} if given (it must have torch), else the first of
   * {@link #DEFAULT_PYTHONS} that imports torch and numpy.
   *
   * @throws InvalidInput naming --python, with what each candidate said
   */
  public static Runtime find(String python) {
    List<String> tried = new ArrayList<>();
    for (String p : python != null ? List.of(python) : DEFAULT_PYTHONS) {
      Optional<Runtime> r = probe(p, tried);
      if (r.isPresent()) {
        return r.get();
      }
    }
    throw new InvalidInput("--python", "the torch engine needs a Python with PyTorch and NumPy "
        + "(Debian: apt-get install python3-torch python3-numpy; or pip install torch numpy); "
        + String.join("; ", tried));
  }

  /** The first default Python with torch, or empty (tests and bench skip without it). */
  public static Optional<Runtime> available() {
    for (String p : DEFAULT_PYTHONS) {
      Optional<Runtime> r = probe(p, new ArrayList<>());
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** What each Python said when probed, kept for the JVM's life ('import torch' takes seconds). */
  private static final Map<String, Object> PROBED = new java.util.concurrent.ConcurrentHashMap<>();

  private static Optional<Runtime> probe(String python, List<String> tried) {
    Object known = PROBED.computeIfAbsent(python, p -> {
      List<String> why = new ArrayList<>();
      return probeOnce(p, why).<Object>map(r -> r).orElse(why.isEmpty() ? p + ": failed" : why.get(0));
    });
    if (known instanceof Runtime r) {
      return Optional.of(r);
    }
    tried.add((String) known);
    return Optional.empty();
  }

  private static Optional<Runtime> probeOnce(String python, List<String> tried) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch, numpy; "
          + "print(torch.__version__, torch.cuda.is_available())").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        tried.add(python + ": 'import torch' did not finish in " + PROBE_SECONDS + " s");
        return Optional.empty();
      }
      String last = text.lines().reduce((a, b) -> b).orElse("").strip();
      String[] parts = last.split("\\s+");
      if (p.exitValue() != 0 || parts.length != 2) {
        tried.add(python + ": " + (last.isEmpty() ? "exit code " + p.exitValue() : last));
        return Optional.empty();
      }
      return Optional.of(new Runtime(python, parts[0], Boolean.parseBoolean(parts[1].toLowerCase(
          java.util.Locale.ROOT))));
    } catch (IOException e) {
      tried.add(python + ": cannot be run (" + e.getMessage() + ")");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tried.add(python + ": interrupted");
      return Optional.empty();
    }
  }

  /** Writes the worker's input into a run folder. */
  public interface Input {
    void write(Path folder) throws IOException;
  }

  /**
   * Runs the worker once: {@code input} fills a fresh folder (its {@code input.npz} is passed as
   * {@code config.input}, the folder as {@code config.out}), then every stdout line goes to
   * {@code lines} as it arrives. The folder is deleted afterwards.
   *
   * @param config the JSON configuration (mode and the mode's keys; see the worker's docstring)
   * @param threads torch's intra-op threads (and OMP_NUM_THREADS)
   * @throws TorchWorkerFailed when the worker exits non-zero
   */
  public void run(Map<String, Object> config, int threads, Input input, Consumer<String> lines) {
    if (handoff != null) {
      if (replay) {
        replay(config, threads, input, lines);
        return;
      }
      export(config, threads, input);
    }
    Path folder = null;
    Process process = null;
    Thread hook = null;
    try {
      folder = Files.createTempDirectory("ncverify-torch-");
      Path worker = script != null ? script : extract(folder);
      input.write(folder);
      Map<String, Object> cfg = withPaths(config, folder.resolve("input.npz").toString(),
          folder.toString(), threads);
      Path json = folder.resolve("config.json");
      Files.writeString(json, new ObjectMapper().writeValueAsString(cfg));
      ProcessBuilder pb = new ProcessBuilder(runtime.python(), worker.toString(), json.toString());
      Map<String, String> env = pb.environment();
      for (String v : new String[] {"OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"}) {
        env.put(v, Integer.toString(threads));
      }
      env.put("CUBLAS_WORKSPACE_CONFIG", CUBLAS_WORKSPACE); // deterministic cuBLAS (worker asks for it)
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      process = pb.start();
      Process started = process;
      hook = new Thread(started::destroyForcibly, "torch-worker-stop"); // Ctrl-C stops it too
      java.lang.Runtime.getRuntime().addShutdownHook(hook);
      process.getOutputStream().close();
      ArrayDeque<String> tail = new ArrayDeque<>();
      Thread drain = drain(process.getErrorStream(), tail);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.accept(line);
        }
      }
      int code = process.waitFor();
      drain.join();
      if (code != 0) {
        throw failed("exited with code " + code, tail);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TorchWorkerFailed("interrupted while the PyTorch worker ran");
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly(); // a listener failed: do not leave the worker training
      }
      if (hook != null) {
        try {
          java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook runs anyway
        }
      }
      delete(folder);
    }
  }

  /** The configuration as the worker reads it; relative paths resolve against config.json's folder. */
  private static Map<String, Object> withPaths(Map<String, Object> config, Object input, Object out,
      int threads) {
    Map<String, Object> cfg = new java.util.LinkedHashMap<>(config);
    cfg.put("input", input);
    cfg.put("out", out);
    cfg.put("threads", threads);
    return cfg;
  }

  private void export(Map<String, Object> config, int threads, Input input) {
    try {
      Files.createDirectories(handoff);
      input.write(handoff);
      Files.writeString(handoff.resolve("config.json"), new ObjectMapper().writeValueAsString(
          withPaths(config, "input.npz", ".", threads)));
      extract(handoff);
    } catch (IOException e) {
      throw new InvalidInput("--worker-export", handoff + ": cannot be written (" + e.getMessage()
          + ")");
    }
    throw new WorkerExported(handoff, handoffCommand(handoff, threads));
  }

  /**
   * Relays a run made elsewhere: checks that config.json (less the thread count) and every array
   * of input.npz equal what this run would hand over, then passes the saved stdout's lines on.
   */
  private void replay(Map<String, Object> config, int threads, Input input,
      Consumer<String> lines) {
    String flag = "--worker-replay";
    Path fresh = null;
    try {
      fresh = Files.createTempDirectory("ncverify-torch-replay-");
      input.write(fresh);
      ObjectMapper json = new ObjectMapper();
      Map<?, ?> expected = json.readValue(json.writeValueAsString(withPaths(config, "input.npz", ".",
          threads)), Map.class);
      Path cfgFile = handoff.resolve("config.json");
      Map<?, ?> found;
      try {
        found = json.readValue(cfgFile.toFile(), Map.class);
      } catch (IOException e) {
        throw new InvalidInput(flag, cfgFile + ": cannot be read as JSON (" + e.getMessage() + ")");
      }
      for (Object key : expected.keySet()) {
        if (!key.equals("threads") && !java.util.Objects.equals(expected.get(key), found.get(key))) {
          throw new InvalidInput(flag, handoff + " was exported for another run: config.json has "
              + key + " = " + found.get(key) + ", this run " + expected.get(key));
        }
      }
      Map<String, ncverify.data.NpyArray> mine = ncverify.data.NpzReader.read(
          fresh.resolve("input.npz"));
      Map<String, ncverify.data.NpyArray> theirs = ncverify.data.NpzReader.read(
          handoff.resolve("input.npz"));
      for (var e : mine.entrySet()) {
        ncverify.data.NpyArray a = e.getValue();
        ncverify.data.NpyArray b = theirs.get(e.getKey());
        if (b == null || !java.util.Arrays.equals(a.shape(), b.shape())
            || !java.util.Arrays.equals(a.values(), b.values())
            || !java.util.Arrays.equals(a.integers(), b.integers())) {
          throw new InvalidInput(flag, handoff + " was exported for another run: array '"
              + e.getKey() + "' of input.npz differs from this run's");
        }
      }
      Path out = handoff.resolve(STDOUT_FILE);
      List<String> saved;
      try {
        saved = Files.readAllLines(out);
      } catch (IOException e) {
        throw new InvalidInput(flag, out + ": cannot be read (" + e.getMessage() + "); save the "
            + "worker's stdout there (" + handoffCommand(handoff, 1) + ")");
      }
      if ("train".equals(expected.get("mode"))) {
        requireComplete(saved, ((Number) expected.get("epochs")).intValue(), mine.get("measure"), out);
      }
      saved.forEach(lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(fresh);
    }
  }

  /**
   * A replayed training run must be the whole run: stdout.txt reaches the last epoch (and its
   * checkpoint when that epoch is measured) or says the run diverged, and every checkpoint it names
   * was brought back as a readable .npz. Why: a run killed on the other machine, or a stdout.txt or
   * checkpoint cut in transfer, would otherwise be judged as a shorter run (exit 0, a report of the
   * epochs that happen to be there); those are the user's input, so exit 2 naming the file.
   */
  private void requireComplete(List<String> saved, int epochs, ncverify.data.NpyArray measure,
      Path out) {
    String flag = "--worker-replay";
    String bringBack = "bring back the whole run (" + handoffCommand(handoff, 1) + ")";
    boolean diverged = saved.stream().anyMatch(l -> l.startsWith("diverged "));
    boolean lastMeasured = measure != null && java.util.Arrays.stream(measure.integers() != null
        ? measure.integers() : java.util.Arrays.stream(measure.values()).mapToLong(v -> (long) v)
            .toArray()).anyMatch(e -> e == epochs);
    String end = (lastMeasured ? "checkpoint " : "epoch ") + epochs + " ";
    if (!diverged && saved.stream().noneMatch(l -> l.startsWith(end))) {
      String last = saved.isEmpty() ? "nothing" : "'" + saved.get(saved.size() - 1) + "'";
      throw new InvalidInput(flag, out + ": the run is incomplete: no line '" + end.strip()
          + " …' (the run has " + epochs + " epochs; the file ends with " + last + "): the worker "
          + "stopped early or the file was cut; " + bringBack);
    }
    for (String l : saved) {
      String[] f = l.split(" ", 3);
      if (f.length == 3 && f[0].equals("checkpoint")) {
        Path file = output(f[2]);
        if (!Files.isRegularFile(file)) {
          throw new InvalidInput(flag, file + ": missing (stdout.txt names it for epoch " + f[1]
              + "); " + bringBack);
        }
        try {
          ncverify.data.NpzReader.read(file);
        } catch (InvalidInput e) {
          throw new InvalidInput(flag, file + ": not the worker's checkpoint as written (" + e.rule()
              + "); " + bringBack);
        }
      }
    }
  }

  private TorchWorkerFailed failed(String what, ArrayDeque<String> tail) {
    String last;
    String where;
    synchronized (tail) {
      last = tail.isEmpty() ? "(no stderr)" : tail.peekLast();
      try {
        Path f = Files.createTempFile("ncverify-torch-worker-", ".txt");
        Files.write(f, tail);
        where = "its stderr tail is in " + f;
      } catch (IOException e) {
        where = "its stderr could not be saved (" + e.getMessage() + ")";
      }
    }
    return new TorchWorkerFailed("the PyTorch worker (" + runtime.python() + ", torch "
        + runtime.torchVersion() + ") " + what + ": " + last + "; " + where);
  }

  private static Thread drain(InputStream err, ArrayDeque<String> tail) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (tail) {
            tail.addLast(line.length() > 2000 ? line.substring(0, 2000) + " …" : line);
            if (tail.size() > STDERR_TAIL_LINES) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        // the process ended; what was read is kept
      }
    }, "torch-worker-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Path extract(Path folder) throws IOException {
    Path file = folder.resolve("torch_worker.py");
    try (InputStream in = TorchWorker.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      Files.copy(in, file);
    }
    return file;
  }

  /** Deletes a temporary folder and everything in it (null: nothing); a leftover is harmless. */
  public static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}

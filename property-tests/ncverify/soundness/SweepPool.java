package ncverify.soundness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.verify.PropertyEngine;

/**
 * Every claim's soundness sweep judged setting by setting from one shared queue by {@code workers}
 * threads, so all workers stay busy to the end whatever the claims' costs (issue 11: with one
 * claim per worker, one worker judged the two costliest claims for 1 868 s while the other had
 * finished the other 16).
 *
 * <p>Work units: first each claim's draw ({@link Soundness#draw}: the distinct settings, in draw
 * order; one unit per claim, taken before any judging), then each drawn setting inside the
 * claim's domain (one unit per setting). A free worker takes a pending draw if there is one,
 * otherwise the next setting of the first claim, in the given order, whose draw is done and that
 * has settings left: with the claims costliest first, the expensive settings go first and the
 * queue ends on the cheap ones, so the idle tail (one worker waiting for the other's last setting)
 * is about one cheap setting.
 *
 * <p>A setting's verdict does not depend on the scheduling or the number of workers: each is
 * judged by {@code Soundness.judge(Soundness.sweepVerifier(), claim, setting, seed)}, a fresh
 * verifier seeded per setting, on one native thread ({@link #oneNativeThread}), and the verifier,
 * the claims and their theories keep no mutable state between settings (no caches; the only
 * clocks are reported run times). {@code SweepPoolTest} compares 1 and 2 workers setting by
 * setting.
 *
 * <p>A refutation stops the claim: its settings after the refuted one in draw order are not
 * started. Then the claim's sequential sweep ({@link Soundness#sweep}) runs again on the caller's
 * thread with the verdicts already reached, so it judges exactly what a sequential sweep would
 * (the settings up to the first refutation in draw order) and shrinks that refutation.
 */
final class SweepPool {
  private SweepPool() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * One claim's result: its sweep (as {@link Soundness#sweep} gives it), the thread CPU seconds
   * spent on it (its draw, its settings and any shrinking, summed over whichever threads did
   * them), and each judged setting's thread CPU seconds in draw order (empty for a setting a
   * refutation left unjudged).
   */
  record Result(Soundness.Sweep sweep, double cpuSeconds, Map<Setting, Double> settingCpu) {}

  /** One worker's figures: busy thread CPU, units taken, and when it ran out of work (wall, s). */
  record Worker(double cpuSeconds, int units, double finishedAfter) {}

  /** The results per claim id (in the given order) and the workers' figures. */
  record Run(Map<String, Result> results, List<Worker> workers) {
    /** The idle tail: how long (wall s) the first worker to run out of work waited for the last. */
    double idleTail() {
      double first = workers.stream().mapToDouble(Worker::finishedAfter).min().orElse(0);
      double last = workers.stream().mapToDouble(Worker::finishedAfter).max().orElse(0);
      return last - first;
    }
  }

  /** One claim's state in the queue; guarded by the pool's lock. */
  private static final class ClaimState {
    final TheoryClaim claim;
    List<PropertyEngine.Trial<Boolean>> drawn; // null until the draw is done
    List<Setting> inside; // the drawn settings inside the claim's domain, in draw order
    boolean drawTaken;
    int next; // the next index into inside to hand out
    int stopAt = Integer.MAX_VALUE; // draw index of the first refutation seen: nothing after it starts
    final Map<Setting, SettingOutcome> outcomes = new HashMap<>();
    final Map<Setting, Double> cpu = new HashMap<>();
    double cpuSeconds;
    final Path progress;

    ClaimState(TheoryClaim claim, Path progress) {
      this.claim = claim;
      this.progress = progress;
    }
  }

  /** A unit of work: a claim's draw ({@code index} −1) or its {@code index}-th setting inside. */
  private record Unit(ClaimState state, int index) {}

  /**
   * Sweeps every claim (in the given order: costliest first keeps the idle tail short) with
   * {@code workers} threads. With {@code progressDir} non-null, one line per judged setting goes
   * to {@code progressDir/CLAIM.progress} as it is judged (draw index, verdict, the setting's
   * thread CPU seconds, the setting, the reason of a non-VERIFIED verdict), rewritten in draw
   * order at the end. An exception in any unit stops the pool and is rethrown.
   */
  static Run run(List<TheoryClaim> claims, long seed, int tries, int workers, Path progressDir) {
    return run(claims, seed, tries, workers, progressDir,
        (claim, s, sd) -> Soundness.judge(Soundness.sweepVerifier(), claim, s, sd));
  }

  /** How one setting is judged: empty when it is outside the claim's domain. */
  interface Judge {
    Optional<SettingOutcome> judge(TheoryClaim claim, Setting s, long seed);
  }

  /** {@link #run} with another judging (tests: a refutation on demand). */
  static Run run(List<TheoryClaim> claims, long seed, int tries, int workers, Path progressDir,
      Judge judge) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1: " + workers);
    }
    oneNativeThread();
    List<ClaimState> states = new ArrayList<>();
    for (TheoryClaim c : claims) {
      Path file = progressDir == null ? null : progressDir.resolve(c.id() + ".progress");
      if (file != null) {
        write(file, "", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
      }
      states.add(new ClaimState(c, file));
    }
    Queue queue = new Queue(states);
    long wall0 = System.nanoTime();
    Worker[] figures = new Worker[workers];
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      int id = w;
      threads[w] = new Thread(() -> figures[id] = work(queue, judge, seed, tries, wall0),
          "soundness-worker-" + w);
      threads[w].setUncaughtExceptionHandler((t, e) -> queue.fail(e));
      threads[w].start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the soundness workers ran", e);
      }
    }
    queue.rethrow();
    Map<String, Result> results = new LinkedHashMap<>();
    for (ClaimState st : states) {
      results.put(st.claim.id(), result(st, judge, seed, tries));
    }
    return new Run(results, List.of(figures));
  }

  /**
   * One native thread, as every judging command has (cli.NativeSetup.judgingThreads): LAPACK's
   * eigendecomposition (the CE logit-convex Newton step) is not bit-identical across OpenBLAS
   * thread counts, and with settings judged concurrently a per-call thread pool would make a
   * setting's figures depend on the scheduling. It also makes a setting's thread CPU time (summed
   * per claim in target/soundness/CLAIM.txt) the whole of its cost.
   */
  static void oneNativeThread() {
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
    org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(1);
  }

  private static Worker work(Queue queue, Judge judge, long seed, int tries, long wall0) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    int units = 0;
    for (Unit next = queue.take(); next != null; next = queue.take()) {
      Unit u = next;
      units++;
      long t0 = THREADS.getCurrentThreadCpuTime();
      if (u.index < 0) {
        List<PropertyEngine.Trial<Boolean>> drawn = Soundness.draw(u.state.claim, seed, tries);
        queue.drawn(u.state, drawn, (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
      } else {
        Setting s = u.state.inside.get(u.index);
        SettingOutcome o = judge.judge(u.state.claim, s, seed).orElseThrow(() ->
            new IllegalStateException("a drawn setting inside " + u.state.claim.id()
                + "'s domain left it: " + s));
        queue.judged(u, o, (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
      }
    }
    return new Worker((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9, units,
        (System.nanoTime() - wall0) / 1e9);
  }

  /** The shared queue: every field of every ClaimState is read and written under its lock. */
  private static final class Queue {
    private final List<ClaimState> states;
    private Throwable failure;

    Queue(List<ClaimState> states) {
      this.states = states;
    }

    synchronized Unit take() {
      while (failure == null) {
        for (ClaimState st : states) {
          if (!st.drawTaken) {
            st.drawTaken = true;
            return new Unit(st, -1);
          }
        }
        boolean drawing = false;
        for (ClaimState st : states) {
          if (st.drawn == null) {
            drawing = true;
          } else if (st.next < st.inside.size() && st.next <= st.stopAt) {
            return new Unit(st, st.next++);
          }
        }
        if (!drawing) {
          return null;
        }
        try {
          wait(); // another worker is drawing the only claims left
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return null;
    }

    synchronized void drawn(ClaimState st, List<PropertyEngine.Trial<Boolean>> drawn, double cpu) {
      st.drawn = drawn;
      st.inside = drawn.stream().filter(PropertyEngine.Trial::result)
          .map(PropertyEngine.Trial::setting).toList();
      st.cpuSeconds += cpu;
      notifyAll();
    }

    synchronized void judged(Unit u, SettingOutcome o, double cpu) {
      ClaimState st = u.state;
      Setting s = st.inside.get(u.index);
      st.outcomes.put(s, o);
      st.cpu.put(s, cpu);
      st.cpuSeconds += cpu;
      if (o.verdict() == Verdict.REFUTED) {
        st.stopAt = Math.min(st.stopAt, u.index);
      }
      if (st.progress != null) {
        write(st.progress, line(u.index + 1, s, o, cpu), StandardOpenOption.APPEND);
      }
    }

    synchronized void fail(Throwable e) {
      if (failure == null) {
        failure = e;
      }
      notifyAll();
    }

    synchronized void rethrow() {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
    }
  }

  /** Called after every worker ended, so the states are no longer shared. */
  private static Result result(ClaimState st, Judge judge, long seed, int tries) {
    Soundness.Sweep sweep;
    boolean refuted = st.outcomes.values().stream().anyMatch(o -> o.verdict() == Verdict.REFUTED);
    if (refuted) {
      // The sequential sweep with the verdicts reached: it stops at the first refutation in draw
      // order and shrinks it; only the shrinking's new settings are judged here.
      long t0 = THREADS.getCurrentThreadCpuTime();
      sweep = Soundness.sweep(st.claim, seed, tries, s -> {
        SettingOutcome known = st.outcomes.get(s);
        return known != null ? Optional.of(known) : judge.judge(st.claim, s, seed);
      });
      st.cpuSeconds += (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
    } else {
      List<PropertyEngine.Trial<Optional<SettingOutcome>>> trials = new ArrayList<>();
      for (PropertyEngine.Trial<Boolean> t : st.drawn) {
        trials.add(new PropertyEngine.Trial<>(t.setting(),
            t.result() ? Optional.of(st.outcomes.get(t.setting())) : Optional.empty()));
      }
      sweep = Soundness.summary(trials, null);
    }
    Map<Setting, Double> cpu = new LinkedHashMap<>();
    for (Setting s : st.inside) {
      if (st.cpu.containsKey(s)) {
        cpu.put(s, st.cpu.get(s));
      }
    }
    if (st.progress != null) {
      StringBuilder inOrder = new StringBuilder();
      for (int i = 0; i < st.inside.size(); i++) {
        SettingOutcome o = st.outcomes.get(st.inside.get(i));
        if (o != null) {
          inOrder.append(line(i + 1, st.inside.get(i), o, st.cpu.get(st.inside.get(i))));
        }
      }
      write(st.progress, inOrder.toString(), StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    }
    return new Result(sweep, st.cpuSeconds, cpu);
  }

  private static String line(int index, Setting s, SettingOutcome o, double cpu) {
    return String.format(Locale.ROOT, "%d\t%s\t%.3f\t%s\t%s%n", index, o.verdict(), cpu, s,
        o.verdict() == Verdict.VERIFIED ? "" : o.reason());
  }

  private static void write(Path file, String text, StandardOpenOption... options) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where two runs differ, setting by setting (the settings in draw order, then each setting's
   * verdict, reason, predicted and best objective and number of runs): empty when they agree.
   */
  static List<String> differences(Map<String, Result> a, Map<String, Result> b) {
    List<String> out = new ArrayList<>();
    if (!a.keySet().equals(b.keySet())) {
      out.add("claims " + a.keySet() + " vs " + b.keySet());
      return out;
    }
    for (String id : a.keySet()) {
      List<PropertyEngine.Trial<Optional<SettingOutcome>>> x = a.get(id).sweep().trials();
      List<PropertyEngine.Trial<Optional<SettingOutcome>>> y = b.get(id).sweep().trials();
      if (x.size() != y.size()) {
        out.add(id + ": " + x.size() + " vs " + y.size() + " settings drawn");
        continue;
      }
      for (int i = 0; i < x.size(); i++) {
        String u = describe(x.get(i));
        String v = describe(y.get(i));
        if (!u.equals(v)) {
          out.add(id + " #" + (i + 1) + ": " + u + " | " + v);
        }
      }
    }
    return out;
  }

  private static String describe(PropertyEngine.Trial<Optional<SettingOutcome>> t) {
    return t.setting() + " -> " + t.result().map(o -> o.verdict() + " " + o.reason() + " f*="
        + Double.doubleToLongBits(o.predictedObjective()) + " best="
        + Double.doubleToLongBits(o.bestObjective()) + " runs=" + o.runs()).orElse("outside");
  }
}

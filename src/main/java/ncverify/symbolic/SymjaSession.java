package ncverify.symbolic;

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
 * One sandboxed Symja engine living on its own daemon thread, with a hard wall-clock limit on
 * every call.
 *
 * <p>Symja keeps its engine in a thread-local, and some of its algorithms ignore
 * {@code TimeConstrained}; so every evaluation is submitted to a dedicated single-thread
 * executor and awaited with a timeout. On timeout the thread is interrupted, its engine is asked
 * to stop, and both are abandoned (the thread is a daemon, so it cannot keep the JVM alive); the
 * next call starts a fresh engine and replays the definitions made so far.
 */
final class SymjaSession implements AutoCloseable {

  /** Thrown when a call exceeds its wall-clock limit. */
  static final class Timeout extends Exception {
    Timeout(long millis) {
      super("hard time limit of " + millis + " ms exceeded");
    }
  }

  static {
    // No file-system functions at all (Import, Get, … check this flag), no unsafe Java access.
    Config.FILESYSTEM_ENABLED = false;
    Config.JAVA_UNSAFE = false;
  }

  private final List<IExpr> definitions = new ArrayList<>();
  private ExecutorService worker;
  private ExprEvaluator evaluator;
  private int restarts;

  SymjaSession() {
    start();
  }

  private void start() {
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "symja-proof-engine");
      t.setDaemon(true);
      return t;
    });
    Future<ExprEvaluator> f = worker.submit(() -> {
      // relaxed syntax: in Symja 3.0.0 only this mode resolves built-in names such as Sqrt
      EvalEngine engine = new EvalEngine("ncverify-proof", 256, 10_000, System.out, System.err,
          true);
      engine.setQuietMode(true);
      EvalEngine.setReset(engine);
      return new ExprEvaluator(engine, true, (short) 20);
    });
    try {
      evaluator = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot start Symja", e.getCause());
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

  IExpr eval(IExpr expr, long limitMillis) throws Exception {
    return call(ev -> ev.eval(expr), limitMillis);
  }

  int restarts() {
    return restarts;
  }

  private <T> T call(Function<ExprEvaluator, T> body, long limitMillis) throws Exception {
    ExprEvaluator ev = evaluator;
    Future<T> f = worker.submit(() -> {
      EvalEngine.setReset(ev.getEvalEngine());
      ev.getEvalEngine().setStopRequested(false);
      return body.apply(ev);
    });
    try {
      return f.get(limitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandonAndRestart(f);
      throw new Timeout(limitMillis);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw new IllegalStateException(c);
    }
  }

  private void abandonAndRestart(Future<?> running) throws Exception {
    evaluator.getEvalEngine().stopRequest();
    running.cancel(true);
    worker.shutdownNow();
    restarts++;
    start();
    for (IExpr d : definitions) {
      ExprEvaluator ev = evaluator;
      Future<IExpr> f = worker.submit(() -> ev.eval(d));
      f.get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}

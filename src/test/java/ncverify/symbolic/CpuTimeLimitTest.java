package ncverify.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Symbolic attempts are limited by the CPU time of the Symja engine's thread, never by the wall
 * clock, so which steps are VERIFIED_SYMBOLIC does not depend on the machine's load (issue 11:
 * reproducible reports). No test here measures a duration against a limit: a slowed engine is
 * simulated by wall-clock waiting that uses no CPU, and load by competing threads.
 */
class CpuTimeLimitTest {
  /** 1 s of CPU per attempt; the hard limit is for the declarations and spot checks. */
  private static final ProofChecker.Limits LIMITS = new ProofChecker.Limits(1_000, 4_000);
  /**
   * Wall-clock seconds an attempt waits without using CPU (Symja's Pause sleeps whole seconds):
   * longer than the attempt budget.
   */
  private static final int PAUSE_SECONDS = 2;

  /** Together, after waiting like an engine that a loaded machine does not schedule. */
  private static final ProofChecker.ZeroTest SLOWED = (attempts, d, a, pos) -> {
    IExpr r = attempts.run(F.CompoundExpression(F.unaryAST1(S.Pause, F.ZZ(PAUSE_SECONDS)),
        F.Together(d)));
    return r != null && r.isZero() ? "Together after a pause" : null;
  };

  /** An attempt that computes forever: only the CPU-time budget can stop it. */
  private static final ProofChecker.ZeroTest RUNAWAY = (attempts, d, a, pos) -> {
    IExpr r = attempts.run(F.CompoundExpression(F.While(S.True, F.Plus(F.C1, F.C1)),
        F.Together(d)));
    return r != null && r.isZero() ? "Together after a loop" : null;
  };

  private static final String SOURCE = """
      Var[x, Reals, 0, 2]
      Step["product", x*(x + 1) == x^2 + x]
      Step["quotient", (x^2 - 1)/(x + 1) == x - 1]
      """;

  @Test
  void waitingForACoreDoesNotCountAgainstTheBudget() {
    long t0 = System.nanoTime();
    ProofTranscript t = new ProofChecker(LIMITS, SLOWED).check("slow.m", SOURCE);
    double wallSeconds = (System.nanoTime() - t0) / 1e9;
    for (StepResult s : t.steps()) {
      assertEquals(StepStatus.VERIFIED_SYMBOLIC, s.status(), s.detail());
      assertTrue(s.detail().startsWith("Together after a pause"), s.detail());
    }
    // the control that makes this test able to fail: each attempt took longer in wall-clock time
    // than its budget, so a wall-clock limit (Symja's TimeConstrained, used before) would have
    // stopped both and left them CHECKED_NUMERIC
    assertTrue(wallSeconds >= 2 * PAUSE_SECONDS && PAUSE_SECONDS * 1000 > LIMITS.symbolicMillis(),
        "wall " + wallSeconds + " s");
  }

  @Test
  void anAttemptThatComputesPastItsBudgetIsStoppedAndTheNextStepStillRuns() {
    ProofTranscript t = new ProofChecker(LIMITS, RUNAWAY).check("loop.m", SOURCE);
    for (StepResult s : t.steps()) {
      assertEquals(StepStatus.CHECKED_NUMERIC, s.status(), s.detail());
      assertTrue(s.detail().startsWith("not decided symbolically"), s.detail());
    }
  }

  @Test
  void engineUsesItsCpuBudgetBeforeItIsStopped() throws Exception {
    try (SymjaSession session = new SymjaSession()) {
      IExpr loop = F.While(S.True, F.Plus(F.C1, F.C1));
      boolean stopped = false;
      try {
        session.eval(loop, 300);
      } catch (SymjaSession.Timeout e) {
        stopped = e.getMessage().contains("CPU time limit of 300 ms");
      }
      assertTrue(stopped);
      assertTrue(session.lastCallCpuNanos() >= 300_000_000L, session.lastCallCpuNanos() + " ns");
      assertEquals(1, session.restarts());
      assertEquals(F.ZZ(4), session.eval(F.Plus(F.C2, F.C2), 1_000)); // the fresh engine works
    }
  }

  @Test
  void aRealProofFileGivesTheSameTranscriptWhileOtherThreadsCompeteForTheCores() throws Exception {
    Path file = Path.of("proofs/p1-mse-balanced-deep.m");
    ProofChecker checker = new ProofChecker();
    ProofTranscript quiet = checker.check(file);
    ProofTranscript loaded;
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread spin = new Thread(() -> {
        double x = 1;
        while (!stop.get()) {
          x = Math.sqrt(x + 1);
        }
      }, "competing-load-" + i);
      spin.setDaemon(true);
      spin.start();
      spinners.add(spin);
    }
    try {
      loaded = checker.check(file);
    } finally {
      stop.set(true);
      for (Thread s : spinners) {
        s.join();
      }
    }
    assertEquals(quiet.steps().size(), loaded.steps().size());
    for (int i = 0; i < quiet.steps().size(); i++) {
      StepResult a = quiet.steps().get(i);
      StepResult b = loaded.steps().get(i);
      assertEquals(a.status(), b.status(), a.name());
      assertEquals(a.detail(), b.detail(), a.name());
    }
  }
}

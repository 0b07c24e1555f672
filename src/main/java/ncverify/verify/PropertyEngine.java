package ncverify.verify;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import ncverify.claim.Domain;
import ncverify.problem.Setting;

/**
 * The property-based testing engine behind our own small API, so the engine can change: draw
 * settings from a {@link Domain} with a fixed seed, evaluate each, and on the first refutation
 * shrink to the smallest refuting setting.
 */
public interface PropertyEngine {

  /** One evaluated setting. */
  record Trial<R>(Setting setting, R result) {}

  /**
   * @param trials the settings drawn (in order) before any shrinking
   * @param smallestRefutation the shrunk refuting trial, or null if nothing was refuted
   * @param shrinkEvaluations how many extra settings shrinking evaluated
   */
  record Search<R>(List<Trial<R>> trials, Trial<R> smallestRefutation, int shrinkEvaluations) {}

  /**
   * Evaluates {@code tries} settings drawn from {@code domain} with {@code seed}. If one refutes,
   * shrinks with at most {@code shrinkCycles} cycles. Each distinct setting is evaluated once.
   */
  <R> Search<R> search(Domain domain, long seed, int tries, int shrinkCycles,
      Function<Setting, R> evaluate, Predicate<R> refutes);

  /** The engine in use: QuickTheories. */
  static PropertyEngine standard() {
    return new QuickTheoriesEngine();
  }
}

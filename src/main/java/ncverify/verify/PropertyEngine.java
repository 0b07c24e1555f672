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

  /**
   * Draws settings from {@code domain} with {@code seed} until {@code wanted} distinct settings
   * whose result satisfies {@code counts} were evaluated (e.g. "inside the claim's domain"), or
   * {@code maxDraws} settings were drawn, whichever comes first; a refutation stops the drawing and
   * is shrunk as in {@link #search}. Repeated draws of a setting are not evaluated again and do not
   * count (the engine skews draws towards range ends, so a fixed number of draws judges fewer
   * distinct settings). The caller checks whether {@code wanted} was reached.
   */
  <R> Search<R> searchDistinct(Domain domain, long seed, int wanted, int maxDraws, int shrinkCycles,
      Function<Setting, R> evaluate, Predicate<R> counts, Predicate<R> refutes);

  /** The engine in use: QuickTheories. */
  static PropertyEngine standard() {
    return new QuickTheoriesEngine();
  }
}

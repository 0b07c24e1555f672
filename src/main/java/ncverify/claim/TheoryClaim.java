package ncverify.claim;

import java.util.Optional;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theory;

/**
 * A claim whose prediction is an explicit minimiser computed by the {@link Theory} it names (not
 * by whichever registered theory happens to cover a setting first). The verifier certifies that
 * minimiser, searches for competitors below it and compares the structure at certified optima.
 */
public abstract non-sealed class TheoryClaim extends Claim {

  /** The theory that makes this claim's prediction. */
  public abstract Theory theory();

  /** The named theory's prediction, where it covers the setting. */
  @Override
  public Optional<Prediction> predict(Setting s) {
    Theory t = theory();
    return Theory.applies(t, s) ? Optional.of(t.predict(s)) : Optional.empty();
  }

  /**
   * Whether the claim says its theory's point is NOT a global minimiser (e.g. Garrod &amp; Keating,
   * Theorem 1: no ETF-type point is global for deep CE). Such a claim is VERIFIED on a setting by a
   * certified point below the predicted value (the evidence that refutes an optimality claim), and
   * INCONCLUSIVE where the search finds none: a search can never prove global optimality, so it is
   * never REFUTED by the suite.
   */
  public boolean assertsNotGlobal() {
    return false;
  }

  /**
   * For a claim that {@link #assertsNotGlobal()}: whether an explicit structured point the theory
   * knows for the setting ({@code StructuredStarts.points}), evaluated by the objective, is
   * accepted as evidence WITHOUT a stationarity certificate. Sound: any point's objective bounds
   * the global minimum from above, so f(x) below the predicted value by more than round-off shows
   * the predicted point is not global. Needed where the competitor's local minima lie on ReLU
   * kinks with a non-zero one-sided gradient, which the smooth certificate cannot certify (the
   * ReLU low-rank points: proofs/sukenik-relu-lowrank-beats-dnc.m). Off by default: the other
   * claims keep certified evidence only.
   */
  public boolean acceptsExplicitPoints() {
    return false;
  }

  /**
   * What the suite found about this claim (the verdict of its default run and why); empty for a
   * claim not yet judged (e.g. a user's new conjecture). Every catalogue claim records one.
   */
  public Optional<Finding> finding() {
    return Optional.empty();
  }

  /**
   * A setting of the claim's domain in which some class is not collapsed: the negative controls
   * (deliberately wrong predictions that must be refuted) are run there. Empty if none is given.
   */
  public Optional<Setting> controlSetting() {
    return Optional.empty();
  }

  /**
   * Whether the claim is about what training reaches (not only about global minimisers): then
   * the verifier also runs the papers' gradient descent with momentum and judges where it ends.
   */
  public boolean aboutTraining() {
    return false;
  }
}

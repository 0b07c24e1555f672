package ncverify.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncverify.claim.Check;
import ncverify.claim.Claim;
import ncverify.claim.Comparison;
import ncverify.claim.Counterexample;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.train.Certificate;
import ncverify.train.GradientDescent;
import ncverify.train.Run;

/**
 * Judges one claim on one setting (DESIGN.md, "Verdict"):
 * <ol>
 *   <li>certify the predicted minimiser: its objective equals the predicted optimum and it is
 *       stationary (else REFUTED, with the lower point L-BFGS reaches from it);</li>
 *   <li>search for competitors ({@link CompetitorSearch}): random starts at several initial
 *       scales and structured starts built from the predicted point;</li>
 *   <li>decide: any point below f* → REFUTED (lower objective); no independent certified run at
 *       f* → INCONCLUSIVE; a certified run at f* whose structure deviates → REFUTED (structure
 *       mismatch); else VERIFIED.</li>
 * </ol>
 * Deterministic: every random start derives from the given seed.
 */
public final class Verifier {
  private final CompetitorSearch search;
  private final QuantityJudge quantities;

  public Verifier(Effort effort) {
    this.search = new CompetitorSearch(effort);
    this.quantities = new QuantityJudge(search);
  }

  public Verifier() {
    this(Effort.standard());
  }

  /**
   * Judges a claim on one setting: a declared conjecture by its predicted quantities, a theory
   * claim by its explicit predicted minimiser.
   */
  public SettingOutcome judge(Claim claim, Setting s, long seed) {
    if (claim instanceof DeclaredConjecture declared) {
      return quantities.judge(declared, s, seed);
    }
    // Claim is sealed: the only other kind is a theory claim.
    return judge((TheoryClaim) claim, s, seed);
  }

  /** Judges a theory claim on one setting against its named theory's prediction. */
  public SettingOutcome judge(TheoryClaim claim, Setting s, long seed) {
    Optional<Prediction> maybe;
    try {
      maybe = claim.predict(s);
    } catch (RuntimeException e) {
      return SettingOutcome.inconclusive(s, seed, "prediction failed: " + e.getMessage());
    }
    if (maybe.isEmpty()) {
      return SettingOutcome.inconclusive(s, seed, "the claim makes no prediction for this setting");
    }
    return judge(claim, maybe.get(), seed);
  }

  /** Judges a given prediction (used for negative controls with deliberately wrong predictions). */
  public SettingOutcome judge(TheoryClaim claim, Prediction p, long seed) {
    if (claim.assertsNotGlobal()) {
      return judgeNotGlobal(p, seed);
    }
    Setting s = p.setting();
    Objective f = new Objective(s);
    double fStar = p.optimalValue();
    double scale = Math.max(1.0, Math.abs(fStar));
    int runs = 0;

    // 1. The predicted point.
    double[] xHat = p.minimiser();
    double[] g = new double[f.dimension()];
    double fHat = f.valueAndGradient(xHat, g);
    double rHat = Certificate.residual(f.nonnegativeRange(), xHat, fHat, g);
    double valueGap = Math.abs(fHat - fStar) / scale;
    if (valueGap > Tolerances.VALUE_CONSISTENCY.value() + p.valueErrorBound() / scale) {
      Counterexample c = new Counterexample(Counterexample.Kind.INCONSISTENT_VALUE, s, seed, fStar, fHat,
          "predicted minimiser", "f(predicted point) = " + fHat + " but predicted f* = " + fStar);
      return SettingOutcome.refuted(c, p, "predicted point's objective differs from the predicted "
          + "optimal value by " + valueGap + " (relative)", Map.of(), null, runs);
    }
    if (rHat > Tolerances.PREDICTED_STATIONARITY.value()) {
      Run descent = search.certifying().minimize(f, xHat);
      runs++;
      Counterexample c = new Counterexample(Counterexample.Kind.NOT_STATIONARY, s, seed, fStar, descent.objective(),
          "L-BFGS from the predicted point", "residual of predicted point " + rHat
          + "; descending from it reaches " + descent.objective());
      return SettingOutcome.refuted(c, p, "predicted point is not stationary (residual " + rHat + ")",
          Map.of(), null, runs);
    }

    Map<String, Double> worst = new LinkedHashMap<>();
    worst.put(Tolerances.PREDICTED_STATIONARITY.name(), rHat);
    worst.put(Tolerances.VALUE_CONSISTENCY.name(), valueGap);

    // 2 + 3. Restarts and structured competitors.
    List<CompetitorSearch.Candidate> candidates = search.competitors(f, p, seed);
    runs += candidates.size();

    // 4. Decide.
    CompetitorSearch.Candidate lowest = candidates.stream()
        .filter(c -> Double.isFinite(c.run().objective()))
        .min((a, b) -> Double.compare(a.run().objective(), b.run().objective())).orElse(null);
    double lowerBy = Tolerances.LOWER_OBJECTIVE.value() * scale + p.valueErrorBound();
    if (lowest != null && lowest.run().objective() < fStar - lowerBy) {
      Counterexample c = new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE, s, seed, fStar,
          lowest.run().objective(), lowest.origin(), "residual " + lowest.run().residual()
          + ", " + describe(p, lowest.run().x()));
      return SettingOutcome.refuted(c, p, "found a point with lower objective "
          + lowest.run().objective() + " < predicted " + fStar + " (" + lowest.origin() + ")",
          worst, lowest.run(), runs);
    }
    List<CompetitorSearch.Candidate> atOptimum = candidates.stream()
        .filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value())
        .filter(c -> Math.abs(c.run().objective() - fStar) <= Tolerances.VALUE.value() * scale)
        .toList();
    double best = lowest == null ? Double.NaN : lowest.run().objective();
    if (atOptimum.isEmpty()) {
      return SettingOutcome.inconclusive(s, seed, "no independent certified run reached the "
          + "predicted value " + fStar + " (best " + best + ")", p, fStar, best, worst, null, runs);
    }
    for (CompetitorSearch.Candidate c : atOptimum) {
      Comparison cmp = new Comparison(p, c.run().x());
      for (Check check : claim.checks()) {
        if (!check.appliesTo().test(p)) {
          continue;
        }
        double dev = check.deviation().applyAsDouble(cmp);
        worst.merge(check.name(), dev, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b));
        if (!(dev <= check.tolerance().value())) {
          Counterexample ce = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed, fStar,
              c.run().objective(), c.origin(), check.name() + " deviates by " + dev + " > "
              + check.tolerance().name() + " " + check.tolerance().value() + " at a certified "
              + "optimum (residual " + c.run().residual() + ")");
          return SettingOutcome.refuted(ce, p, "structure mismatch at a certified optimum: "
              + check.name() + " deviates by " + dev, worst, c.run(), runs);
        }
      }
    }
    if (claim.aboutTraining()) {
      SettingOutcome trained = judgeTraining(f, p, seed, worst, runs);
      if (trained != null) {
        return trained;
      }
    }
    return SettingOutcome.verified(p, seed, atOptimum.size() + " of " + candidates.size()
        + " certified runs reached f* = " + fStar + "; no point below it", best, worst,
        atOptimum.get(0).run(), runs);
  }

  /**
   * A claim that the predicted point is not a global minimiser ({@link TheoryClaim#assertsNotGlobal}):
   * VERIFIED by a certified point (residual ≤ {@link Tolerances#CERTIFIED}) lower than the
   * predicted value by more than the evidence bound of a lower-objective refutation
   * ({@link Tolerances#LOWER_OBJECTIVE} plus the prediction's error bound); the theory's structured
   * candidates are polished first and the full search runs only when none of them is lower.
   * INCONCLUSIVE otherwise (never REFUTED: no search proves global optimality), and when the
   * predicted point's value is inconsistent (then the comparison has no reference).
   */
  private SettingOutcome judgeNotGlobal(Prediction p, long seed) {
    Setting s = p.setting();
    Objective f = new Objective(s);
    double fStar = p.optimalValue();
    double scale = Math.max(1.0, Math.abs(fStar));
    double fHat = f.value(p.minimiser());
    double valueGap = Math.abs(fHat - fStar) / scale;
    Map<String, Double> worst = new LinkedHashMap<>();
    worst.put(Tolerances.VALUE_CONSISTENCY.name(), valueGap);
    if (valueGap > Tolerances.VALUE_CONSISTENCY.value() + p.valueErrorBound() / scale) {
      return SettingOutcome.inconclusive(s, seed, "the predicted point's objective "
          + fHat + " differs from its predicted value " + fStar + ": no reference to beat", p, fStar,
          fHat, worst, null, 1);
    }
    double below = fStar - (Tolerances.LOWER_OBJECTIVE.value() * scale + p.valueErrorBound());
    List<CompetitorSearch.Candidate> candidates = new ArrayList<>(search.theoryCandidates(f));
    CompetitorSearch.Candidate lower = lowestCertifiedBelow(candidates, below);
    if (lower == null) {
      candidates.addAll(search.competitors(f, p, seed));
      lower = lowestCertifiedBelow(candidates, below);
    }
    if (lower == null) {
      double best = candidates.stream().mapToDouble(c -> c.run().objective())
          .filter(Double::isFinite).min().orElse(Double.NaN);
      return SettingOutcome.inconclusive(s, seed, "no certified point below the "
          + "predicted value " + fStar + " found in " + candidates.size() + " runs (best " + best
          + ")", p, fStar, best, worst, null, candidates.size());
    }
    Run r = lower.run();
    return SettingOutcome.verified(p, seed, "certified point (residual "
        + r.residual() + ") at " + r.objective() + " < predicted point's " + fStar + " ("
        + lower.origin() + "; " + describe(p, r.x()) + ")", r.objective(), worst, r,
        candidates.size());
  }

  private static CompetitorSearch.Candidate lowestCertifiedBelow(
      List<CompetitorSearch.Candidate> candidates, double below) {
    return candidates.stream()
        .filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value())
        .filter(c -> c.run().objective() < below)
        .min((a, b) -> Double.compare(a.run().objective(), b.run().objective())).orElse(null);
  }

  /**
   * The papers' recipe (gradient descent, lr 0.1, momentum 0.9, init N(0, 0.1²)) from the
   * setting's seed: null if it settles at f* with the predicted structure (the caller then
   * verifies), REFUTED if it settles at a worse critical point or another structure,
   * INCONCLUSIVE if it does not settle within the budget.
   */
  private SettingOutcome judgeTraining(Objective f, Prediction p, long seed,
      Map<String, Double> worst, int runs) {
    Setting s = p.setting();
    double fStar = p.optimalValue();
    Run run = search.papersTraining(f, seed);
    String origin = "gradient descent lr 0.1 momentum 0.9 init N(0, 0.1²) seed " + seed;
    double gap = (run.objective() - fStar) / Math.max(1.0, Math.abs(fStar));
    worst.put(Tolerances.TRAINING_VALUE.name(), Math.abs(gap));
    if (!(run.residual() <= Tolerances.TRAINING_SETTLED.value())) {
      return SettingOutcome.inconclusive(s, seed, "training did not settle within "
          + Tolerances.TRAINING_ITERATIONS + " iterations (" + run.termination() + ", residual "
          + run.residual() + ", f = " + run.objective() + " vs f* = " + fStar + ")", p, fStar,
          run.objective(), worst, run, runs + 1);
    }
    if (gap > Tolerances.TRAINING_VALUE.value()) {
      Counterexample c = new Counterexample(Counterexample.Kind.TRAINING_STUCK, s, seed, fStar, run.objective(),
          origin, "training settled (residual " + run.residual() + ") at a non-global critical "
          + "point: " + describe(p, run.x()));
      return SettingOutcome.refuted(c, p, "training settles at f = " + run.objective() + " > f* = "
          + fStar, worst, run, runs + 1);
    }
    return null;
  }

  /** The papers' initialisation N(0, 0.1²) (THEORY §9). */
  public static final double PAPERS_INIT_SCALE = CompetitorSearch.PAPERS_INIT_SCALE;


  static String describe(Prediction p, double[] x) {
    Comparison c = new Comparison(p, x);
    return "its ‖h̄_k‖² = " + Arrays.toString(round(c.hNormSq())) + ", ‖w_k‖² = "
        + Arrays.toString(round(c.wNormSq())) + " (predicted ‖h̄_k‖² = "
        + Arrays.toString(round(p.hNormSq())) + "); singular values of its logits W H̄ + b1ᵀ "
        + Arrays.toString(round(ncverify.measure.Matrices.singularValues(c.logits())))
        + " (predicted " + Arrays.toString(round(ncverify.measure.Matrices.singularValues(p.logits())))
        + ")";
  }

  private static double[] round(double[] v) {
    return Arrays.stream(v).map(a -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", a)))
        .toArray();
  }
}

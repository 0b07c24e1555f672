package ncverify.claim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.train.Certificate;
import ncverify.train.GradientDescent;
import ncverify.train.Lbfgs;
import ncverify.train.Run;

/**
 * Judges one claim on one setting (DESIGN.md, "Verdict"):
 * <ol>
 *   <li>certify the predicted minimiser: its objective equals the predicted optimum and it is
 *       stationary (else REFUTED, with the lower point L-BFGS reaches from it);</li>
 *   <li>train from random starts at several initial scales with the certifying optimiser;</li>
 *   <li>polish structured competitors: each live class collapsed, each collapsed class revived,
 *       a lower-rank projection, and two classes of different sizes swapped;</li>
 *   <li>decide: any point below f* → REFUTED (lower objective); no independent certified run at
 *       f* → INCONCLUSIVE; a certified run at f* whose structure deviates → REFUTED (structure
 *       mismatch); else VERIFIED.</li>
 * </ol>
 * Deterministic: every random start derives from the given seed.
 */
public final class Verifier {
  private final Effort effort;

  public Verifier(Effort effort) {
    this.effort = effort;
  }

  public Verifier() {
    this(Effort.standard());
  }

  /** A candidate point and where it came from. */
  public record Candidate(Run run, String origin) {}

  /**
   * The points a setting is judged against when a claim gives no minimiser of its own (declared
   * conjectures): the random restarts, plus, where a family theory covers the setting, its
   * predicted point polished by the certifying optimiser and the structured competitors built from
   * it, plus the polished {@code extraStarts} (an explicit point the file declares).
   *
   * @param family the covering theory's prediction, or null
   */
  public record CandidateSet(List<Candidate> candidates, Prediction family) {}

  /** See {@link CandidateSet}; deterministic in {@code seed}. */
  public CandidateSet candidates(Setting s, long seed, Map<String, double[]> extraStarts) {
    Objective f = new Objective(s);
    Lbfgs lbfgs = certifying();
    List<Candidate> candidates = randomRestarts(f, lbfgs, seed);
    Prediction family = null;
    Optional<ncverify.theory.Theory> theory = ncverify.theory.Theories.forSetting(s);
    if (theory.isPresent()) {
      try {
        family = theory.get().predict(s);
      } catch (RuntimeException e) {
        family = null; // a family that cannot predict here adds no candidates
      }
    }
    if (family != null) {
      candidates.add(new Candidate(lbfgs.minimize(f, family.minimiser()),
          "the " + family.family() + " theory's predicted point"));
      if (effort.structuredCompetitors()) {
        for (Map.Entry<String, double[]> e : structuredStarts(family, new Random(seed)).entrySet()) {
          candidates.add(new Candidate(lbfgs.minimize(f, e.getValue()), e.getKey()));
        }
      }
    }
    extraStarts.forEach((name, x) -> candidates.add(new Candidate(lbfgs.minimize(f, x), name)));
    return new CandidateSet(candidates, family);
  }

  /** The papers' recipe from {@code seed} (THEORY §9), stopped when settled or out of budget. */
  public Run papersTraining(Setting s, long seed) {
    GradientDescent gd = new GradientDescent(GradientDescent.Options.papers()
        .withMaxIterations(Tolerances.TRAINING_ITERATIONS)
        .withTolerance(Tolerances.TRAINING_SETTLED.value()));
    return gd.minimize(new Objective(s), seed, PAPERS_INIT_SCALE);
  }

  /** The certifying optimiser from x0 (a point to certify or polish). */
  public Run polish(Setting s, double[] x0) {
    return certifying().minimize(new Objective(s), x0);
  }

  public SettingOutcome judge(Claim claim, Setting s, long seed) {
    Optional<Prediction> maybe;
    try {
      maybe = claim.predict(s);
    } catch (RuntimeException e) {
      return inconclusive(s, seed, "prediction failed: " + e.getMessage(), Double.NaN);
    }
    if (maybe.isEmpty()) {
      return inconclusive(s, seed, "the claim makes no prediction for this setting", Double.NaN);
    }
    return judge(claim, maybe.get(), seed);
  }

  /** Judges a given prediction (used for negative controls with deliberately wrong predictions). */
  public SettingOutcome judge(Claim claim, Prediction p, long seed) {
    Setting s = p.setting();
    Objective f = new Objective(s);
    Lbfgs lbfgs = certifying();
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
      Counterexample c = new Counterexample("INCONSISTENT_VALUE", s, seed, fStar, fHat,
          "predicted minimiser", "f(predicted point) = " + fHat + " but predicted f* = " + fStar);
      return new SettingOutcome(s, seed, Verdict.REFUTED, "predicted point's objective differs from "
          + "the predicted optimal value by " + valueGap + " (relative)", fStar, fHat, Map.of(), c,
          null, runs);
    }
    if (rHat > Tolerances.PREDICTED_STATIONARITY.value()) {
      Run descent = lbfgs.minimize(f, xHat);
      runs++;
      Counterexample c = new Counterexample("NOT_STATIONARY", s, seed, fStar, descent.objective(),
          "L-BFGS from the predicted point", "residual of predicted point " + rHat
          + "; descending from it reaches " + descent.objective());
      return new SettingOutcome(s, seed, Verdict.REFUTED, "predicted point is not stationary "
          + "(residual " + rHat + ")", fStar, descent.objective(), Map.of(), c, null, runs);
    }

    Map<String, Double> worst = new LinkedHashMap<>();
    worst.put(Tolerances.PREDICTED_STATIONARITY.name(), rHat);
    worst.put(Tolerances.VALUE_CONSISTENCY.name(), valueGap);

    // 2 + 3. Restarts and structured competitors.
    List<Candidate> candidates = randomRestarts(f, lbfgs, seed);
    if (effort.structuredCompetitors()) {
      for (Map.Entry<String, double[]> e : structuredStarts(p, new Random(seed)).entrySet()) {
        candidates.add(new Candidate(lbfgs.minimize(f, e.getValue()), e.getKey()));
      }
    }
    runs += candidates.size();

    // 4. Decide.
    Candidate lowest = candidates.stream()
        .filter(c -> Double.isFinite(c.run().objective()))
        .min((a, b) -> Double.compare(a.run().objective(), b.run().objective())).orElse(null);
    double lowerBy = Tolerances.LOWER_OBJECTIVE.value() * scale + p.valueErrorBound();
    if (lowest != null && lowest.run().objective() < fStar - lowerBy) {
      Counterexample c = new Counterexample("LOWER_OBJECTIVE", s, seed, fStar,
          lowest.run().objective(), lowest.origin(), "residual " + lowest.run().residual()
          + ", " + describe(p, lowest.run().x()));
      return new SettingOutcome(s, seed, Verdict.REFUTED, "found a point with lower objective "
          + lowest.run().objective() + " < predicted " + fStar + " (" + lowest.origin() + ")",
          fStar, lowest.run().objective(), worst, c, lowest.run(), runs);
    }
    List<Candidate> atOptimum = candidates.stream()
        .filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value())
        .filter(c -> Math.abs(c.run().objective() - fStar) <= Tolerances.VALUE.value() * scale)
        .toList();
    double best = lowest == null ? Double.NaN : lowest.run().objective();
    if (atOptimum.isEmpty()) {
      return new SettingOutcome(s, seed, Verdict.INCONCLUSIVE, "no independent certified run "
          + "reached the predicted value " + fStar + " (best " + best + ")", fStar, best, worst, null,
          null, runs);
    }
    for (Candidate c : atOptimum) {
      Comparison cmp = new Comparison(p, c.run().x());
      for (Check check : claim.checks()) {
        if (!check.appliesTo().test(p)) {
          continue;
        }
        double dev = check.deviation().applyAsDouble(cmp);
        worst.merge(check.name(), dev, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b));
        if (!(dev <= check.tolerance().value())) {
          Counterexample ce = new Counterexample("STRUCTURE_MISMATCH", s, seed, fStar,
              c.run().objective(), c.origin(), check.name() + " deviates by " + dev + " > "
              + check.tolerance().name() + " " + check.tolerance().value() + " at a certified "
              + "optimum (residual " + c.run().residual() + ")");
          return new SettingOutcome(s, seed, Verdict.REFUTED, "structure mismatch at a certified "
              + "optimum: " + check.name() + " deviates by " + dev, fStar, c.run().objective(),
              worst, ce, c.run(), runs);
        }
      }
    }
    if (claim.aboutTraining()) {
      SettingOutcome trained = judgeTraining(f, p, seed, worst, runs);
      if (trained != null) {
        return trained;
      }
    }
    return new SettingOutcome(s, seed, Verdict.VERIFIED, atOptimum.size() + " of "
        + candidates.size() + " certified runs reached f* = " + fStar + "; no point below it",
        fStar, best, worst, null, atOptimum.get(0).run(), runs);
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
    GradientDescent gd = new GradientDescent(GradientDescent.Options.papers()
        .withMaxIterations(Tolerances.TRAINING_ITERATIONS)
        .withTolerance(Tolerances.TRAINING_SETTLED.value()));
    Run run = gd.minimize(f, seed, PAPERS_INIT_SCALE);
    String origin = "gradient descent lr 0.1 momentum 0.9 init N(0, 0.1²) seed " + seed;
    double gap = (run.objective() - fStar) / Math.max(1.0, Math.abs(fStar));
    worst.put(Tolerances.TRAINING_VALUE.name(), Math.abs(gap));
    if (!(run.residual() <= Tolerances.TRAINING_SETTLED.value())) {
      return new SettingOutcome(s, seed, Verdict.INCONCLUSIVE, "training did not settle within "
          + Tolerances.TRAINING_ITERATIONS + " iterations (" + run.status() + ", residual "
          + run.residual() + ", f = " + run.objective() + " vs f* = " + fStar + ")", fStar,
          run.objective(), worst, null, run, runs + 1);
    }
    if (gap > Tolerances.TRAINING_VALUE.value()) {
      Counterexample c = new Counterexample("TRAINING_STUCK", s, seed, fStar, run.objective(),
          origin, "training settled (residual " + run.residual() + ") at a non-global critical "
          + "point: " + describe(p, run.x()));
      return new SettingOutcome(s, seed, Verdict.REFUTED, "training settles at f = "
          + run.objective() + " > f* = " + fStar, fStar, run.objective(), worst, c, run, runs + 1);
    }
    return null;
  }

  /** The papers' initialisation N(0, 0.1²) (THEORY §9). */
  public static final double PAPERS_INIT_SCALE = 0.1;

  /** The certifying optimiser: L-BFGS to the CERTIFIED residual. */
  private Lbfgs certifying() {
    return new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(effort.maxIterations())
        .withTolerance(Tolerances.CERTIFIED.value()));
  }

  /** L-BFGS from random starts at every initial scale; run seeds derive from {@code seed}. */
  private List<Candidate> randomRestarts(Objective f, Lbfgs lbfgs, long seed) {
    List<Candidate> candidates = new ArrayList<>();
    long runSeed = seed;
    for (double initScale : effort.initScales()) {
      for (int r = 0; r < effort.restartsPerScale(); r++) {
        runSeed = runSeed * 6364136223846793005L + 1442695040888963407L;
        Run run = lbfgs.minimize(f, runSeed, initScale);
        candidates.add(new Candidate(run, "lbfgs seed " + runSeed + " scale " + initScale));
      }
    }
    return candidates;
  }

  /** The lowest certified run of the random restarts (no prediction needed), or null. */
  public Run lowestCertifiedRun(Setting s, long seed) {
    return randomRestarts(new Objective(s), certifying(), seed).stream().map(Candidate::run)
        .filter(r -> r.residual() <= Tolerances.CERTIFIED.value())
        .min((a, b) -> Double.compare(a.objective(), b.objective())).orElse(null);
  }

  private static SettingOutcome inconclusive(Setting s, long seed, String reason, double fStar) {
    return new SettingOutcome(s, seed, Verdict.INCONCLUSIVE, reason, fStar, Double.NaN, Map.of(),
        null, null, 0);
  }

  private static String describe(Prediction p, double[] x) {
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

  /**
   * Structured competitor starts built from the predicted point: each live class collapsed (its
   * features zeroed), each collapsed class revived (given the largest class's mean), H projected
   * to one rank lower, and the means of the largest and smallest class swapped.
   */
  static Map<String, double[]> structuredStarts(Prediction p, Random random) {
    Setting s = p.setting();
    Layout layout = new Layout(s);
    double[] xHat = p.minimiser();
    int[] counts = s.counts();
    int[] first = new int[s.K() + 1];
    for (int k = 0; k < s.K(); k++) {
      first[k + 1] = first[k] + counts[k];
    }
    Map<String, double[]> starts = new LinkedHashMap<>();
    boolean[] collapsed = new boolean[s.K()];
    for (int k : p.collapsed()) {
      collapsed[k] = true;
    }
    int largest = 0, smallest = 0;
    for (int k = 0; k < s.K(); k++) {
      largest = p.hNormSq()[k] > p.hNormSq()[largest] ? k : largest;
      smallest = counts[k] < counts[smallest] ? k : smallest;
    }
    for (int k = 0; k < s.K(); k++) {
      double[] x = xHat.clone();
      if (!collapsed[k]) {
        for (int i = first[k]; i < first[k + 1]; i++) {
          for (int r = 0; r < s.d(); r++) {
            x[layout.h(r, i)] = 0;
          }
        }
        starts.put("collapse class " + k, x);
      } else {
        // Revive along a fresh direction with the largest class's length.
        double len = Math.sqrt(Math.max(p.hNormSq()[largest], 1e-2));
        double[] dir = new double[s.d()];
        double norm = 0;
        for (int r = 0; r < s.d(); r++) {
          dir[r] = random.nextGaussian();
          norm += dir[r] * dir[r];
        }
        boolean nonneg = s.features() == ncverify.problem.Features.NONNEG;
        for (int i = first[k]; i < first[k + 1]; i++) {
          for (int r = 0; r < s.d(); r++) {
            double v = len * dir[r] / Math.sqrt(norm);
            x[layout.h(r, i)] = nonneg ? Math.abs(v) : v;
          }
        }
        starts.put("revive class " + k, x);
      }
    }
    // One rank lower: project H off the smallest class's mean direction (off a random direction
    // if that mean is zero). Skipped for H ≥ 0, where the projection leaves the feasible set.
    if (s.features() != ncverify.problem.Features.NONNEG) {
      double[] x = xHat.clone();
      double[][] h = layout.hMatrix(x);
      double[] dir = classMean(h, first[smallest], first[smallest + 1]);
      if (Arrays.stream(dir).allMatch(v -> v == 0)) {
        dir = random.doubles(s.d()).map(v -> v - 0.5).toArray();
      }
      double norm = Math.sqrt(Arrays.stream(dir).map(v -> v * v).sum());
      for (int r = 0; r < s.d(); r++) {
        dir[r] /= norm;
      }
      for (int i = 0; i < s.N(); i++) {
        double dot = 0;
        for (int r = 0; r < s.d(); r++) {
          dot += dir[r] * h[r][i];
        }
        for (int r = 0; r < s.d(); r++) {
          h[r][i] -= dot * dir[r];
        }
      }
      layout.setH(x, h);
      starts.put("rank one lower", x);
    }
    if (largest != smallest) {
      double[] y = xHat.clone();
      double[][] h = layout.hMatrix(y);
      double[] meanL = classMean(h, first[largest], first[largest + 1]);
      double[] meanS = classMean(h, first[smallest], first[smallest + 1]);
      for (int i = first[largest]; i < first[largest + 1]; i++) {
        for (int r = 0; r < s.d(); r++) {
          h[r][i] = meanS[r];
        }
      }
      for (int i = first[smallest]; i < first[smallest + 1]; i++) {
        for (int r = 0; r < s.d(); r++) {
          h[r][i] = meanL[r];
        }
      }
      layout.setH(y, h);
      starts.put("swap classes " + largest + "," + smallest, y);
    }
    return starts;
  }

  private static double[] classMean(double[][] h, int from, int to) {
    double[] m = new double[h.length];
    for (int i = from; i < to; i++) {
      for (int r = 0; r < h.length; r++) {
        m[r] += h[r][i] / (to - from);
      }
    }
    return m;
  }
}

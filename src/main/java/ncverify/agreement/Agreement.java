package ncverify.agreement;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ncverify.claim.Comparison;
import ncverify.claim.Symmetries;
import ncverify.claim.Tolerances;
import ncverify.measure.Matrices;
import ncverify.measure.PointGeometry;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.StructuredStarts;
import ncverify.train.CertifiedSearch;
import ncverify.train.Lbfgs;
import ncverify.train.MultiStart;
import ncverify.problem.Objective;
import ncverify.train.Run;
import ncverify.verify.PropertyEngine;
import ncverify.verify.Verifier;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Agreement between each family's prediction and certified training on settings drawn from the
 * family's domain (issue 13's closing figure). Per setting: the prediction f*; independent
 * certified runs ({@link CertifiedSearch}: class-mean Newton–CG, certified on the full problem)
 * from seeded random starts at several scales, never from the predicted point; optionally also
 * from the theory's structured rays and block-simplex points ({@link StructuredStarts}: built from
 * the setting, not from the prediction; counted apart); then the best certified value f_best, its
 * relative error |f_best − f*|/|f*|, whether it lies below f* beyond the evidence rule's bound,
 * and the structural distance at the best certified point.
 *
 * <p>Deterministic in the seed: settings are drawn by the project's {@link PropertyEngine} (no
 * shrinking), each setting's runs from its own seed chain.
 */
public final class Agreement {
  /**
   * How hard each setting is searched.
   *
   * @param settings settings drawn per family
   * @param seed the draw's and the runs' seed
   * @param scales initial scales of the random starts (small ones find the origin for M ≥ 2,
   *     large ones partial solutions, THEORY §7)
   * @param perScale random starts per scale (three times this for a ReLU head, where a random
   *     start often ends with a dead hidden neuron)
   * @param structured also search from the theory's structured starts (counted apart)
   * @param fullLbfgs also run L-BFGS on the full problem from the same random starts' seeds (the
   *     verifier's default optimiser: a second, independent local method; for a ReLU head the
   *     class-mean Newton search stops at dead-neuron points more often)
   */
  public record Options(int settings, long seed, List<Double> scales, int perScale,
      boolean structured, boolean fullLbfgs) {
    public static Options defaults() {
      return new Options(20, 1, List.of(0.3, 1.0, 3.0), 2, true, false);
    }

    public Options withSettings(int n) {
      return new Options(n, seed, scales, perScale, structured, fullLbfgs);
    }

    public Options withSeed(long s) {
      return new Options(settings, s, scales, perScale, structured, fullLbfgs);
    }

    public Options withPerScale(int r) {
      return new Options(settings, seed, scales, r, structured, fullLbfgs);
    }

    public Options withStructured(boolean on) {
      return new Options(settings, seed, scales, perScale, on, fullLbfgs);
    }

    public Options withFullLbfgs(boolean on) {
      return new Options(settings, seed, scales, perScale, structured, on);
    }
  }

  /** A ReLU head gets this many times the random starts (see {@link Options#perScale}). */
  static final int RELU_RESTART_FACTOR = 3;

  /**
   * The perturbation of f* in the negative control: 1e-3 relative, four orders above the
   * value tolerance (1e-7) and far below any family's f* spread, so an agreeing family must
   * disagree with f*·(1 + 1e-3) on every setting where training reaches f*.
   */
  public static final double CONTROL_PERTURBATION = 1e-3;

  private Agreement() {}

  /**
   * One setting: the prediction, the runs and the comparison.
   *
   * @param setting the drawn setting (one line)
   * @param live classes the prediction keeps live (K minus its collapsed classes; at the
   *     collapsed origin every family's agreement is trivial, so the table counts live settings)
   * @param fStar the prediction's value
   * @param errorBound the prediction's own error bound (e.g. a duality gap; 0 for closed forms)
   * @param runs certified local searches run (random and structured)
   * @param certified runs certified to the project's tolerance
   * @param fBest the lowest certified value (NaN if no run was certified)
   * @param bestOrigin where the best run started
   * @param randomAtBest random-start runs at f_best (within the value tolerance)
   * @param bestFromRandom whether f_best is reached by a random start (not only a structured one)
   * @param structure the structural distance at the best certified point (NaN if none)
   * @param cpuSeconds CPU time of the prediction and the runs
   */
  public record Row(String setting, int live, double fStar, double errorBound, int runs, int certified,
      double fBest, String bestOrigin, int randomAtBest, boolean bestFromRandom, double structure,
      double cpuSeconds) {

    /** |f_best − f*| / |f*| (|f*| replaced by 1 where f* = 0); NaN without a certified run. */
    public double relativeError() {
      return relativeError(fStar);
    }

    double relativeError(double claimed) {
      return Math.abs(fBest - claimed) / Verifier.valueScale(claimed);
    }

    /** Certified training went below the claimed value by more than the evidence rule's bound. */
    public boolean lower() {
      return lower(fStar);
    }

    boolean lower(double claimed) {
      return fBest < claimed - Verifier.lowerBy(claimed, errorBound);
    }

    /** The best certified value equals the claimed one within the value tolerance and the bound. */
    public boolean reached() {
      return reached(fStar);
    }

    boolean reached(double claimed) {
      return Math.abs(fBest - claimed) <= Verifier.atOptimum(claimed, errorBound);
    }
  }

  /**
   * One family's result.
   *
   * @param family the family
   * @param rows one per setting drawn
   * @param cpuSeconds process CPU time of the family (draws, predictions, runs)
   */
  public record FamilyResult(AgreementFamily family, List<Row> rows, double cpuSeconds) {

    /** The family's verdict on its own prediction. */
    public Verdict verdict() {
      return verdictFor(1.0);
    }

    /** The verdict on the prediction f*·(1 + CONTROL_PERTURBATION): must not be AGREES. */
    public Verdict controlVerdict() {
      return verdictFor(1 + CONTROL_PERTURBATION);
    }

    Verdict verdictFor(double factor) {
      if (rows.stream().anyMatch(r -> Double.isNaN(r.fBest()))) {
        return Verdict.NO_CERTIFIED_RUN;
      }
      if (rows.stream().anyMatch(r -> r.lower(r.fStar() * factor))) {
        return Verdict.LOWER_FOUND;
      }
      return rows.stream().allMatch(r -> r.reached(r.fStar() * factor)) ? Verdict.AGREES
          : Verdict.NOT_REACHED;
    }

    public int lowerCount() {
      return (int) rows.stream().filter(Row::lower).count();
    }

    public int reachedCount() {
      return (int) rows.stream().filter(Row::reached).count();
    }

    /** Settings where training reached f* and a random start (not only a structured one) did. */
    public int randomReachedCount() {
      return (int) rows.stream().filter(r -> r.reached() && r.randomAtBest() > 0).count();
    }

    /** Settings whose prediction keeps at least one class live (not the collapsed origin). */
    public int liveCount() {
      return (int) rows.stream().filter(r -> r.live() > 0).count();
    }

    public int runs() {
      return rows.stream().mapToInt(Row::runs).sum();
    }

    public int certifiedRuns() {
      return rows.stream().mapToInt(Row::certified).sum();
    }

    public double worstRelativeError() {
      return rows.stream().mapToDouble(Row::relativeError).max().orElse(Double.NaN);
    }

    public double medianRelativeError() {
      double[] e = rows.stream().mapToDouble(Row::relativeError).sorted().toArray();
      if (e.length == 0) {
        return Double.NaN;
      }
      return e.length % 2 == 1 ? e[e.length / 2] : 0.5 * (e[e.length / 2 - 1] + e[e.length / 2]);
    }

    /** Worst relative error over the settings where training reached f*. */
    public double worstReachedRelativeError() {
      return rows.stream().filter(Row::reached).mapToDouble(Row::relativeError).max()
          .orElse(Double.NaN);
    }

    /** Worst structural distance over the settings where training reached f*. */
    public double worstStructure() {
      return rows.stream().filter(Row::reached).mapToDouble(Row::structure).max()
          .orElse(Double.NaN);
    }

    /** The worst relative error's row. */
    public Row worstRow() {
      return rows.stream().max(java.util.Comparator.comparingDouble(Row::relativeError)).orElse(null);
    }
  }

  /** A family's verdict. */
  public enum Verdict {
    /** Training's best certified value equals f* on every setting; nothing lower. */
    AGREES,
    /** Nothing lower, but on some setting no run reached f* (a search weakness, reported). */
    NOT_REACHED,
    /** A certified point below f* beyond the bound (a contradiction for a theorem). */
    LOWER_FOUND,
    /** Some setting had no certified run at all. */
    NO_CERTIFIED_RUN
  }

  /** Runs one family; {@code progress} gets one line per setting. */
  public static FamilyResult run(AgreementFamily family, Options o, Consumer<String> progress) {
    double cpu0 = processCpuSeconds();
    List<Setting> settings = draw(family, o);
    List<Row> rows = new ArrayList<>();
    long seed = o.seed();
    for (int i = 0; i < settings.size(); i++) {
      seed = MultiStart.nextSeed(seed);
      Row row = judge(family, settings.get(i), seed, o);
      rows.add(row);
      progress.accept(String.format(java.util.Locale.ROOT,
          "%s %d/%d: rel. error %.2e, %d/%d certified, %.1f s CPU  %s", family.id(), i + 1,
          settings.size(), row.relativeError(), row.certified(), row.runs(), row.cpuSeconds(),
          row.setting()));
    }
    return new FamilyResult(family, rows, processCpuSeconds() - cpu0);
  }

  /** The family's settings: {@code o.settings()} distinct draws from its domain, seeded. */
  static List<Setting> draw(AgreementFamily family, Options o) {
    // The engine drops repeated draws (small domains repeat their edge values), so it draws
    // more than needed and the first o.settings() distinct ones are kept.
    PropertyEngine.Search<Setting> search = PropertyEngine.standard().search(family.domain(),
        o.seed(), DRAW_FACTOR * o.settings() + DRAW_EXTRA, 0, s -> s, s -> false);
    return search.trials().stream().map(PropertyEngine.Trial::setting).limit(o.settings()).toList();
  }

  /** Draws per setting wanted (plus DRAW_EXTRA), so that repeats still leave enough distinct ones. */
  static final int DRAW_FACTOR = 3;
  static final int DRAW_EXTRA = 10;

  /** One setting: the prediction, the independent runs, the comparison. */
  static Row judge(AgreementFamily family, Setting s, long seed, Options o) {
    double cpu0 = processCpuSeconds();
    Prediction p = family.predictor().apply(s);
    CertifiedSearch search = new CertifiedSearch(s);
    MultiStart ms = new MultiStart(search);
    int perScale = s.relu() ? RELU_RESTART_FACTOR * o.perScale() : o.perScale();
    List<MultiStart.Candidate> random = new ArrayList<>(ms.random(seed, o.scales(), perScale));
    if (o.fullLbfgs()) {
      Lbfgs lbfgs = new Lbfgs(Lbfgs.Options.defaults().withTolerance(Tolerances.CERTIFIED.value()));
      Objective f = search.fullObjective();
      long runSeed = seed;
      for (double scale : o.scales()) {
        for (int r = 0; r < perScale; r++) {
          runSeed = MultiStart.nextSeed(runSeed);
          random.add(new MultiStart.Candidate("full lbfgs seed " + runSeed + " scale " + scale,
              lbfgs.minimize(f, runSeed, scale)));
        }
      }
    }
    List<MultiStart.Candidate> structured = new ArrayList<>();
    if (o.structured()) {
      structured.addAll(ms.rays(StructuredStarts.rays(search.reduction().reduced(), s.counts()), seed));
      for (StructuredStarts.Point start : StructuredStarts.points(s)) {
        structured.add(new MultiStart.Candidate(start.origin() + " (structured)",
            search.fromFull(start.point(), seed)));
      }
    }
    List<MultiStart.Candidate> all = new ArrayList<>(random);
    all.addAll(structured);
    double tol = Tolerances.CERTIFIED.value();
    int certified = (int) all.stream().filter(c -> c.run().certified(tol)).count();
    MultiStart.Candidate best = MultiStart.lowestCertified(all, tol).orElse(null);
    double fBest = best == null ? Double.NaN : best.run().objective();
    double atBest = Verifier.atOptimum(fBest, p.valueErrorBound());
    int randomAtBest = best == null ? 0 : (int) random.stream()
        .filter(c -> c.run().certified(tol) && Math.abs(c.run().objective() - fBest) <= atBest).count();
    double structure = best == null ? Double.NaN : structure(family.structure(), p, best.run());
    return new Row(s.toString(), s.K() - p.collapsed().length, p.optimalValue(), p.valueErrorBound(), all.size(), certified, fBest,
        best == null ? "none" : best.origin(), randomAtBest, randomAtBest > 0, structure,
        processCpuSeconds() - cpu0);
  }

  /** The structural distance of the family's kind at the run's point (see {@link AgreementFamily.Structure}). */
  static double structure(AgreementFamily.Structure kind, Prediction p, Run run) {
    return switch (kind) {
      case GRAMS -> gramDistance(p, run.x());
      case RELU_HEAD -> {
        Comparison c = new Comparison(p, run.x());
        yield Math.max(c.logitDeviation(), p.collapsed().length == 0
            ? c.hiddenOrthogonalityDeviation() : 0);
      }
      case SELI -> seliDistance(PointGeometry.of(p.setting(), run.x()).wGram(), p.setting());
    };
  }

  /**
   * max(‖WWᵀ − Ŵ‖/‖Ŵ‖, ‖H̄ᵀH̄ − Ĥ‖/‖Ĥ‖) at x, minimised over the objective's symmetries: the
   * prediction and the structures it lists as tied, each equal-count relabelling of the classes
   * (a symmetry of every objective here) and, where it is one, the rotation among equal-count
   * classes ({@link Symmetries#alignEqualCounts}).
   */
  static double gramDistance(Prediction p, double[] x) {
    List<Prediction> structures = new ArrayList<>();
    structures.add(p);
    structures.addAll(p.tied());
    PointGeometry g = PointGeometry.of(p.setting(), x);
    double best = Double.POSITIVE_INFINITY;
    for (Prediction q : structures) {
      for (double[] y : List.of(x, Symmetries.alignEqualCounts(q, x))) {
        PointGeometry gy = y == x ? g : PointGeometry.of(q.setting(), y);
        for (int[] perm : equalCountPermutations(q.setting())) {
          double d = Math.max(Comparison.relative(permuted(gy.wGram(), perm), q.wGram()),
              Comparison.relative(permuted(gy.hGram(), perm), q.hGram()));
          best = Math.min(best, d);
        }
      }
    }
    return best;
  }

  /** Largest K whose equal-count relabellings are enumerated (K! permutations). */
  static final int MAX_PERMUTED_K = 6;

  /** Every permutation of the classes that maps each class to one with the same count. */
  static List<int[]> equalCountPermutations(Setting s) {
    int k = s.K();
    List<int[]> out = new ArrayList<>();
    if (k > MAX_PERMUTED_K) {
      out.add(java.util.stream.IntStream.range(0, k).toArray());
      return out;
    }
    permute(s, new int[k], new boolean[k], 0, out);
    return out;
  }

  private static void permute(Setting s, int[] perm, boolean[] used, int i, List<int[]> out) {
    if (i == perm.length) {
      out.add(perm.clone());
      return;
    }
    for (int j = 0; j < perm.length; j++) {
      if (!used[j] && s.count(j) == s.count(i)) {
        used[j] = true;
        perm[i] = j;
        permute(s, perm, used, i + 1, out);
        used[j] = false;
      }
    }
  }

  private static double[][] permuted(double[][] g, int[] perm) {
    int k = g.length;
    double[][] out = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        out[a][b] = g[perm[a]][perm[b]];
      }
    }
    return out;
  }

  /** (P D P)^{1/2}, P = I − 11ᵀ/K, D = diag(n_k): the SELI classifier Gram's shape. */
  public static double[][] seliGram(Setting s) {
    int k = s.K();
    double[][] pdp = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        for (int c = 0; c < k; c++) {
          pdp[a][b] += ((a == c ? 1.0 : 0.0) - 1.0 / k) * s.count(c) * ((b == c ? 1.0 : 0.0) - 1.0 / k);
        }
      }
    }
    // PDP is PSD with the null vector 1: its zero eigenvalue comes out as ±round-off, which
    // commons-math's getSquareRoot refuses, so the root is taken of max(0, eigenvalue).
    EigenDecomposition e = new EigenDecomposition(MatrixUtils.createRealMatrix(pdp));
    double[][] root = new double[k][k];
    for (int i = 0; i < k; i++) {
      double r = Math.sqrt(Math.max(0, e.getRealEigenvalue(i)));
      double[] v = e.getEigenvector(i).toArray();
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          root[a][b] += r * v[a] * v[b];
        }
      }
    }
    return root;
  }

  /** ‖G/‖G‖ − S/‖S‖‖_F with S the SELI shape (NaN for a zero Gram). */
  public static double seliDistance(double[][] wGram, Setting s) {
    double[][] target = seliGram(s);
    double n = Matrices.frobeniusNorm(wGram);
    if (!(n > 0)) {
      return Double.NaN;
    }
    return Matrices.frobeniusNorm(Matrices.subtract(Matrices.scale(wGram, 1 / n),
        Matrices.scale(target, 1 / Matrices.frobeniusNorm(target))));
  }

  /** CPU time of the whole process (every thread: native BLAS, GC), in seconds. */
  static double processCpuSeconds() {
    return ncverify.core.CpuTime.processSeconds();
  }
}

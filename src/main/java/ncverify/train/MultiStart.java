package ncverify.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * Global search by many local certified searches ({@link CertifiedSearch}): seeded random starts at
 * several initial scales, and structured rays sized by {@link RaySearch}. Deterministic: every random
 * start derives from the seed. The lowest certified run is the search's answer; all runs are kept
 * for the caller's judgement (e.g. a verifier compares each with a prediction).
 */
public final class MultiStart {
  /** Range of the ray scale c (logit size): from nearly collapsed to far beyond any optimum seen. */
  static final double RAY_MIN = 1e-3;
  static final double RAY_MAX = 1e2;

  /** One local search's result and where it started. */
  public record Candidate(String origin, Run run) {}

  /** A named structured start x(c) in the reduced layout (see ncverify.theory.StructuredStarts). */
  public record Ray(String name, DoubleFunction<double[]> point) {}

  private final CertifiedSearch search;

  public MultiStart(CertifiedSearch search) {
    this.search = search;
  }

  public CertifiedSearch search() { return search; }

  /**
   * The seeds of the random starts: for each scale, {@code perScale} seeds from the LCG chain
   * x ← 6364136223846793005·x + 1442695040888963407 started at {@code seed} (Knuth's MMIX constants).
   */
  public static long nextSeed(long s) {
    return s * 6364136223846793005L + 1442695040888963407L;
  }

  /**
   * Random reduced starts N(0, scale²) for every scale, {@code perScale} each; for a ReLU head the
   * non-negative starts of {@link ReluStarts#nonnegative} (features and inner weights |N(0, scale²)|).
   * Reason: from Gaussian starts the class-mean search stopped at points with a dropped class (each
   * class's scale has its own local minimum at 0 for M ≥ 2; value (f* + ½)/2 for K = 2) on every
   * one of 18 starts at issue 13's `n=2,2 d=2 M=4 widths=3,3,3 λ≈2e-3`; from the same seeds'
   * non-negative starts 12 of 18 certified at deep neural collapse's value.
   */
  public List<Candidate> random(long seed, List<Double> scales, int perScale) {
    return random(seed, scales, perScale, c -> false);
  }

  /**
   * {@link #random(long, List, int)}, ending after the first run that {@code enough} accepts (the
   * runs before it are exactly those of the full search: the same seed chain, in the same order).
   */
  public List<Candidate> random(long seed, List<Double> scales, int perScale,
      java.util.function.Predicate<Candidate> enough) {
    List<Candidate> out = new ArrayList<>();
    long runSeed = seed;
    boolean relu = search.setting().relu();
    for (double scale : scales) {
      for (int r = 0; r < perScale; r++) {
        runSeed = nextSeed(runSeed);
        double[] x0 = relu ? ReluStarts.nonnegative(search.reduction().reduced(), runSeed, scale)
            : Initializer.start(search.reducedObjective(), runSeed, scale);
        Run run = search.fromReduced(x0, runSeed).withOrigin(new Run.Origin(runSeed, scale));
        Candidate c = new Candidate("class-means newton seed " + runSeed + " scale " + scale
            + (relu ? " (non-negative)" : ""), run);
        out.add(c);
        if (enough.test(c)) {
          return out;
        }
      }
    }
    return out;
  }

  /** Each ray sized by {@link RaySearch} on the reduced objective, then searched from there. */
  public List<Candidate> rays(List<Ray> rays, long seed) {
    List<Candidate> out = new ArrayList<>();
    for (Ray ray : rays) {
      RaySearch.Best best = RaySearch.minimize(search.reducedObjective(), ray.point(), RAY_MIN, RAY_MAX);
      if (best.point() == null) {
        continue;
      }
      out.add(new Candidate("structured start " + ray.name() + " at scale "
          + String.format(java.util.Locale.ROOT, "%.4g", best.scale()),
          search.fromReduced(best.point(), seed)));
    }
    return out;
  }

  /** The lowest run among those certified to {@code tolerance} on the full problem. */
  public static Optional<Candidate> lowestCertified(List<Candidate> candidates, double tolerance) {
    return candidates.stream().filter(c -> c.run().certified(tolerance))
        .min(Comparator.comparingDouble(c -> c.run().objective()));
  }
}

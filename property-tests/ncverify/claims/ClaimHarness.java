package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import ncverify.claim.catalog.Catalogue;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.verify.ClaimRunner;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Verdict;
import ncverify.verify.Verifier;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;

/**
 * The small API property tests use: run a claim over generated settings (shrinking any
 * refutation), and build deliberately wrong predictions for negative controls. Reproduce any
 * printed counterexample with {@code ncverify verify --claim ID --setting '…' --seed S}.
 */
final class ClaimHarness {
  private ClaimHarness() {}

  /** Fixed seed: CI is reproducible; -Dncverify.seed=S explores other draws. */
  static final long SEED = Long.getLong("ncverify.seed", 1L);

  /** Settings per claim: 6 by default (two are the domain's corners), ×20 with -Pdeep. */
  static final int SETTINGS = 6 * Integer.getInteger("ncverify.tries", 1);

  static TheoryClaim claim(String id) {
    return Catalogue.byId(id).orElseThrow();
  }

  /**
   * Judges the claim on SETTINGS generated settings. Nothing is printed: a failing assertion's
   * message names the setting, seed and reason ({@link #assertVerdict}).
   */
  static ClaimResult judge(Claim claim) {
    return new ClaimRunner().run(claim, SEED, SETTINGS, o -> { });
  }

  static void assertVerdict(Verdict expected, ClaimResult r) {
    String detail = r.counterexample() != null
        ? "counterexample '" + r.counterexample().setting() + "' seed " + r.counterexample().seed()
            + ": " + r.counterexample().reason()
        : r.outcomes().stream().filter(o -> o.verdict() != Verdict.VERIFIED).map(
            o -> "'" + o.setting() + "': " + o.reason()).findFirst().orElse("");
    assertEquals(expected, r.verdict(), r.claim().id() + " " + detail);
  }

  /** Judges a (deliberately wrong) prediction on its setting. */
  static SettingOutcome judge(TheoryClaim claim, Prediction wrong) {
    return new Verifier().judge(claim, wrong, SEED);
  }

  static void assertRefuted(SettingOutcome o, String kind) {
    assertEquals(Verdict.REFUTED, o.verdict(), o.reason());
    assertEquals(kind, o.counterexample().kind().name(), o.reason());
  }

  /**
   * A wrong prediction refuted either by a lower point or by not being stationary (which of the
   * two depends on whether the wrong point happens to be a saddle).
   */
  static void assertRefutedByLowerPointOrStationarity(SettingOutcome o) {
    assertEquals(Verdict.REFUTED, o.verdict(), o.reason());
    org.junit.jupiter.api.Assertions.assertTrue(java.util.Set.of("LOWER_OBJECTIVE", "NOT_STATIONARY")
        .contains(o.counterexample().kind().name()), o.reason());
  }

  static Prediction predict(Claim claim, Setting setting) {
    return claim.predict(setting).orElseThrow();
  }

  /**
   * Class {@code k}'s predicted features scaled by {@code factor}, with its length and the
   * optimal value recomputed to match, so only stationarity can catch it.
   */
  static Prediction perturbedLength(Prediction p, int k, double factor) {
    Setting s = p.setting();
    Layout layout = new Layout(s);
    double[] x = p.minimiser().clone();
    int first = Arrays.stream(s.counts()).limit(k).sum();
    for (int i = first; i < first + s.count(k); i++) {
      for (int r = 0; r < s.d(); r++) {
        x[layout.h(r, i)] *= factor;
      }
    }
    double[] h = p.hNormSq().clone();
    h[k] *= factor * factor;
    double value = new ncverify.problem.Objective(s).value(x);
    return p.withMinimiser(x, h).withOptimalValue(value).withFamily(p.family() + "+perturbed");
  }

  /** The true minimiser, but an optimal value off by {@code relative}. */
  static Prediction wrongValue(Prediction p, double relative) {
    return p.withOptimalValue(p.optimalValue() * (1 + relative)).withFamily(p.family() + "+wrong-value");
  }

  /** The true minimiser, but class {@code k} additionally claimed to collapse. */
  static Prediction wrongCollapsedSet(Prediction p, int k) {
    int[] collapsed = java.util.stream.IntStream.concat(Arrays.stream(p.collapsed()),
        java.util.stream.IntStream.of(k)).distinct().sorted().toArray();
    return p.withCollapsed(collapsed).withFamily(p.family() + "+wrong-collapse");
  }

  /** The true minimiser, but with the Grams replaced by {@code shape} scaled to the same trace. */
  static Prediction wrongGrams(Prediction p, double[][] shape) {
    return p.withGrams(sameTrace(shape, p.wGram()), sameTrace(shape, p.hGram()))
        .withFamily(p.family() + "+wrong-grams");
  }

  /** The origin claimed as the global minimiser (the collapsed point), with its true value. */
  static Prediction everythingCollapsed(Prediction p) {
    Setting s = p.setting();
    double valueAtZero = new ncverify.problem.Objective(s).value(new double[new Layout(s).size()]);
    int k = s.K();
    double[][] zero = new double[k][k];
    double[][] sv = new double[s.depth()][];
    for (int m = 0; m < sv.length; m++) {
      sv[m] = new double[p.layerSingularValues()[m].length];
    }
    return new Prediction(p.family() + "+collapsed", s, valueAtZero,
        java.util.stream.IntStream.range(0, k).toArray(), new double[k], new double[k],
        new double[k], zero, zero, null, zero, p.bias() == null ? null : new double[k], sv,
        new double[new Layout(s).size()], false, 0, p.isCandidate());
  }

  private static double[][] sameTrace(double[][] shape, double[][] like) {
    double t = 0, ts = 0;
    for (int i = 0; i < like.length; i++) {
      t += like[i][i];
      ts += shape[i][i];
    }
    double[][] out = new double[shape.length][];
    for (int i = 0; i < shape.length; i++) {
      final double c = t / ts;
      out[i] = Arrays.stream(shape[i]).map(v -> v * c).toArray();
    }
    return out;
  }

}

package ncverify.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ncverify.measure.Nc1;
import ncverify.measure.Nc2;
import ncverify.measure.PointGeometry;
import ncverify.measure.Nc3;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.report.ClassLength;
import ncverify.report.CollapseSweep;
import ncverify.report.IterationPoint;
import ncverify.report.LengthComparison;
import ncverify.report.TrainingTrace;
import ncverify.report.SweepPoint;
import ncverify.theory.Prediction;
import ncverify.theory.MseBiasFreeTheory;
import ncverify.train.GradientDescent;
import ncverify.train.Initializer;
import ncverify.train.Run;

/**
 * The data behind the report's three plots, computed from runs (never typed in):
 * (a) a gradient-descent-with-momentum run (the papers' recipe) with NC1–NC3 measured against
 * the prediction at log-spaced iterations; (b) predicted against measured per-class lengths at a
 * certified optimum; (c) a minority-collapse sweep over the smallest class's size.
 */
public final class Figures {
  private Figures() {}

  /** Imbalanced deep MSE, as P1's synthetic experiment but small enough for every CI run. */
  public static final String REPRESENTATIVE_SETTING =
      "loss=mse bias=none features=free n=20,10,5,5 d=8 M=2 lambdaW=5e-3 lambdaH=5e-3";
  /** Iterations of the representative run (the papers use 30 000 at N = 400). */
  public static final int REPRESENTATIVE_ITERATIONS = 5000;

  /** Three classes of 40 and a swept fourth; λ puts the predicted threshold mid-range. */
  public static final String SWEEP_SETTING =
      "loss=mse bias=none features=free n=40,40,40,%d d=4 M=2 lambdaW=0.02 lambdaH=0.02";
  public static final int SWEEP_MAX = 40;
  public static final int SWEEP_STEP = 3;

  public static TrainingTrace representativeRun(long seed) {
    Setting s = Setting.parse(REPRESENTATIVE_SETTING);
    Prediction p = predict(s);
    Layout layout = new Layout(s);
    Objective f = new Objective(s);
    List<IterationPoint> history = new ArrayList<>();
    GradientDescent gd = new GradientDescent(GradientDescent.Options.papers()
        .withMaxIterations(REPRESENTATIVE_ITERATIONS));
    gd.minimize(f, Initializer.start(f, seed, Verifier.PAPERS_INIT_SCALE), (it, value, x) -> {
      PointGeometry g = PointGeometry.of(layout, x);
      double nc1 = Nc1.traceRatio(g.statistics());
      double nc2 = Nc2.toGram(g.wGram(), p.wGram()).normalized();
      double nc3 = Nc3.alignment(g.classifier(), g.means(), p.alignment()).normalized();
      history.add(new IterationPoint(it, value, nc1, nc2, nc3));
    });
    return new TrainingTrace(s.toString(), seed, "NC1 = (1/K) tr(Σ_W Σ_B⁺) (uniform Σ_B); "
        + "NC2 = nd(W Wᵀ, predicted Gram); NC3 = nd(W, S H̄ᵀ) with the predicted S; gradient "
        + "descent lr 0.1, momentum 0.9, init N(0, 0.1²)", history);
  }

  /** Predicted against measured ‖h̄_k‖² and ‖w_k‖² at a certified point x of p's setting. */
  public static LengthComparison lengths(Prediction p, double[] x) {
    Setting s = p.setting();
    PointGeometry g = PointGeometry.of(s, x);
    double[] h = g.hNormSq();
    double[] w = g.wNormSq();
    List<ClassLength> points = new ArrayList<>();
    for (int k = 0; k < s.K(); k++) {
      points.add(new ClassLength("‖h̄_k‖²", k, s.count(k), p.hNormSq()[k], h[k]));
    }
    for (int k = 0; k < s.K(); k++) {
      points.add(new ClassLength("‖w_k‖²", k, s.count(k), p.wNormSq()[k], w[k]));
    }
    return new LengthComparison(s.toString(), points);
  }

  /**
   * Sweeps the last class's size; at each size the lowest of certified runs (the verifier's
   * restarts) gives the measured ‖h̄_K‖², next to the predicted one. The predicted threshold is
   * the largest size the prediction collapses.
   */
  public static CollapseSweep collapseSweep(long seed) {
    List<SweepPoint> points = new ArrayList<>();
    double threshold = 0;
    for (int n = 1; n <= SWEEP_MAX; n++) {
      Prediction p = predict(Setting.parse(String.format(SWEEP_SETTING, n)));
      int last = p.setting().K() - 1;
      if (Arrays.stream(p.collapsed()).anyMatch(c -> c == last)) {
        threshold = n;
      }
    }
    CompetitorSearch search = new CompetitorSearch(Effort.standard());
    for (int n = 1; n <= SWEEP_MAX; n += SWEEP_STEP) {
      Setting s = Setting.parse(String.format(SWEEP_SETTING, n));
      Prediction p = predict(s);
      Run best = search.lowestCertifiedRun(s, seed);
      int last = s.K() - 1;
      double measured = best == null ? Double.NaN : PointGeometry.of(s, best.x()).hNormSq()[last];
      points.add(new SweepPoint(n, measured, p.hNormSq()[last]));
    }
    return new CollapseSweep(String.format(SWEEP_SETTING, 0).replace("40,40,40,0", "40,40,40,n"),
        "‖h̄_K‖²", threshold, points);
  }

  /** Every figure setting is bias-free deep MSE: the theory of p1-mse-imbalanced-deep predicts it. */
  private static Prediction predict(Setting s) {
    return new MseBiasFreeTheory().predict(s);
  }
}

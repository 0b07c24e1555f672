package ncverify.report;

import java.util.ArrayList;
import java.util.List;
import ncverify.claim.Counterexample;
import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.symbolic.ProofTranscript;
import ncverify.symbolic.StepResult;
import ncverify.symbolic.StepStatus;

/**
 * A report model filled with synthetic (formula-generated, not trained) data, used by the report
 * tests. The numbers only have to look like real results; nothing here is a claim about theory.
 */
final class SyntheticReport {
  /** A setting in the one-line form of the README, as a producer would report it. */
  static final String COUNTEREXAMPLE_SETTING =
      "loss=ce bias=none features=free n=2,2,2 d=4 M=3 lambdaW=0.01 lambdaH=0.01";
  static final String HOSTILE_TITLE = "Means <script>alert('x')</script> | pipes & \"quotes\"";

  private SyntheticReport() {
  }

  static ReportModel model() {
    return new ReportModel("ncverify synthetic report", "synthetic data for tests; seed 7",
        List.of(refuted(), verified(), inconclusive()), plots());
  }

  static ClaimEntry verified() {
    String file = "proofs/p1-mse-imbalanced-deep.m";
    List<StepResult> steps = List.of(
        new StepResult(file, 3, "nc1-convexity", "(a + b)^2 - 4*a*b == (a - b)^2",
            "the Jensen gap is a sum of squares", StepStatus.VERIFIED_SYMBOLIC,
            "Jensen gap is a sum of squares", 0),
        new StepResult(file, 9, "scalar-reduction", "g[x] >= g[xStar]",
            "each class reduces to one scalar problem", StepStatus.CHECKED_NUMERIC,
            "Simplify timed out; 200 random points agree to 1e-12", 0),
        new StepResult(file, 14, "stationarity", "D[g[x], x] == 0",
            "the closed-form root is stationary", StepStatus.VERIFIED_SYMBOLIC,
            "D[g, x] == 0 at the closed-form root", 0));
    return new ClaimEntry("p1-mse-imbalanced-deep", "Deep linear UFM, MSE, imbalanced: orthogonal "
        + "frame with class-dependent lengths", "P1 Thm 3.1", SourceStatus.THEOREM,
        "W W^T and H^T H are diagonal with class-dependent lengths", Finding.verified("verified"),
        "M in 1..4, K in 2..5, n_k in 1..50", new ProofTranscript(file, steps, 0),
        Verdict.VERIFIED, 20, "",
        List.of(new CheckResult("objective-gap", 3.2e-9, 1e-6, "OPTIMISATION_REL",
                "L-BFGS stops at gradient norm 1e-10; objective error is quadratic in it", true),
            new CheckResult("nc2-gram-unnormalised", 4.1e-7, 1e-5, "STRUCTURE_REL",
                "distance of the trained Gram matrix, first order in the gradient norm", true)),
        null, new Plots(null, lengths(), null));
  }

  static ClaimEntry refuted() {
    return new ClaimEntry("p1-ce-balanced-deep-etf", HOSTILE_TITLE, "P1 §4 (candidate)",
        SourceStatus.CONJECTURE, "the simplex ETF is the global minimiser", null,
        "M >= 2, balanced", null, Verdict.REFUTED, 3,
        "a low-rank point beats the ETF",
        List.of(new CheckResult("objective-gap", 2.5e-2, 1e-6, "OPTIMISATION_REL",
            "L-BFGS stops at gradient norm 1e-10", false)),
        new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE,
            Setting.parse(COUNTEREXAMPLE_SETTING), 42L, 1.0986122886681098, 1.0736122886681098,
            "lbfgs seed 5 scale 1.0", "rank-2 point found by restart 5 has a lower objective"),
        Plots.NONE);
  }

  static ClaimEntry inconclusive() {
    return new ClaimEntry("p2-ce-relu-imbalanced", "CE with ReLU features: orthogonal means",
        "P2 Thm 4.2", SourceStatus.THEOREM, "", null, "", new ProofTranscript("proofs/p2.m",
            List.of(new StepResult("proofs/p2.m", 1, "phi-convex", "D[phi[m], {m, 2}] >= 0",
                "phi is convex in m", StepStatus.FAILED, "second derivative sign not established",
                0)), 0), Verdict.INCONCLUSIVE, 5,
        "2 of 5 runs did not converge", List.of(), null, null);
  }

  static Plots plots() {
    List<IterationPoint> history = new ArrayList<>();
    for (int i = 0; i <= 60; i++) {
      long it = i * 500L;
      double t = it / 30000.0;
      // NC1 reaches exactly 0 at the end to exercise the "not drawn on the log axis" note.
      double nc1 = i == 60 ? 0 : 2 * Math.exp(-12 * t);
      history.add(new IterationPoint(it, 0.35 + 0.6 * Math.exp(-8 * t), nc1,
          1.2 * Math.exp(-9 * t) + 1e-6, 0.9 * Math.exp(-7 * t) + 3e-6));
    }
    TrainingTrace run = new TrainingTrace(
        "loss=mse bias=none features=free n=200,100,50,50 d=64 M=3 lambdaW=5e-4 lambdaH=5e-4", 7L,
        "NC1 = tr(Sigma_W Sigma_B^+)/K; NC2 = nd(W W^T, predicted Gram); NC3 = nd(W H, predicted)",
        history);
    List<SweepPoint> sweep = new ArrayList<>();
    double lambda = 0.04;
    for (int n = 1; n <= 40; n += 3) {
      // The M = 1 closed form ||h_k||^2 = (sqrt(lW/(n lH)) - N lW/n)_+ with N fixed at 100.
      double predicted = Math.max(0, Math.sqrt(1.0 / n) - 100 * lambda / n);
      sweep.add(new SweepPoint(n, predicted * (1 + 0.03 * Math.sin(n)), predicted));
    }
    CollapseSweep collapse = new CollapseSweep(
        "loss=mse bias=none features=free n=N1,100,100,100 d=8 M=1 lambdaW=0.04 lambdaH=0.04",
        "‖h̄_k‖²", Math.pow(100 * lambda, 2), sweep);
    return new Plots(run, lengths(), collapse);
  }

  static LengthComparison lengths() {
    int[] n = {200, 100, 50, 50};
    List<ClassLength> points = new ArrayList<>();
    for (int k = 0; k < n.length; k++) {
      double w = Math.sqrt(n[k]) / 10;
      double h = 1 / Math.sqrt(n[k]);
      points.add(new ClassLength("‖w_k‖", k, n[k], w, w * (1 + 0.01 * (k - 1.5))));
      points.add(new ClassLength("‖h̄_k‖", k, n[k], h, h * (1 - 0.02 * (k - 1.5))));
    }
    return new LengthComparison(
        "loss=mse bias=none features=free n=200,100,50,50 d=64 M=3 lambdaW=5e-4 lambdaH=5e-4",
        points);
  }
}

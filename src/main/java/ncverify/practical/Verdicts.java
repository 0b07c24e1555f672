package ncverify.practical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import ncverify.claim.Tolerance;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * Qualitative checks of Neural Collapse in a trained network against the UFM prediction for the
 * matching setting. Every threshold is a named {@link Tolerance} with its reason. Honest by
 * construction: a check is PASS or FAIL only if the network fitted its training data
 * ({@link #TERMINAL_ERROR}) and the quantity and prediction it needs exist; otherwise INCONCLUSIVE.
 */
public final class Verdicts {
  private Verdicts() {}

  public static final Tolerance TERMINAL_ERROR = new Tolerance("terminal-phase training error",
      0.01, "NC is a terminal-phase phenomenon (after ~zero training error); 1% leaves room for a "
          + "few hard samples in a short CPU run");
  public static final Tolerance NC1_DROP = new Tolerance("NC1 last/first ratio", 0.01,
      "'NC1 falls by at least two orders of magnitude' from its first measurement");
  public static final Tolerance MIN_KENDALL_TAU = new Tolerance("min Kendall tau-b vs predicted order",
      0.5, "ordering is qualitative; tau >= 0.5 means clearly more concordant than discordant pairs "
          + "(equal predicted values count as ties)");
  public static final Tolerance EQUAL_SPREAD = new Tolerance("max coefficient of variation", 0.1,
      "where the UFM predicts equal values (balanced classes), a finite network is allowed 10% spread");
  public static final Tolerance COSINE_DEVIATION = new Tolerance(
      "max |cos measured - cos predicted| over class-mean pairs", 0.2,
      "real features are only approximately orthogonal/ETF; 0.2 separates ~orthogonal (<0.2) from "
          + "the positively correlated means of an untrained net");
  public static final Tolerance ALIGNMENT_ND = new Tolerance("nd(W, S Hbar^T)", 0.2,
      "NC3 in networks is approximate; 0.2 is far below the ~1.4 of unrelated matrices");
  public static final Tolerance GRAM_ND = new Tolerance("nd(W W^T, predicted Gram)", 0.2,
      "NC2 in networks is approximate; same scale as the alignment threshold");
  public static final Tolerance NC4_AGREEMENT = new Tolerance("min classifier/NCC agreement", 0.99,
      "NC4: the classifier behaves like the nearest-class-mean rule on (almost) every sample");

  /** Relative spread below which predicted values are treated as equal (round-off). */
  private static final double EQUAL_PREDICTION_SPREAD = 1e-9;

  /**
   * @param whyNoPrediction the reason shown when {@code predicted} is empty
   */
  public static List<PracticalVerdict> judge(List<EpochRecord> history,
      Optional<NcMeasures> measured, Optional<UfmPrediction> predicted, String whyNoPrediction) {
    List<PracticalVerdict> out = new ArrayList<>();
    EpochRecord end = history.get(history.size() - 1);
    boolean fitted = end.trainError() <= TERMINAL_ERROR.value();
    out.add(new PracticalVerdict("terminal phase reached", fitted ? Outcome.PASS : Outcome.FAIL,
        TERMINAL_ERROR, end.trainError(), 0.0, fitted ? "training error at the last epoch"
            : "training error too high: every other check is INCONCLUSIVE"));
    String gate = fitted ? null : "training did not reach the terminal phase";

    out.add(nc1Drop(history, gate));
    if (measured.isEmpty()) {
      for (String name : List.of("class-mean norms ordered as predicted",
          "class-mean cosines as predicted", "classifier aligned with scaled means (NC3)",
          "classifier Gram shape (NC2)", "margins ordered as predicted", "NC4 agreement")) {
        out.add(unavailable(name, NcMeasures.UNAVAILABLE));
      }
      return out;
    }
    NcMeasures m = measured.get();
    out.add(nc4(m, gate));
    if (predicted.isEmpty()) {
      for (String name : List.of("class-mean norms ordered as predicted",
          "class-mean cosines as predicted", "classifier aligned with scaled means (NC3)",
          "classifier Gram shape (NC2)", "margins ordered as predicted")) {
        out.add(unavailable(name, whyNoPrediction));
      }
      return out;
    }
    UfmPrediction p = predicted.get();
    out.add(ordering("class-mean norms ordered as predicted", m.classMeanNorms(),
        p.classMeanNorms(), gate));
    out.add(cosines(m, p, gate));
    out.add(p.alignment() == null
        ? unavailable("classifier aligned with scaled means (NC3)",
            "the theory (" + p.theory() + ") gives no alignment scaling here")
        : distance("classifier aligned with scaled means (NC3)", ALIGNMENT_ND,
            m.headProduct(), multiply(p.alignment(), transpose(m.classMeans())), gate));
    out.add(distance("classifier Gram shape (NC2)", GRAM_ND, m.classifierGram(),
        p.classifierGram(), gate));
    out.add(ordering("margins ordered as predicted", m.margins(), p.margins(), gate));
    return out;
  }

  private static PracticalVerdict unavailable(String name, String why) {
    return new PracticalVerdict(name, Outcome.INCONCLUSIVE, null, Double.NaN, Double.NaN, why);
  }

  static PracticalVerdict nc1Drop(List<EpochRecord> history, String gate) {
    double first = history.get(0).nc1();
    double last = history.get(history.size() - 1).nc1();
    if (Double.isNaN(first) || Double.isNaN(last)) {
      return unavailable("NC1 falls by two orders of magnitude", NcMeasures.UNAVAILABLE);
    }
    double ratio = last / first;
    return decide("NC1 falls by two orders of magnitude", NC1_DROP, ratio, 0.0,
        ratio <= NC1_DROP.value(), gate, String.format(Locale.ROOT,
            "NC1 %.3g (epoch %d) -> %.3g (epoch %d); the UFM predicts NC1 = 0", first,
            history.get(0).epoch(), last, history.get(history.size() - 1).epoch()));
  }

  private static PracticalVerdict nc4(NcMeasures m, String gate) {
    return decide("NC4 agreement", NC4_AGREEMENT, m.nc4Agreement(), 1.0,
        m.nc4Agreement() >= NC4_AGREEMENT.value(), gate,
        "fraction of samples where argmax logits = nearest class mean; the UFM predicts 1");
  }

  /**
   * Compares the order of measured values with predicted ones: Kendall tau-b when the prediction
   * distinguishes classes, the coefficient of variation when it predicts them all equal.
   */
  static PracticalVerdict ordering(String name, double[] measured, double[] predicted, String gate) {
    if (predicted == null || Arrays.stream(predicted).anyMatch(Double::isNaN)) {
      return unavailable(name, "the UFM gives no prediction for this quantity here");
    }
    double spread = relativeSpread(predicted);
    if (spread <= EQUAL_PREDICTION_SPREAD) {
      double cv = relativeSpread(measured);
      return decide(name, EQUAL_SPREAD, cv, 0.0, cv <= EQUAL_SPREAD.value(), gate,
          "prediction: all equal (" + fmt(predicted[0]) + "); measured " + fmtAll(measured));
    }
    double tau = new KendallsCorrelation().correlation(measured, predicted);
    return decide(name, MIN_KENDALL_TAU, tau, 1.0, tau >= MIN_KENDALL_TAU.value(), gate,
        "measured " + fmtAll(measured) + " vs predicted " + fmtAll(predicted));
  }

  private static PracticalVerdict cosines(NcMeasures m, UfmPrediction p, String gate) {
    double[][] g = p.meanGram();
    double worst = 0;
    int k = g.length;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        double den = Math.sqrt(g[a][a] * g[b][b]);
        double measuredCos = m.classMeanCosines()[a][b];
        if (den == 0 || Double.isNaN(measuredCos)) {
          continue; // a collapsed class (predicted or measured) has no direction to compare
        }
        worst = Math.max(worst, Math.abs(measuredCos - g[a][b] / den));
      }
    }
    return decide("class-mean cosines as predicted", COSINE_DEVIATION, worst, 0.0,
        worst <= COSINE_DEVIATION.value(), gate,
        "predicted cosines from the predicted Hbar^T Hbar (" + p.theory() + ")");
  }

  private static PracticalVerdict distance(String name, Tolerance t, double[][] measured,
      double[][] predicted, String gate) {
    Optional<Double> nd = NcMeasures.normalisedDistance(measured, predicted);
    if (nd.isEmpty()) {
      return unavailable(name, NcMeasures.UNAVAILABLE);
    }
    return decide(name, t, nd.get(), 0.0, nd.get() <= t.value(), gate,
        "normalised Frobenius distance to the UFM prediction (0 = same shape)");
  }

  private static PracticalVerdict decide(String name, Tolerance t, double measured, double predicted,
      boolean pass, String gate, String note) {
    if (gate != null) {
      return new PracticalVerdict(name, Outcome.INCONCLUSIVE, t, measured, predicted,
          gate + "; " + note);
    }
    return new PracticalVerdict(name, pass ? Outcome.PASS : Outcome.FAIL, t, measured, predicted,
        note);
  }

  /** Standard deviation / |mean| (0 for constant vectors). */
  static double relativeSpread(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(0);
    return mean == 0 ? (var == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(var) / Math.abs(mean);
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int l = 0; l < b.length; l++) {
        for (int j = 0; j < b[0].length; j++) {
          c[i][j] += a[i][l] * b[l][j];
        }
      }
    }
    return c;
  }

  static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }

  static String fmtAll(double[] v) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(fmt(v[i]));
    }
    return sb.append(")").toString();
  }
}

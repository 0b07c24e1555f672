package ncverify.measure;

import java.util.Arrays;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * The standard NC metrics of one parameter point, with fixed names and conventions (THEORY §8).
 * W = W_M⋯W_1 is the end-to-end classifier (K×d), H the features (d×N), h̄_G the sample-weighted
 * global mean, P = I − 11ᵀ/K. Degenerate inputs give NaN or +∞ as documented in {@link Nc1},
 * {@link Distances}, {@link Nc2} and {@link Nc4}; never the "collapsed" value.
 *
 * <p><b>Fully collapsed points.</b> When every class-mean logit is zero relative to round-off,
 * max_k ‖W h̄_k‖_∞ ≤ {@link #ROUND_OFF_LOGIT} (a fully collapsed optimum: the origin, or a
 * trained point next to it), every geometric metric (NC1 in all variants, NC2, NC3, NC4, the mean
 * cosine) is NaN ("undefined" in text and reports): the directions of such features and
 * classifiers are whatever round-off the optimiser left, so their ratios would be seed-dependent
 * noise. The norms ‖h̄_k‖², ‖w_k‖² are still reported as measured.
 *
 * <p>Serialises with Jackson as a JSON object with these component names (NaN and ±∞ are written
 * as the strings "NaN", "Infinity" by Jackson's default settings).
 *
 * @param nc1 (1/K) tr(Σ_W Σ_B⁺), Σ_B {@link BetweenCovariance#UNIFORM}, cut-off
 *     {@link Nc1#DEFAULT_PINV_RELATIVE_CUTOFF} ({@link Nc1#traceRatio(ClassStatistics)})
 * @param nc1TraceQuotient tr Σ_W / tr Σ_B, Σ_B uniform ({@link Nc1#traceQuotient(ClassStatistics)})
 * @param cdnv mean over pairs i &lt; j of (σ_i² + σ_j²)/(2‖h̄_i − h̄_j‖²) ({@link Nc1#cdnv})
 * @param cdnvMax max over pairs of the same
 * @param nc2EtfW nd(W Wᵀ, P)
 * @param nc2EtfH nd(H̃ᵀH̃, P) with centred means H̃ = H̄ − h̄_G 1ᵀ
 * @param nc2OrthoW nd(W Wᵀ, I)
 * @param nc2OrthoH nd(H̄ᵀH̄, I) with uncentred means
 * @param nc3 nd(W, H̄ᵀ), uncentred means, no scaling: the plain alignment. For imbalanced
 *     problems the theory predicts a class-dependent scaling (P1: W = diag(t_k² + Nλ_H) H̄ᵀ;
 *     P2: W = a P D^{1/2} H̄ᵀ), so this value need not vanish there; use
 *     {@link Nc3#alignment(double[][], double[][], double[][])} with the predicted scaling
 * @param nc3Centred nd(W, (H̄ − h̄_G 1ᵀ)ᵀ): Papyan et al.'s / Zhu et al.'s centred alignment
 *     (vanishes for P2's balanced case, where W ∝ P H̄ᵀ)
 * @param nc4 fraction of samples on which argmax(W h_i + b) and the nearest class mean agree
 *     uniquely ({@link Nc4#agreement})
 * @param maxMeanCosine max over pairs of non-zero means of |cos(h̄_i, h̄_j)|, uncentred
 *     ({@link Nc2#maxAbsMeanCosine})
 * @param classMeanNormsSq ‖h̄_k‖² per class (uncentred)
 * @param classifierNormsSq ‖w_k‖² per class (rows of W)
 */
public record NcMetrics(
    double nc1,
    double nc1TraceQuotient,
    double cdnv,
    double cdnvMax,
    double nc2EtfW,
    double nc2EtfH,
    double nc2OrthoW,
    double nc2OrthoH,
    double nc3,
    double nc3Centred,
    double nc4,
    double maxMeanCosine,
    double[] classMeanNormsSq,
    double[] classifierNormsSq) {

  public NcMetrics {
    classMeanNormsSq = classMeanNormsSq.clone();
    classifierNormsSq = classifierNormsSq.clone();
  }

  /** The metrics of parameter vector x of a setting (layout as in {@link Layout}). */
  public static NcMetrics of(Setting setting, double[] x) {
    return of(new Layout(setting), x);
  }

  /** The metrics of parameter vector x; reuse one Layout when calling this repeatedly. */
  public static NcMetrics of(Layout layout, double[] x) {
    if (x.length != layout.size()) {
      throw new IllegalArgumentException("parameter vector has length " + x.length
          + ", the layout of " + layout.setting() + " needs " + layout.size());
    }
    Setting s = layout.setting();
    double[] bias = null;
    if (s.hasBias()) {
      bias = Arrays.copyOfRange(x, layout.bOffset(), layout.bOffset() + s.K());
    }
    // Layout returns fresh copies, so the statistics may keep them without copying again.
    ClassStatistics stats = ClassStatistics.wrap(layout.hMatrix(x), s.labels(), s.K());
    return of(layout.product(x), bias, stats);
  }

  /**
   * The metrics of a classifier W (K×d), optional bias b (length K, or null) and features H (d×N)
   * with 0-based labels.
   */
  public static NcMetrics of(double[][] w, double[] bias, double[][] h, int[] labels, int classes) {
    return of(w, bias, ClassStatistics.of(h, labels, classes));
  }

  /** The metrics of a classifier W (K×d) and optional bias against precomputed statistics. */
  public static NcMetrics of(double[][] w, double[] bias, ClassStatistics stats) {
    if (Matrices.rows(w) != stats.classes() || Matrices.cols(w) != stats.dimension()) {
      throw new IllegalArgumentException("W is " + Matrices.shape(w) + ", expected K×d = "
          + stats.classes() + "×" + stats.dimension());
    }
    double[][] means = stats.meansView();
    double[][] centred = stats.centredMeans(MeanCentring.GLOBAL_MEAN);
    double[][] wGram = Nc2.classifierGram(w);
    double[] classifierNormsSq = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      classifierNormsSq[k] = wGram[k][k];
    }
    if (fullyCollapsed(w, means)) {
      double u = Double.NaN;
      return new NcMetrics(u, u, u, u, u, u, u, u, u, u, u, u, stats.meanNormsSquared(),
          classifierNormsSq);
    }
    Nc1.Cdnv cdnv = Nc1.cdnv(stats);
    return new NcMetrics(
        Nc1.traceRatio(stats),
        Nc1.traceQuotient(stats),
        cdnv.mean(),
        cdnv.max(),
        Nc2.toEtf(wGram),
        Nc2.toEtf(Nc2.meanGram(centred)),
        Nc2.toOrthogonalFrame(wGram),
        Nc2.toOrthogonalFrame(Nc2.meanGram(means)),
        Nc3.alignment(w, means),
        Nc3.alignment(w, centred),
        Nc4.agreement(w, bias, stats),
        Nc2.maxAbsMeanCosine(means),
        stats.meanNormsSquared(),
        classifierNormsSq);
  }

  /**
   * Class-mean logits at or below this (absolute) are zero relative to round-off. Reason: logits
   * are in the loss's own unit (one-hot targets for MSE, probabilities for CE, both O(1)), so a
   * logit of 1e-12 changes the objective by about 1e-12 — below what any certificate resolves
   * and ~1e4 times double round-off of an O(1) loss — while trained points at the origin carry
   * logits of 1e-18 and below (products of residual-sized factors; measured on certified L-BFGS
   * runs: ~1e-18 for M = 1 MSE, 1e-29 … 1e-42 for M ≥ 2). A live optimum's logits are
   * O(margin) and far above.
   */
  public static final double ROUND_OFF_LOGIT = 1e-12;

  /** How text and reports show a NaN metric. */
  public static final String UNDEFINED = "undefined";

  /** A metric for text output: {@link #UNDEFINED} for NaN, else 4 significant digits (Locale.ROOT). */
  public static String show(double v) {
    return Double.isNaN(v) ? UNDEFINED : String.format(java.util.Locale.ROOT, "%.4g", v);
  }

  /** Whether every class-mean logit W h̄_k (bias excluded) is within {@link #ROUND_OFF_LOGIT} of 0. */
  public static boolean fullyCollapsed(double[][] w, double[][] means) {
    double[][] logits = Matrices.multiply(w, means);
    for (double[] row : logits) {
      for (double v : row) {
        if (!(Math.abs(v) <= ROUND_OFF_LOGIT)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public double[] classMeanNormsSq() {
    return classMeanNormsSq.clone();
  }

  @Override
  public double[] classifierNormsSq() {
    return classifierNormsSq.clone();
  }

  /** Equality of every component, arrays by content (doubles compared as by {@link Double#compare}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof NcMetrics m
        && Double.compare(nc1, m.nc1) == 0
        && Double.compare(nc1TraceQuotient, m.nc1TraceQuotient) == 0
        && Double.compare(cdnv, m.cdnv) == 0
        && Double.compare(cdnvMax, m.cdnvMax) == 0
        && Double.compare(nc2EtfW, m.nc2EtfW) == 0
        && Double.compare(nc2EtfH, m.nc2EtfH) == 0
        && Double.compare(nc2OrthoW, m.nc2OrthoW) == 0
        && Double.compare(nc2OrthoH, m.nc2OrthoH) == 0
        && Double.compare(nc3, m.nc3) == 0
        && Double.compare(nc3Centred, m.nc3Centred) == 0
        && Double.compare(nc4, m.nc4) == 0
        && Double.compare(maxMeanCosine, m.maxMeanCosine) == 0
        && Arrays.equals(classMeanNormsSq, m.classMeanNormsSq)
        && Arrays.equals(classifierNormsSq, m.classifierNormsSq);
  }

  @Override
  public int hashCode() {
    int h = java.util.Objects.hash(nc1, nc1TraceQuotient, cdnv, cdnvMax, nc2EtfW, nc2EtfH,
        nc2OrthoW, nc2OrthoH, nc3, nc3Centred, nc4, maxMeanCosine);
    return 31 * (31 * h + Arrays.hashCode(classMeanNormsSq)) + Arrays.hashCode(classifierNormsSq);
  }

  @Override
  public String toString() {
    return "NcMetrics[nc1=" + nc1 + ", nc1TraceQuotient=" + nc1TraceQuotient + ", cdnv=" + cdnv
        + ", cdnvMax=" + cdnvMax + ", nc2EtfW=" + nc2EtfW + ", nc2EtfH=" + nc2EtfH
        + ", nc2OrthoW=" + nc2OrthoW + ", nc2OrthoH=" + nc2OrthoH + ", nc3=" + nc3
        + ", nc3Centred=" + nc3Centred + ", nc4=" + nc4 + ", maxMeanCosine=" + maxMeanCosine
        + ", classMeanNormsSq=" + Arrays.toString(classMeanNormsSq)
        + ", classifierNormsSq=" + Arrays.toString(classifierNormsSq) + "]";
  }
}

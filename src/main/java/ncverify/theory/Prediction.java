package ncverify.theory;

import ncverify.problem.Setting;

/**
 * What a claim family's theory says about the global minimisers of one {@link Setting}.
 *
 * <p>All K-indexed quantities use 0-based class indices in class order. "Theory-derived" fields come
 * from the family's formulas (scalar solutions); the Gram matrices and the logit matrix are computed
 * from the explicit {@link #minimiser()}, which is itself built from the formulas — tests compare the
 * two routes.
 *
 * @param family id of the claim family that produced it (e.g. {@code p1-mse-deep-bias-free})
 * @param setting the setting
 * @param optimalValue predicted optimal objective value f*
 * @param collapsed 0-based classes with w_k = 0 and h̄_k = 0 (for CE with ReLU features: margin 0)
 * @param wNormSq ‖w_k‖² per class, w_k the k-th row of the product W = W_M⋯W_1 (theory-derived)
 * @param hNormSq ‖h̄_k‖² per class (theory-derived)
 * @param margins per class (W h̄_k + b)_k − max_{j≠k}(W h̄_k + b)_j (theory-derived for CE, computed
 *     from the logits for MSE)
 * @param wGram W Wᵀ (K×K) of the predicted minimiser
 * @param hGram H̄ᵀH̄ (K×K) of the predicted minimiser
 * @param alignment S (K×K) with W = S H̄ᵀ, or null where the theory gives none
 * @param logits W H̄ + b1ᵀ (K×K, column k = logits of class k's mean)
 * @param bias predicted b (length K), or null without bias
 * @param layerSingularValues per layer m = 1…M (index m−1), the singular values of W_m in
 *     decreasing order, min(rows, cols) of them (theory-derived)
 * @param minimiser explicit flat parameter vector (see {@link ncverify.problem.Layout})
 * @param atThreshold some class sits at an exact collapse threshold (within
 *     {@link ScalarMinimizer#TIE_RELATIVE_TOLERANCE}); the collapsed solution was chosen there and a
 *     non-collapsed one has the same value
 * @param valueErrorBound a bound on |f(minimiser) − f*_true| from the solve (0 where the scalar
 *     problems are solved to round-off; the duality gap for numerically solved convex problems)
 * @param isCandidate true if the family's global optimality is a conjecture the suite tests (e.g.
 *     the ETF for deep CE), false if it is a theorem
 * @param tied at an exact tie ({@code atThreshold}), the other global minimisers' structures the
 *     theory lists, each a full prediction with the same optimal value (e.g. at an MSE collapse
 *     threshold the live structure beside the collapsed one; at a narrow-features cut every other
 *     choice of the live classes among equal gains). A certified point at the optimal value is
 *     accepted at a tie only if its structure is this one or one of these. Empty where there is no
 *     tie, and where the theory flags a tie without listing it (a continuum of tied structures,
 *     or more than it enumerates): then a point at the optimal value with another structure than
 *     the chosen one is INCONCLUSIVE (the verifier cannot tell a tied minimiser from a mismatch)
 *     unless {@code tieSet} describes the set.
 * @param tieSet at an exact tie, the theory's description of the whole tied optimal set where it
 *     is a continuum or too large to list (see {@link TieSet}); null otherwise. Copies that change
 *     the prediction's content (a negative control's wrong Grams, value, minimiser, collapsed set)
 *     drop it: the set describes the theory's own prediction only.
 */
public record Prediction(String family, Setting setting, double optimalValue, int[] collapsed,
    double[] wNormSq, double[] hNormSq, double[] margins, double[][] wGram, double[][] hGram,
    double[][] alignment, double[][] logits, double[] bias, double[][] layerSingularValues,
    double[] minimiser, boolean atThreshold, double valueErrorBound, boolean isCandidate,
    java.util.List<Prediction> tied, TieSet tieSet) {

  public Prediction {
    tied = java.util.List.copyOf(tied);
  }

  /** A prediction without a tied-set description. */
  public Prediction(String family, Setting setting, double optimalValue, int[] collapsed,
      double[] wNormSq, double[] hNormSq, double[] margins, double[][] wGram, double[][] hGram,
      double[][] alignment, double[][] logits, double[] bias, double[][] layerSingularValues,
      double[] minimiser, boolean atThreshold, double valueErrorBound, boolean isCandidate,
      java.util.List<Prediction> tied) {
    this(family, setting, optimalValue, collapsed, wNormSq, hNormSq, margins, wGram, hGram,
        alignment, logits, bias, layerSingularValues, minimiser, atThreshold, valueErrorBound,
        isCandidate, tied, null);
  }

  /** A prediction that lists no tied structure. */
  public Prediction(String family, Setting setting, double optimalValue, int[] collapsed,
      double[] wNormSq, double[] hNormSq, double[] margins, double[][] wGram, double[][] hGram,
      double[][] alignment, double[][] logits, double[] bias, double[][] layerSingularValues,
      double[] minimiser, boolean atThreshold, double valueErrorBound, boolean isCandidate) {
    this(family, setting, optimalValue, collapsed, wNormSq, hNormSq, margins, wGram, hGram,
        alignment, logits, bias, layerSingularValues, minimiser, atThreshold, valueErrorBound,
        isCandidate, java.util.List.of());
  }

  /** The same prediction with the tied structures the theory lists (see {@link #tied}). */
  public Prediction withTied(java.util.List<Prediction> others) {
    return new Prediction(family, setting, optimalValue, collapsed, wNormSq, hNormSq, margins,
        wGram, hGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, others, tieSet);
  }

  /** The same prediction with the theory's description of its tied optimal set (see {@link #tieSet}). */
  public Prediction withTieSet(TieSet set) {
    return new Prediction(family, setting, optimalValue, collapsed, wNormSq, hNormSq, margins,
        wGram, hGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, tied, set);
  }

  // Copy-with methods: a prediction that differs in one respect (a deliberately wrong one for a
  // negative control, or a refinement by the theory), without writing out the other fields.

  /** The same prediction under another family id (e.g. a negative control's label). */
  public Prediction withFamily(String newFamily) {
    return new Prediction(newFamily, setting, optimalValue, collapsed, wNormSq, hNormSq, margins,
        wGram, hGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, tied, tieSet);
  }

  /** The same prediction with another optimal value f*. */
  public Prediction withOptimalValue(double value) {
    return new Prediction(family, setting, value, collapsed, wNormSq, hNormSq, margins, wGram,
        hGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, tied);
  }

  /** The same prediction with another set of collapsed classes (0-based, increasing). */
  public Prediction withCollapsed(int[] classes) {
    return new Prediction(family, setting, optimalValue, classes.clone(), wNormSq, hNormSq, margins,
        wGram, hGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, tied);
  }

  /** The same prediction with other Gram matrices W Wᵀ and H̄ᵀH̄. */
  public Prediction withGrams(double[][] newWGram, double[][] newHGram) {
    return new Prediction(family, setting, optimalValue, collapsed, wNormSq, hNormSq, margins,
        newWGram, newHGram, alignment, logits, bias, layerSingularValues, minimiser, atThreshold,
        valueErrorBound, isCandidate, tied);
  }

  /** The same prediction with another explicit minimiser and feature lengths ‖h̄_k‖². */
  public Prediction withMinimiser(double[] x, double[] newHNormSq) {
    return new Prediction(family, setting, optimalValue, collapsed, wNormSq, newHNormSq, margins,
        wGram, hGram, alignment, logits, bias, layerSingularValues, x, atThreshold,
        valueErrorBound, isCandidate, tied);
  }
}

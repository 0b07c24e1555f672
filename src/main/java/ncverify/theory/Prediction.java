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
 */
public record Prediction(String family, Setting setting, double optimalValue, int[] collapsed,
    double[] wNormSq, double[] hNormSq, double[] margins, double[][] wGram, double[][] hGram,
    double[][] alignment, double[][] logits, double[] bias, double[][] layerSingularValues,
    double[] minimiser, boolean atThreshold, double valueErrorBound, boolean isCandidate) {
}

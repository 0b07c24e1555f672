/**
 * Neural Collapse metrics with named conventions (THEORY.md §8): the instruments the verdicts rest
 * on.
 *
 * <p>Conventions used throughout: features H are d×N row-major {@code double[][]} with one column
 * per sample; class means H̄ are d×K (one column per class); the classifier W = W_M⋯W_1 is K×d (rows
 * w_kᵀ); Gram matrices and logit matrices are K×K; labels are 0-based.
 *
 * <ul>
 *   <li>{@link ncverify.measure.ClassStatistics}: means, h̄_G, Σ_W, Σ_B
 *       ({@link ncverify.measure.BetweenCovariance} variants), class variances;</li>
 *   <li>{@link ncverify.measure.Nc1}: (1/K) tr(Σ_W Σ_B⁺), tr Σ_W / tr Σ_B, CDNV;</li>
 *   <li>{@link ncverify.measure.Distances} / {@link ncverify.measure.Distance}: normalised,
 *       relative and absolute Frobenius distances;</li>
 *   <li>{@link ncverify.measure.Nc2}: W Wᵀ and H̄ᵀH̄ against P, I or a predicted Gram; mean
 *       cosines;</li>
 *   <li>{@link ncverify.measure.Nc3}: W against S H̄ᵀ, W H̄ + b1ᵀ against a predicted logit
 *       matrix;</li>
 *   <li>{@link ncverify.measure.Nc4}: classifier versus nearest class mean;</li>
 *   <li>{@link ncverify.measure.NcMetrics}: the fixed summary of one parameter point.</li>
 * </ul>
 *
 * <p><b>Degenerate inputs never produce the "collapsed" value.</b> Where a metric is undefined
 * (zero matrices, Σ_B = 0, coinciding means, zero features) it returns NaN or +∞ (for metrics
 * whose ideal value is 0) or the worst value 0 (for NC4, whose ideal value is 1), as each class
 * documents. A check reading such a value therefore fails instead of passing by accident.
 */
package ncverify.measure;

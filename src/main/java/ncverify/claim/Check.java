package ncverify.claim;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import ncverify.problem.Loss;
import ncverify.theory.Prediction;

/**
 * One named structural check of a claim: a deviation measured at a certified optimum, compared
 * with a named tolerance. {@code appliesTo} says when the prediction makes the statement at all.
 */
public record Check(String name, String statement, Tolerance tolerance,
    ToDoubleFunction<Comparison> deviation, Predicate<Prediction> appliesTo) {

  public static final Check NC1 = new Check("nc1-within-class", "h_i = h̄_{y_i} for every sample",
      Tolerances.WITHIN_CLASS, Comparison::withinClassSpread, p -> true);
  /**
   * Statements about the linear head's factors. With a ReLU between the layers they are not
   * determined by the optimum: the first pre-activation A = W_1 H̄ of a DNC optimum may be any
   * symmetric PSD matrix with diagonal s and off-diagonal ≤ 0 (all have ‖A‖_* = tr A = Ks, the
   * least possible; proofs/sukenik-relu-dnc-binary.m), so W Wᵀ, H̄ᵀH̄, the alignment and W_1's
   * singular values vary along a continuum of global minimisers; the norms, logits and the
   * hidden layers' geometry ({@link #RELU_HIDDEN_ORTHOGONAL}) do not.
   */
  private static final Predicate<Prediction> LINEAR_HEAD = p -> !p.setting().relu();

  public static final Check W_GRAM = new Check("nc2-w-gram", "W Wᵀ equals the predicted Gram",
      Tolerances.STRUCTURE, Comparison::wGramDeviation, LINEAR_HEAD);
  public static final Check H_GRAM = new Check("nc2-h-gram", "H̄ᵀH̄ equals the predicted Gram",
      Tolerances.STRUCTURE, Comparison::hGramDeviation, LINEAR_HEAD);
  public static final Check W_NORMS = new Check("w-norms", "‖w_k‖² per class as predicted",
      Tolerances.STRUCTURE, Comparison::wNormDeviation, p -> true);
  public static final Check H_NORMS = new Check("h-norms", "‖h̄_k‖² per class as predicted",
      Tolerances.STRUCTURE, Comparison::hNormDeviation, p -> true);
  public static final Check COLLAPSED = new Check("collapsed-classes",
      "exactly the predicted classes have h̄_k = 0",
      new Tolerance("exact", 0, "a set either matches or it does not"),
      Comparison::collapsedMismatch, p -> true);
  public static final Check ALIGNMENT = new Check("nc3-alignment", "W = S H̄ᵀ with the predicted S",
      Tolerances.STRUCTURE, Comparison::alignmentDeviation,
      p -> p.alignment() != null && LINEAR_HEAD.test(p));
  public static final Check LOGITS = new Check("logits", "W H̄ + b1ᵀ equals the predicted logits",
      Tolerances.STRUCTURE, Comparison::logitDeviation, p -> true);
  public static final Check MARGINS = new Check("margins", "per-class margins as predicted",
      Tolerances.STRUCTURE, Comparison::marginDeviation,
      p -> p.setting().loss() == Loss.CE);
  public static final Check LAYER_SINGULAR_VALUES = new Check("layer-singular-values",
      "singular values of every W_m as predicted (balanced layers)", Tolerances.STRUCTURE,
      Comparison::layerSingularValueDeviation, p -> p.setting().depth() > 1 && LINEAR_HEAD.test(p));
  /**
   * Deep neural collapse in a ReLU head (Súkeník et al., arXiv 2305.13165, DNC2): the class means
   * after every ReLU are mutually orthogonal (each class on its own neurons), measured as the
   * largest ‖offdiag(G_m)‖_F / ‖G_m‖_F over the hidden layers' class-mean Grams G_m. Only where
   * the prediction is live: at the collapsed origin the measured means are round-off, whose
   * directions mean nothing.
   */
  public static final Check RELU_HIDDEN_ORTHOGONAL = new Check("dnc2-hidden-orthogonal",
      "class means after every ReLU are orthogonal", Tolerances.STRUCTURE,
      Comparison::hiddenOrthogonalityDeviation,
      p -> p.setting().relu() && ncverify.theory.ReluDncTheory.FAMILY.equals(p.family())
          && p.collapsed().length == 0);

  /** Every structural check; a claim keeps those that apply to its prediction. */
  public static final List<Check> STANDARD = List.of(NC1, W_GRAM, H_GRAM, W_NORMS, H_NORMS,
      COLLAPSED, ALIGNMENT, LOGITS, MARGINS, LAYER_SINGULAR_VALUES, RELU_HIDDEN_ORTHOGONAL);
}

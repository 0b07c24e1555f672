package ncverify.claim;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import ncverify.theory.Prediction;

/**
 * One named structural check of a claim: a deviation measured at a certified optimum, compared
 * with a named tolerance. {@code appliesTo} says when the prediction makes the statement at all.
 */
public record Check(String name, String statement, Tolerance tolerance,
    ToDoubleFunction<Comparison> deviation, Predicate<Prediction> appliesTo) {

  public static final Check NC1 = new Check("nc1-within-class", "h_i = h̄_{y_i} for every sample",
      Tolerances.WITHIN_CLASS, Comparison::withinClassSpread, p -> true);
  public static final Check W_GRAM = new Check("nc2-w-gram", "W Wᵀ equals the predicted Gram",
      Tolerances.STRUCTURE, Comparison::wGramDeviation, p -> true);
  public static final Check H_GRAM = new Check("nc2-h-gram", "H̄ᵀH̄ equals the predicted Gram",
      Tolerances.STRUCTURE, Comparison::hGramDeviation, p -> true);
  public static final Check W_NORMS = new Check("w-norms", "‖w_k‖² per class as predicted",
      Tolerances.STRUCTURE, Comparison::wNormDeviation, p -> true);
  public static final Check H_NORMS = new Check("h-norms", "‖h̄_k‖² per class as predicted",
      Tolerances.STRUCTURE, Comparison::hNormDeviation, p -> true);
  public static final Check COLLAPSED = new Check("collapsed-classes",
      "exactly the predicted classes have h̄_k = 0",
      new Tolerance("exact", 0, "a set either matches or it does not"),
      Comparison::collapsedMismatch, p -> true);
  public static final Check ALIGNMENT = new Check("nc3-alignment", "W = S H̄ᵀ with the predicted S",
      Tolerances.STRUCTURE, Comparison::alignmentDeviation, p -> p.alignment() != null);
  public static final Check LOGITS = new Check("logits", "W H̄ + b1ᵀ equals the predicted logits",
      Tolerances.STRUCTURE, Comparison::logitDeviation, p -> true);
  public static final Check MARGINS = new Check("margins", "per-class margins as predicted",
      Tolerances.STRUCTURE, Comparison::marginDeviation,
      p -> p.setting().loss().shiftInvariant());
  public static final Check LAYER_SINGULAR_VALUES = new Check("layer-singular-values",
      "singular values of every W_m as predicted (balanced layers)", Tolerances.STRUCTURE,
      Comparison::layerSingularValueDeviation, p -> p.setting().depth() > 1);

  /** Every structural check; a claim keeps those that apply to its prediction. */
  public static final List<Check> STANDARD = List.of(NC1, W_GRAM, H_GRAM, W_NORMS, H_NORMS,
      COLLAPSED, ALIGNMENT, LOGITS, MARGINS, LAYER_SINGULAR_VALUES);
}

package ncverify.agreement;

import java.util.function.Function;
import ncverify.claim.Domain;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;

/**
 * One theory family as the agreement run sees it: where its settings come from (a seeded
 * {@link Domain}, the claim's own generator where the family has a catalogue claim), what it
 * predicts, what kind of statement the prediction is, and the derivation in one line with its
 * source (paper and theorem).
 *
 * @param id the family's id in the table (the catalogue claim's id where there is one)
 * @param kind what a certified point below the prediction means (see {@link Kind})
 * @param derivation the derivation in one line
 * @param source paper and theorem (the catalogue claim's source text where there is one)
 * @param domain the settings drawn for the family
 * @param predictor the prediction for a setting of the domain
 * @param structure how the structure at the best certified point is compared with the prediction
 */
public record AgreementFamily(String id, Kind kind, String derivation, String source, Domain domain,
    Function<Setting, Prediction> predictor, Structure structure) {

  /** What the prediction is, and so what a certified point below it means. */
  public enum Kind {
    /** A proven global minimiser: a certified point below it is a bug or a false theorem. */
    THEOREM,
    /** A conjectured global minimiser: a certified point below it refutes the conjecture. */
    CONJECTURE,
    /** The best known point (an upper bound on f*): a lower point improves the bound. */
    UPPER_BOUND,
    /** A numerical best point of fixed-seed restarts (an upper bound): a lower point improves it. */
    NUMERICAL,
    /**
     * A limit statement (λ → 0) checked at finite λ: the value is a proven optimum (a lower
     * point is a bug), the structural column is the distance to the limit shape.
     */
    LIMIT;

    /** Whether a certified point below the prediction contradicts a proven statement. */
    public boolean lowerIsContradiction() {
      return this == THEOREM || this == LIMIT;
    }

    /** The label in the table. */
    public String label() {
      return switch (this) {
        case THEOREM -> "theorem";
        case CONJECTURE -> "conjecture";
        case UPPER_BOUND -> "upper bound";
        case NUMERICAL -> "numerical";
        case LIMIT -> "limit (λ → 0)";
      };
    }
  }

  /** Which structural distance the table reports at the best certified point. */
  public enum Structure {
    /** max of the relative distances of W Wᵀ and H̄ᵀH̄ to the predicted Grams. */
    GRAMS,
    /**
     * A ReLU head: W Wᵀ and H̄ᵀH̄ vary along a continuum of minimisers (claim.Check's note), so
     * the distance of the class-mean logits and the orthogonality of the hidden class means.
     */
    RELU_HEAD,
    /**
     * The SELI limit: the distance of the normalised classifier Gram to the normalised
     * (PDP)^{1/2} (Thrampoulidis et al. 2022), which tends to 0 only as λ → 0.
     */
    SELI;

    public String label() {
      return switch (this) {
        case GRAMS -> "Gram distance";
        case RELU_HEAD -> "logits / hidden orthogonality";
        case SELI -> "distance to SELI (PDP)^1/2";
      };
    }
  }
}

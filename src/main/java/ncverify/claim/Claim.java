package ncverify.claim;

import java.util.List;
import java.util.Optional;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;

/**
 * A named statement from a source about the global minimisers of a family of settings: WHAT is
 * claimed, not how it is judged (that is {@code ncverify.verify}). One claim is one readable unit:
 * its id names this class's instance, its proof file ({@code proofs/<id>.m}), its property test
 * ({@code property-tests/…}) and its report entry, so {@code git grep <id>} finds all of them.
 *
 * <p>There are two kinds, and the verifier judges each its own way: a {@link TheoryClaim} predicts
 * an explicit minimiser through a named {@link ncverify.theory.Theory}; a
 * {@link DeclaredConjecture} predicts only quantities (from a conjecture file). To add a claim,
 * subclass {@link TheoryClaim} (or write a conjecture file for {@code ncverify check}).
 */
public abstract sealed class Claim permits TheoryClaim, DeclaredConjecture {

  /** Stable kebab-case id starting with its source ({@code p1-…}, {@code p2-…}, {@code zhu-…}). */
  public abstract String id();

  public abstract String title();

  /** Paper and theorem or section. */
  public abstract String source();

  public abstract SourceStatus status();

  /** The statement in words: what every global minimiser looks like. */
  public abstract String statement();

  /** The settings the claim speaks about. */
  public abstract Domain domain();

  /** The claim's predicted minimiser for a setting of its domain; empty if it makes none there. */
  public abstract Optional<Prediction> predict(Setting s);

  /** The structural checks the claim makes (those that apply to a prediction are run). */
  public List<Check> checks() {
    return Check.STANDARD;
  }

  /** The proof file (relative to the project root). */
  public String proofFile() {
    return "proofs/" + id() + ".m";
  }

  @Override
  public String toString() {
    return id();
  }
}

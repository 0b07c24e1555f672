package ncverify.claim;

import java.util.List;
import java.util.Optional;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;

/**
 * A named statement from a source about the global minimisers of a family of settings. One claim
 * is one readable unit: its id names this class's instance, its proof file
 * ({@code proofs/<id>.m}), its property test ({@code property-tests/…}) and its report entry, so
 * {@code git grep <id>} finds all of them.
 *
 * <p>To add a conjecture, subclass this (or write a declarative file for {@code ncverify check}).
 */
public abstract class Claim {

  /** Stable kebab-case id starting with its source ({@code p1-…}, {@code p2-…}, {@code zhu-…}). */
  public abstract String id();

  public abstract String title();

  /** Paper and theorem or section. */
  public abstract String source();

  public abstract Status status();

  /** The statement in words: what every global minimiser looks like. */
  public abstract String statement();

  /** The settings the claim speaks about. */
  public abstract Domain domain();

  /** The claim's prediction for a setting of its domain; empty if it makes none there. */
  public Optional<Prediction> predict(Setting s) {
    return Theories.forSetting(s).map(t -> t.predict(s));
  }

  /** The structural checks the claim makes (those that apply to a prediction are run). */
  public List<Check> checks() {
    return Check.STANDARD;
  }

  /**
   * Judges the claim on one setting. Catalogue claims are judged against their explicit predicted
   * minimiser; a claim that predicts only quantities (a declarative conjecture) overrides this.
   */
  public SettingOutcome judge(Setting s, long seed, Verifier verifier) {
    return verifier.judge(this, s, seed);
  }

  /**
   * Whether the claim is about what training reaches (not only about global minimisers): then
   * the verifier also runs the papers' gradient descent with momentum and judges where it ends.
   */
  public boolean aboutTraining() {
    return false;
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

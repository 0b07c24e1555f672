package ncverify.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;

/** Runs a claim over its domain with the property engine, shrinking any refutation. */
public final class ClaimRunner {
  /** Shrink cycles after a refutation; each evaluation trains, so this is kept small. */
  public static final int SHRINK_CYCLES = 30;

  private final PropertyEngine engine;
  private final Verifier verifier;

  public ClaimRunner(PropertyEngine engine, Verifier verifier) {
    this.engine = engine;
    this.verifier = verifier;
  }

  public ClaimRunner() {
    this(PropertyEngine.standard(), new Verifier());
  }

  /**
   * The seed a claim's settings are DRAWN with at run seed {@code seed}: the run seed mixed with
   * the claim's id. Claims whose domains share their choices (p1-mse-imbalanced-deep and
   * p1-mse-minority-collapse, p2-ce-relu-imbalanced and p2-ce-relu-minority-collapse, the two
   * Zhu claims in the soundness regimes) otherwise drew the very same settings at the same seed, so
   * two claims about one theory were judged on one set of settings: half the evidence each seed
   * could give, at twice the cost. Only the draw depends on the id; every setting is still JUDGED
   * with {@code seed} itself, so {@code verify --claim ID --setting '…' --seed seed} reproduces it.
   * Stable across runs and JVMs ({@link String#hashCode} is specified), and one claim's draws do
   * not depend on which other claims run.
   */
  public static long drawSeed(String claimId, long seed) {
    return seed + 0x9E3779B97F4A7C15L * (1 + (claimId.hashCode() & 0xFFFFFFFFL));
  }

  /**
   * Judges {@code tries} settings of the claim's domain drawn with {@link #drawSeed}; every setting
   * is judged with {@code seed}, so a refutation reproduces with
   * {@code verify --claim ID --setting '…' --seed seed}.
   */
  public ClaimResult run(Claim claim, long seed, int tries, Consumer<SettingOutcome> progress) {
    List<SettingOutcome> seen = new ArrayList<>();
    PropertyEngine.Search<SettingOutcome> search = engine.search(claim.domain(),
        drawSeed(claim.id(), seed), tries,
        SHRINK_CYCLES, s -> {
          SettingOutcome o = verifier.judge(claim, s, seed);
          progress.accept(o);
          return o;
        }, o -> o.verdict() == Verdict.REFUTED);
    for (PropertyEngine.Trial<SettingOutcome> t : search.trials()) {
      seen.add(t.result());
    }
    SettingOutcome smallest = search.smallestRefutation() == null ? null
        : search.smallestRefutation().result();
    return summarise(claim, seed, seen, smallest, search.shrinkEvaluations());
  }

  /** Judges one given setting (reproduction of a counterexample). */
  public ClaimResult runOne(Claim claim, ncverify.problem.Setting setting, long seed) {
    SettingOutcome o = verifier.judge(claim, setting, seed);
    return summarise(claim, seed, List.of(o), o.verdict() == Verdict.REFUTED ? o : null, 0);
  }

  static ClaimResult summarise(Claim claim, long seed, List<SettingOutcome> outcomes,
      SettingOutcome smallest, int shrinkEvaluations) {
    Verdict v = outcomes.isEmpty() ? Verdict.INCONCLUSIVE : Verdict.VERIFIED;
    Map<String, Double> worst = new LinkedHashMap<>();
    for (SettingOutcome o : outcomes) {
      v = v.and(o.verdict());
      o.deviations().forEach((k, d) -> worst.merge(k, d, Math::max));
    }
    if (smallest != null) {
      v = Verdict.REFUTED;
    }
    return new ClaimResult(claim, seed, v, List.copyOf(outcomes), worst, smallest, shrinkEvaluations);
  }
}

package ncverify.sweep;

import java.util.Locale;
import ncverify.claim.Claim;
import ncverify.claim.ClaimResult;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;
import ncverify.verify.ClaimRunner;

/**
 * Judges a claim at each setting exactly as {@code verify --claim ID --setting S --seed SEED}
 * does ({@link ClaimRunner#runOne}); with {@code tries} > 1 the seeds SEED … SEED + tries − 1 are
 * each judged and the verdicts combined as {@code verify} combines settings ({@link Verdict#and}:
 * any REFUTED, then any INCONCLUSIVE). The seed does not depend on the point, so every point's
 * verdict reproduces with that one command and does not depend on what was judged before.
 */
public final class ClaimJudge implements Judge {
  private final Claim claim;
  private final ClaimRunner runner;
  private final long seed;
  private final int tries;

  public ClaimJudge(Claim claim, ClaimRunner runner, long seed, int tries) {
    this.claim = claim;
    this.runner = runner;
    this.seed = seed;
    this.tries = tries;
  }

  @Override
  public Judgement judge(Setting s) {
    Verdict v = Verdict.VERIFIED;
    SettingOutcome worst = null;
    for (int t = 0; t < tries; t++) {
      ClaimResult r = runner.runOne(claim, s, seed + t);
      SettingOutcome o = r.outcomes().get(0);
      if (worst == null || v.and(o.verdict()) != v) {
        worst = o;
      }
      v = v.and(o.verdict());
    }
    String reason = (tries > 1 ? String.format(Locale.ROOT, "seed %d: ", worst.seed()) : "")
        + worst.reason();
    return new Judgement(v.name(), worst.predictedObjective(), reason);
  }

  /** The claim's own domain rule ({@link Claim#outsideDomain}), naming the point. */
  @Override
  public void check(String flag, Setting s) {
    claim.outsideDomain(s).ifPresent(e -> {
      throw new InvalidInput(flag, "the point '" + s + "' lies outside the claim's domain: "
          + e.getMessage());
    });
  }

  @Override
  public String labelKey() {
    return VERDICT;
  }
}

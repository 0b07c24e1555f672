package ncverify.sweep;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import ncverify.problem.Setting;
import ncverify.theory.BlockSimplexCandidates;
import ncverify.theory.DeepCeLandscape;
import ncverify.theory.NotCovered;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import ncverify.theory.Theory;
import ncverify.verify.DeepCeBestKnown;

/**
 * {@code sweep --predict}: the structure a closed-form theory predicts at each setting.
 *
 * <p>Labels: for balanced deep cross-entropy (M ≥ 2, K ≥ 3, where the simplex ETF is not always
 * optimal) which known construction is lowest by the scalar reductions of
 * {@link DeepCeLandscape#lowerAt}: {@code low-rank 2+2} (the best block-simplex partition, when it
 * is lower), else {@code all collapsed} when the ETF point is the origin, else {@code ETF} or
 * {@code ETF = low-rank (tie)}; for every other family the collapsed classes of the prediction (0-based, as
 * {@code predict} prints them): {@code no collapse}, {@code collapsed [3, 4]} or
 * {@code all collapsed}. The value is the theory's optimal value (for deep CE the lower of the two
 * constructions, an upper bound on f*). Settings no closed form covers are refused: a numerical
 * best point is not a structure one can draw a boundary of ({@link NotCovered}: exit 3).
 */
public final class PredictionJudge implements Judge {
  @Override
  public Judgement judge(Setting s) {
    Prediction p = theory(s).orElseThrow().predict(s);
    int[] collapsed = p.collapsed();
    boolean allCollapsed = collapsed.length == s.K();
    if (DeepCeBestKnown.applies(s)) {
      BlockSimplexCandidates.Candidate best = BlockSimplexCandidates.bestLowRank(s);
      DeepCeLandscape.Lower lower = DeepCeLandscape.lowerAt(s);
      double value = best == null ? p.optimalValue() : Math.min(p.optimalValue(), best.value());
      String label = lower == DeepCeLandscape.Lower.LOW_RANK
          ? "low-rank " + Arrays.stream(best.groupSizes()).mapToObj(Integer::toString)
              .collect(Collectors.joining("+"))
          : allCollapsed ? "all collapsed" : lower == DeepCeLandscape.Lower.ETF ? "ETF"
          : "ETF = low-rank (tie)";
      return new Judgement(label, value, p.family() + ": ETF value " + p.optimalValue()
          + (best == null ? "" : ", best low-rank construction " + best.name() + " value " + best.value()));
    }
    String label = collapsed.length == 0 ? "no collapse" : allCollapsed ? "all collapsed"
        : "collapsed " + Arrays.toString(collapsed);
    return new Judgement(label, p.optimalValue(), p.family()
        + (p.isCandidate() ? " (candidate: global optimality conjectured)" : "")
        + (p.atThreshold() ? "; at an exact collapse threshold" : ""));
  }

  private static Optional<Theory> theory(Setting s) {
    return Theories.forSetting(s);
  }

  @Override
  public void check(String flag, Setting s) {
    if (theory(s).isEmpty()) {
      throw new NotCovered(flag, "--predict needs a closed-form theory at every point, and none "
          + "covers '" + s + "': " + Theories.whyNotCovered(s));
    }
  }

  @Override
  public String labelKey() {
    return STRUCTURE;
  }
}

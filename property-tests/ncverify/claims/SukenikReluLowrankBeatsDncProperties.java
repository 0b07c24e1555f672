package ncverify.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import ncverify.claim.SettingOutcome;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.ReluLowRankCandidate;
import org.junit.jupiter.api.Test;

/**
 * Property test of claim {@code sukenik-relu-lowrank-beats-dnc} (proof
 * proofs/sukenik-relu-lowrank-beats-dnc.m, report entry): on generated settings of its domain the
 * triangular-graph point, evaluated by the ReLU objective, is below DNC (VERIFIED). Negative
 * controls: where DNC is optimal (K = 2, the 2023 theorem; M = 2 with K = 6, the two-layer
 * conjecture, where the construction's ρ = r/2 &gt; 1) the judgement is not VERIFIED: there the
 * explicit point is above DNC and the full search (restarts, polish) finds nothing lower.
 */
class SukenikReluLowrankBeatsDncProperties extends NotGlobalContract {
  SukenikReluLowrankBeatsDncProperties() {
    super("sukenik-relu-lowrank-beats-dnc");
  }

  @Override
  List<String> settingsWhereThePointIsGlobal() {
    return List.of(
        "loss=mse bias=none features=free n=1,1 d=2 M=4 widths=3,3,3 lambdaW=0.003 lambdaH=0.003 activation=relu",
        "loss=mse bias=none features=free n=1,1,1,1,1,1 d=6 M=2 widths=6 lambdaW=0.003 lambdaH=0.003 activation=relu");
  }

  /**
   * The claim's control setting (K = 6, M = 4, λ = 0.003, where the earlier search found nothing
   * below DNC): the explicit point is VERIFIED below DNC by the margin the reduction predicts
   * (1 − ρ^{1/5} of the penalty, ρ = 8/9), and the evidence is that point's own evaluated value.
   */
  @Test
  void controlSettingIsVerifiedByTheEvaluatedLowRankPoint() {
    Setting s = claim().controlSetting().orElseThrow();
    SettingOutcome o = assertBeatenBelow(s.toString(), 0.98);
    double lowRank = new Objective(s).value(ReluLowRankCandidate.point(s).point());
    assertEquals(lowRank, o.bestObjective(), 0.0, o.reason());
  }
}

package ncverify.verify;

import java.util.List;
import ncverify.claim.Tolerances;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.BlockSimplexCandidates;
import ncverify.theory.DeepCeLandscape;
import ncverify.theory.Prediction;
import ncverify.theory.StructuredStarts;
import ncverify.train.Lbfgs;
import ncverify.train.Run;

/**
 * The best known point of balanced deep cross-entropy (M ≥ 2, K ≥ 3, where the ETF's global
 * optimality is not a theorem and is false in much of the domain, Garrod &amp; Keating, arXiv
 * 2410.23169, Theorem 1): the lower of the simplex ETF and the block-simplex constructions,
 * each polished by the certifying optimiser. Its value is an UPPER BOUND on f*, never a proven
 * optimum. Also the switching boundaries in λ ({@link DeepCeLandscape}) and the ETF's collapse.
 *
 * @param bestValue objective of the best certified point (an upper bound on f*)
 * @param bestOrigin what it is ("simplex ETF" or a block-simplex partition), polished
 * @param bestRun the polished run (residual ≤ the certified tolerance)
 * @param etfValue the ETF's value (the family's prediction)
 * @param etfBeaten whether the best point is lower than the ETF beyond the lower-objective evidence bound
 * @param boundaries where, scaling every λ by a common factor, the lower construction changes
 */
public record DeepCeBestKnown(double bestValue, String bestOrigin, Run bestRun, double etfValue,
    boolean etfBeaten, List<DeepCeLandscape.Boundary> boundaries) {

  /** Whether the setting has this landscape: balanced CE of the block-simplex kind, M ≥ 2, K ≥ 3. */
  public static boolean applies(Setting s) {
    return BlockSimplexCandidates.covers(s) && s.depth() >= 2 && s.K() >= 3;
  }

  /** Polishes the ETF prediction and every structured candidate; computes the boundaries. */
  public static DeepCeBestKnown of(Prediction etf) {
    Setting s = etf.setting();
    Objective f = new Objective(s);
    Lbfgs lbfgs = new CompetitorSearch(Effort.standard()).certifying();
    Run best = lbfgs.minimize(f, etf.minimiser());
    String origin = "simplex ETF";
    for (StructuredStarts.Point start : StructuredStarts.points(s)) {
      Run r = lbfgs.minimize(f, start.point());
      if (r.residual() <= Tolerances.CERTIFIED.value() && r.objective() < best.objective()) {
        best = r;
        origin = start.origin();
      }
    }
    double scale = Math.max(1, Math.abs(etf.optimalValue()));
    boolean beaten = best.objective() < etf.optimalValue()
        - (Tolerances.LOWER_OBJECTIVE.value() * scale + etf.valueErrorBound());
    return new DeepCeBestKnown(best.objective(), origin + ", polished", best, etf.optimalValue(),
        beaten, DeepCeLandscape.boundaries(s));
  }
}

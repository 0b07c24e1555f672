package ncverify.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncverify.claim.Check;
import ncverify.claim.Counterexample;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.DeclaredConjecture.Deviation;
import ncverify.claim.DeclaredConjecture.Expected;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.verify.CompetitorSearch.Candidate;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.train.Certificate;
import ncverify.train.Run;

/**
 * The quantity judge for declared conjectures (issue 11 item 8): the evidence rule of the
 * {@link Verifier} applied to a claim that predicts quantities, relations and optionally a point.
 *
 * <p>Global statements ({@code mode=optimum}) are judged against the verifier's candidate set: the
 * random restarts, the covering family theory's predicted point and the structured competitors
 * built from it, and the file's explicit point, each polished by the certifying optimiser.
 * <ol>
 *   <li>REFUTED, lower objective: some candidate lies below the declared optimal value or below
 *       the declared point's objective by more than the verifier's rule (a) margin
 *       ({@link Verifier#lowerBy}, {@link Tolerances#LOWER_OBJECTIVE} relative to |f*|);</li>
 *   <li>REFUTED, the declared point: its objective contradicts the declared optimal value
 *       ({@link Tolerances#VALUE_CONSISTENCY}), or it is not stationary and descending from it
 *       lowers the objective;</li>
 *   <li>the reference points are the certified candidates within the verifier's value tolerance
 *       ({@link Verifier#atOptimum}) of the lowest objective found. A prediction or assertion
 *       they contradict can refute only when that lowest value is trustworthy as the global one:
 *       a proven family theory covers the setting (its predicted point is among the candidates)
 *       or at least two independent random restarts reach it. At a tie the family flags (a
 *       threshold, where several structures share the optimum) the rule is the verifier's
 *       ({@link Verifier#tiedStructure}): where the family lists its tied structures the
 *       conjecture must hold at one of them (else REFUTED: it contradicts every global minimiser
 *       the proven theory lists), and a lowest point that deviates is accepted when it has one of
 *       them; where the family flags the tie without listing it a mismatch is INCONCLUSIVE.
 *       Where the family's exact point
 *       attains the lowest value it is judged first (no optimisation error in its structure). A
 *       certified point that deviates is then judged by the verifier's rule (c)
 *       ({@link Verifier#conditioning}, the one place): polished, REFUTED only when the deviation
 *       does not shrink with the residual; a near-tie (the family's exact point holds and the
 *       values cannot be separated) and an ill-conditioned optimum are INCONCLUSIVE;</li>
 *   <li>a quantity undefined at the lowest point (an NC metric of zero means, the direction of a
 *       zero matrix "up to scale": {@link DeclaredConjecture.Deviation#undefined()}) makes the
 *       setting INCONCLUSIVE, never REFUTED;</li>
 *   <li>else VERIFIED.</li>
 * </ol>
 * Training statements ({@code mode=training}) are judged at the point where the papers' recipe
 * (gradient descent lr 0.1, momentum 0.9, init N(0, 0.1²), seed = the run's seed) settles,
 * polished by the certifying optimiser: a contradiction there is REFUTED; a run that does not
 * settle is INCONCLUSIVE.
 */
final class QuantityJudge {
  private final CompetitorSearch search;
  /** The evidence rule's bounds and its rule (c) (conditioning, near-tie): one place. */
  private final Verifier rules;

  QuantityJudge(CompetitorSearch search, Verifier rules) {
    this.search = search;
    this.rules = rules;
  }

  SettingOutcome judge(DeclaredConjecture c, Setting s, long seed) {
    Expected e = c.expect(s);
    return c.aboutTraining() ? judgeTraining(c, e, seed) : judgeOptimum(c, e, seed);
  }

  private SettingOutcome judgeOptimum(DeclaredConjecture c, Expected e, long seed) {
    Setting s = e.setting();
    Objective f = new Objective(s);
    double declared = e.optimalValue();
    Map<String, double[]> extra = new LinkedHashMap<>();
    double pointValue = Double.NaN;
    if (e.point() != null) {
      extra.put("the declared point, polished", e.point());
      pointValue = f.value(e.point());
    }
    CompetitorSearch.CandidateSet set = search.withoutClaim(s, seed, extra);
    List<Candidate> candidates = set.candidates();
    int runs = candidates.size();
    Candidate lowest = candidates.stream().filter(x -> Double.isFinite(x.run().objective()))
        .min((a, b) -> Double.compare(a.run().objective(), b.run().objective())).orElse(null);
    if (lowest == null) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "no candidate has a finite objective", declared,
          Double.NaN, Map.of(), null, null, runs);
    }
    double best = lowest.run().objective();
    // 1. A lower objective than declared (the declared value, or the declared point's value).
    double reference = Double.isNaN(declared) ? pointValue : Double.isNaN(pointValue) ? declared
        : Math.min(declared, pointValue);
    if (!Double.isNaN(reference)) {
      if (best < reference - Verifier.lowerBy(reference, 0)) {
        Counterexample ce = new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE, s, seed, reference, best,
            lowest.origin(), "a point with objective " + best + " (residual " + lowest.run().residual()
            + ") lies below the declared " + (reference == declared ? "optimal value " : "point's objective ")
            + reference);
        return outcome(s, seed, Verdict.REFUTED, "found a point with lower objective " + best + " < "
            + reference + " (" + lowest.origin() + ")", reference, best, Map.of(), ce, lowest.run(), runs);
      }
    }
    // 2. The declared point, like a catalogue prediction.
    if (e.point() != null) {
      SettingOutcome bad = judgePoint(s, seed, f, e.point(), pointValue, declared, runs);
      if (bad != null) {
        return bad;
      }
    }
    // 3. The reference points.
    double valueTolerance = Verifier.atOptimum(best, 0);
    List<Candidate> atLowest = candidates.stream()
        .filter(x -> x.run().residual() <= Tolerances.CERTIFIED.value())
        .filter(x -> x.run().objective() - best <= valueTolerance).toList();
    if (atLowest.isEmpty()) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "no certified point at the lowest objective "
          + best + " (" + lowest.origin() + ", residual " + lowest.run().residual() + ")", declared,
          best, Map.of(), null, null, runs);
    }
    long independent = atLowest.stream().filter(x -> x.origin().startsWith("lbfgs seed")).count();
    Prediction family = set.family();
    // A family whose own optimality is a conjecture (e.g. the ETF for deep CE) is no evidence.
    boolean trusted = (family != null && !family.isCandidate()) || independent >= 2;
    boolean tie = family != null && family.atThreshold();
    // At a tie the family lists (Prediction.tied), its structures are the global minimisers: the
    // conjecture must hold at one of them, and a lowest point that deviates is accepted when it has
    // one of them (Verifier.tiedStructure, the one tie rule, with the standard checks). An unlisted
    // tie cannot be characterised: a mismatch there stays INCONCLUSIVE.
    boolean listedTie = tie && !family.tied().isEmpty();
    Prediction heldAt = null;
    if (listedTie && trusted) {
      List<Prediction> structures = new java.util.ArrayList<>();
      structures.add(family);
      structures.addAll(family.tied());
      for (Prediction q : structures) {
        double value = f.value(q.minimiser());
        if (value - best <= valueTolerance && firstFailure(c.deviations(e, q.minimiser(), value,
            Tolerances.VALUE.value()), new LinkedHashMap<>()) == null) {
          heldAt = q;
          break;
        }
      }
      if (heldAt == null) {
        Deviation m = firstFailure(c.deviations(e, family.minimiser(), f.value(family.minimiser()),
            Tolerances.VALUE.value()), new LinkedHashMap<>());
        String what = m == null ? "a prediction fails" : describe(m);
        Counterexample ce = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed,
            Double.isNaN(declared) ? best : declared, best, "the " + family.family() + " theory's "
            + structures.size() + " tied structures (at the lowest value found)", what
            + " at the chosen one; the conjecture holds at none of the " + structures.size()
            + " tied global minimisers the theory lists");
        return outcome(s, seed, Verdict.REFUTED, "at an exact tie the conjecture holds at none of "
            + "the theory's " + structures.size() + " tied structures: " + what, declared, best,
            Map.of(), ce, null, runs);
      }
    }
    Map<String, Double> worst = new LinkedHashMap<>();
    // The family's exact point, where it attains the lowest value, is measured without any
    // optimisation error: near a collapse threshold (vanishing curvature) a certified run may sit
    // far from the optimum in structure though not in value, the exact point does not.
    double[] exact = family == null ? null : family.minimiser();
    double exactValue = exact == null ? Double.NaN : f.value(exact);
    boolean exactAtLowest = exact != null
        && exactValue - best <= valueTolerance
        && residual(f, exact) <= Tolerances.PREDICTED_STATIONARITY.value();
    List<Deviation> atExact = exactAtLowest
        ? c.deviations(e, exact, exactValue, Tolerances.VALUE.value()) : null;
    if (exactAtLowest) {
      Deviation m = firstFailure(atExact, heldAt != null ? new LinkedHashMap<>() : worst);
      if (m != null && heldAt != null) {
        m = null; // the chosen structure is one of the tied ones; the conjecture holds at another
      }
      if (m != null) {
        String what = describe(m);
        if (!trusted || tie) {
          return outcome(s, seed, Verdict.INCONCLUSIVE, what + " at the " + family.family()
              + " theory's point, which attains the lowest value found, but " + (tie
              ? "the family flags a tie at this setting" : "that family's optimality is itself a "
              + "conjecture and fewer than two independent restarts reach its value"), declared,
              best, worst, null, null, runs);
        }
        Counterexample ce = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed,
            Double.isNaN(declared) ? best : declared, exactValue, "the " + family.family()
            + " theory's point (at the lowest value found)", what);
        return outcome(s, seed, Verdict.REFUTED, "mismatch at the lowest point: " + what, declared,
            best, worst, ce, null, runs);
      }
    }
    double fStar = Double.isNaN(declared) ? best : declared;
    String undefined = null;
    List<String> tiedNotes = new java.util.ArrayList<>();
    for (Candidate x : atLowest) {
      List<Deviation> all = c.deviations(e, x.run().x(), x.run().objective(), Tolerances.VALUE.value());
      Deviation m = firstFailure(all, new LinkedHashMap<>());
      boolean tiedHere = m != null && heldAt != null
          && Verifier.tiedStructure(Check.STANDARD, family, x.run().x()) != null;
      if (!tiedHere) {
        // a point at one of the theory's tied structures is accepted as that structure: its
        // distance to the conjecture's (another tied one) is no deviation of the claim
        firstFailure(all, worst);
      }
      if (m == null) {
        Deviation u = all.stream().filter(Deviation::undefined).findFirst().orElse(null);
        undefined = undefined != null || u == null ? undefined : u.name() + " at " + x.origin()
            + " (" + u.detail() + ")";
        continue;
      }
      String what = describe(m);
      if (tiedHere) {
        tiedNotes.add(what + " at " + x.origin() + ", a point with one of the theory's tied "
            + "structures");
        continue;
      }
      if (!trusted || (tie && !listedTie)) {
        return outcome(s, seed, Verdict.INCONCLUSIVE, what + " at a certified lowest point ("
            + x.origin() + "), but " + (tie ? "the family theory flags a tie at this setting"
            : "that point is not known to be global (no proven family theory covers the setting "
            + "and fewer than two independent restarts reach it)"), declared, best, worst, null,
            x.run(), runs);
      }
      // Rule (c) of the verifier: the conditioning bound and the near-tie rule, with the
      // family's exact point (where it attains the lowest value) as the reference structure.
      int index = all.indexOf(m);
      double referenceDeviation = atExact == null ? Double.NaN : atExact.get(index).deviation();
      Verifier.Ruling r = rules.conditioning(f, x.run(), x.origin(), new Verifier.Structural(
          m.name(), "tolerance", m.tolerance(), y -> c.deviations(e, y, f.value(y),
          Tolerances.VALUE.value()).get(index).deviation()), m.deviation(), fStar, best,
          valueTolerance, Verifier.lowerBy(fStar, 0), referenceDeviation);
      runs++;
      switch (r.kind()) {
        case LOWER_OBJECTIVE -> {
          Counterexample ce = new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE, s, seed,
              fStar, r.polished().objective(), x.origin() + ", polished", "a point with objective "
              + r.polished().objective() + " (residual " + r.polished().residual()
              + ") lies below " + fStar);
          return outcome(s, seed, Verdict.REFUTED, r.reason(), declared, r.polished().objective(),
              worst, ce, r.polished(), runs);
        }
        case STRUCTURE_MISMATCH -> {
          Counterexample ce = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed,
              fStar, r.polished().objective(), x.origin(), r.detail() + " (" + m.detail() + ")");
          return outcome(s, seed, Verdict.REFUTED, "mismatch at the certified lowest point: "
              + what, declared, best, worst, ce, r.polished(), runs);
        }
        case INCONCLUSIVE -> {
          return outcome(s, seed, Verdict.INCONCLUSIVE, r.reason(), declared, best, worst, null,
              r.polished(), runs);
        }
        case HOLDS -> worst.put(m.name(), r.deviation());
      }
    }
    if (undefined != null) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "undefined at the lowest point: " + undefined
          + "; every defined prediction holds", declared, best, worst, null, atLowest.get(0).run(), runs);
    }
    return outcome(s, seed, Verdict.VERIFIED, "every prediction holds at the " + atLowest.size()
        + " certified lowest point(s) (f = " + best + ")" + (exactAtLowest ? " and at the "
        + family.family() + " theory's exact point" : "") + (heldAt == null ? "" : "; "
        + Verifier.HELD_AT_TIE + (family.tied().size() + 1) + " tied structures"
        + (tiedNotes.isEmpty() ? "" : " (" + String.join("; ", tiedNotes) + ")")) + unjudged(e),
        declared, best, worst, null, atLowest.get(0).run(), runs);
  }

  private static String unjudged(Expected e) {
    return e.atOwnThreshold().isEmpty() ? "" : "; entries of " + e.atOwnThreshold()
        + " at the file's own threshold were not judged";
  }

  /** The first defined deviation beyond its tolerance (an undefined one is not a failure). */
  private static Deviation firstFailure(List<Deviation> all, Map<String, Double> worst) {
    all.forEach(d -> worst.merge(d.name(), d.deviation(),
        (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b)));
    return all.stream().filter(d -> !d.holds() && !d.undefined()).findFirst().orElse(null);
  }

  private static String describe(Deviation m) {
    return m.name() + " deviates by " + m.deviation() + " > " + m.tolerance() + " (" + m.detail() + ")";
  }

  private static double residual(Objective f, double[] x) {
    double[] g = new double[f.dimension()];
    double value = f.valueAndGradient(x, g);
    return Certificate.residual(f, x, value, g);
  }

  /** Rule (b) for a declared point: value consistency and stationarity; null when it passes. */
  private SettingOutcome judgePoint(Setting s, long seed, Objective f, double[] x, double fx,
      double declared, int runs) {
    if (!Double.isNaN(declared)) {
      double gap = Math.abs(fx - declared) / Math.max(1, Math.abs(declared));
      if (gap > Tolerances.VALUE_CONSISTENCY.value()) {
        Counterexample ce = new Counterexample(Counterexample.Kind.INCONSISTENT_VALUE, s, seed, declared, fx,
            "the declared point", "f(declared point) = " + fx + " but the declared optimal value is "
            + declared);
        return outcome(s, seed, Verdict.REFUTED, "the declared point's objective differs from the "
            + "declared optimal value by " + gap + " (relative)", declared, fx, Map.of(), ce, null, runs);
      }
    }
    double residual = residual(f, x);
    if (residual > Tolerances.PREDICTED_STATIONARITY.value()) {
      Run descent = search.polish(f, x);
      if (descent.objective() < fx - Tolerances.LOWER_OBJECTIVE.value() * Math.max(1, Math.abs(fx))) {
        Counterexample ce = new Counterexample(Counterexample.Kind.NOT_STATIONARY, s, seed, fx, descent.objective(),
            "L-BFGS from the declared point", "residual of the declared point " + residual
            + "; descending from it reaches " + descent.objective());
        return outcome(s, seed, Verdict.REFUTED, "the declared point is not stationary (residual "
            + residual + ")", fx, descent.objective(), Map.of(), ce, descent, runs + 1);
      }
    }
    return null;
  }

  private SettingOutcome judgeTraining(DeclaredConjecture c, Expected e, long seed) {
    Setting s = e.setting();
    Objective f = new Objective(s);
    Run trained = search.papersTraining(f, seed);
    String origin = "gradient descent lr 0.1 momentum 0.9 init N(0, 0.1²) seed " + seed;
    if (!(trained.residual() <= Tolerances.TRAINING_SETTLED.value())) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "training did not settle within "
          + Tolerances.TRAINING_ITERATIONS + " iterations (residual " + trained.residual() + ", f = "
          + trained.objective() + ")", e.optimalValue(), trained.objective(), Map.of(), null,
          trained, 1);
    }
    Run settled = search.polish(f, trained.x());
    if (!(settled.residual() <= Tolerances.CERTIFIED.value())
        || Math.abs(settled.objective() - trained.objective())
        > Tolerances.TRAINING_VALUE.value() * Math.max(1, Math.abs(trained.objective()))) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "the settled training point could not be "
          + "certified without leaving it (polished f = " + settled.objective() + ", residual "
          + settled.residual() + ")", e.optimalValue(), trained.objective(), Map.of(), null, trained, 2);
    }
    Map<String, Double> worst = new LinkedHashMap<>();
    List<Deviation> all = c.deviations(e, settled.x(), settled.objective(),
        Tolerances.TRAINING_VALUE.value());
    Deviation m = firstFailure(all, worst);
    if (m != null) {
      String what = describe(m);
      Counterexample ce = new Counterexample(Counterexample.Kind.TRAINING_MISMATCH, s, seed, e.optimalValue(),
          settled.objective(), origin, what + " where training settles (residual "
          + trained.residual() + ", certified after polishing: " + settled.residual() + ")");
      return outcome(s, seed, Verdict.REFUTED, "where training settles: " + what, e.optimalValue(),
          settled.objective(), worst, ce, settled, 2);
    }
    Deviation u = all.stream().filter(Deviation::undefined).findFirst().orElse(null);
    if (u != null) {
      return outcome(s, seed, Verdict.INCONCLUSIVE, "undefined where training settles: " + u.name()
          + " (" + u.detail() + "); every defined prediction holds", e.optimalValue(),
          settled.objective(), worst, null, settled, 2);
    }
    return outcome(s, seed, Verdict.VERIFIED, "every prediction holds where training settles (f = "
        + settled.objective() + ")" + unjudged(e), e.optimalValue(), settled.objective(), worst, null, settled, 2);
  }

  private static SettingOutcome outcome(Setting s, long seed, Verdict v, String reason,
      double predicted, double best, Map<String, Double> deviations, Counterexample ce, Run run,
      int runs) {
    return new SettingOutcome(s, seed, v, reason, null, predicted, best, deviations, ce, run, runs);
  }
}

package ncverify.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncverify.claim.Check;
import ncverify.claim.Claim;
import ncverify.claim.Comparison;
import ncverify.claim.Counterexample;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Symmetries;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Tolerances;
import ncverify.claim.Verdict;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.StructuredStarts;
import ncverify.train.Certificate;
import ncverify.train.GradientDescent;
import ncverify.verify.CompetitorSearch.Candidate;
import ncverify.train.Run;

/**
 * Judges one claim on one setting (DESIGN.md, "Verdict"): certifies the predicted point, searches
 * for competitors ({@link CompetitorSearch}: random starts at several scales and structured starts),
 * and decides. This class is the one place where the
 * <b>evidence rule</b> is written down and enforced. A claim is REFUTED only by
 * <ol type="a">
 *   <li><b>LOWER_OBJECTIVE</b> — a certified point (residual ≤ {@link Tolerances#CERTIFIED}) whose
 *       objective is lower than the predicted f* by more than both error bounds: the prediction's
 *       own ({@link Prediction#valueErrorBound()}) plus {@link Tolerances#LOWER_OBJECTIVE} × |f*|
 *       for the evaluation of f. The predicted point itself counts (kind INCONSISTENT_VALUE: the
 *       theory's point is lower than the value it claims);</li>
 *   <li><b>NOT_STATIONARY</b> — the predicted point's residual exceeds its own computation bound
 *       ({@link Tolerances#PREDICTED_STATIONARITY}, orders of magnitude above the round-off of a
 *       correct prediction) <i>and</i> descending from it lowers f below min(f(x̂), f*) by more than
 *       the same error bounds. A predicted point whose residual is only the rounding of its
 *       coordinates (the certified descent from it ends at its value within
 *       {@link Tolerances#ROUNDING_MOVE} of it: MSE at vanishing λ) counts as stationary. Where the
 *       certificate's round-off floor decides the setting up front ({@link #uncertifiable}), the
 *       computation bound includes that floor and the descent runs only when the residual exceeds
 *       it by the wide margin {@link Tolerances#RULE_B_MARGIN};</li>
 *   <li><b>STRUCTURE_MISMATCH</b> — at a certified point whose value is within
 *       {@link Tolerances#VALUE} of the lowest known value (the predicted f* or a lower certified
 *       point), a structural check deviates beyond its tolerance <i>and beyond the conditioning
 *       bound</i>: the point is polished to {@link Tolerances#POLISH_RESIDUAL}; a deviation caused by
 *       conditioning (distance ≤ residual/curvature) shrinks with the residual, a genuine mismatch
 *       does not. The part that does not shrink (d₀ = d' − r'(d − d')/(r − r'), linear in the
 *       residual) must exceed the tolerance, and the deviation must not have halved under the
 *       polish (else the point moved: INCONCLUSIVE). Where the theory flags a tie
 *       ({@link Prediction#atThreshold()}), a point at the optimal value with one of the tied
 *       structures the theory lists ({@link Prediction#tied}) is accepted and reported; a point
 *       with a structure that is none of them is judged by this rule like any other. Where the
 *       theory flags a tie without listing its structures, a point at the optimal value with
 *       another structure is INCONCLUSIVE with that reason (never accepted by default).</li>
 * </ol>
 * Everything else is INCONCLUSIVE with the reason (no certified run reached f*, a non-stationary
 * prediction that descent does not improve, a mismatch the polish could not separate from
 * conditioning). A competitor above f* is never a refutation. Structural comparisons are modulo
 * the objective's symmetries (rotations via Grams, CE's bias shift, see {@link Comparison}).
 * Deterministic: every random start derives from the given seed.
 */
public final class Verifier {
  /**
   * How a VERIFIED reason says that a conjecture held at an exact tie through one of the family
   * theory's tied structures (QuantityJudge): the point's distance to the structure the conjecture
   * states (another tied one) is accepted, not counted as a deviation.
   */
  public static final String HELD_AT_TIE = "at an exact tie it holds at one of the theory's ";

  private final CompetitorSearch search;
  private final QuantityJudge quantities;

  public Verifier(Effort effort) {
    this.search = new CompetitorSearch(effort);
    this.quantities = new QuantityJudge(search, this);
  }

  public Verifier() {
    this(Effort.standard());
  }

  /**
   * Judges a claim on one setting: a declared conjecture by its predicted quantities, a theory
   * claim by its explicit predicted minimiser.
   */
  public SettingOutcome judge(Claim claim, Setting s, long seed) {
    if (claim instanceof DeclaredConjecture declared) {
      return quantities.judge(declared, s, seed);
    }
    // Claim is sealed: the only other kind is a theory claim.
    return judge((TheoryClaim) claim, s, seed);
  }

  /** Judges a theory claim on one setting against its named theory's prediction. */
  public SettingOutcome judge(TheoryClaim claim, Setting s, long seed) {
    Optional<Prediction> maybe;
    try {
      maybe = claim.predict(s);
    } catch (RuntimeException e) {
      return SettingOutcome.inconclusive(s, seed, "prediction failed: " + e.getMessage());
    }
    if (maybe.isEmpty()) {
      return SettingOutcome.inconclusive(s, seed, "the claim makes no prediction for this setting");
    }
    return judge(claim, maybe.get(), seed);
  }

  /** Judges a given prediction (used for negative controls with deliberately wrong predictions). */
  public SettingOutcome judge(TheoryClaim claim, Prediction p, long seed) {
    if (claim.assertsNotGlobal()) {
      return judgeNotGlobal(p, seed, claim.acceptsExplicitPoints());
    }
    Setting s = p.setting();
    Objective f = new Objective(s);
    double fStar = p.optimalValue();
    double scale = valueScale(fStar);
    // Both error bounds of rule (a): the prediction's own and the evaluation of f.
    double lowerBy = lowerBy(fStar, p.valueErrorBound());
    int runs = 0;

    // 1. The predicted point.
    double[] xHat = p.minimiser();
    double[] g = new double[f.dimension()];
    double fHat = f.valueAndGradient(xHat, g);
    double rHat = Certificate.residual(f, xHat, fHat, g);
    double valueGap = Math.abs(fHat - fStar) / scale;
    Map<String, Double> worst = new LinkedHashMap<>();
    worst.put(Tolerances.PREDICTED_STATIONARITY.name(), rHat);
    worst.put(Tolerances.VALUE_CONSISTENCY.name(), valueGap);
    List<String> notes = new ArrayList<>();
    List<String> remarks = new ArrayList<>(); // reported with the verdict, never deciding it

    // Rule (a) on the predicted point itself: it is lower than the value the theory claims.
    if (rHat <= Tolerances.CERTIFIED.value() && fHat < fStar - lowerBy) {
      Counterexample c = new Counterexample(Counterexample.Kind.INCONSISTENT_VALUE, s, seed, fStar, fHat,
          "predicted minimiser", "f(predicted point) = " + fHat + " is below the predicted f* = "
          + fStar + " by more than the error bounds (" + lowerBy + "), at a certified point");
      return SettingOutcome.refuted(c, p, "the predicted point's own objective "
          + fHat + " is lower than the predicted optimal value " + fStar, worst, null, runs);
    }
    if (valueGap > Tolerances.VALUE_CONSISTENCY.value() + p.valueErrorBound() / scale) {
      notes.add("f(predicted point) = " + fHat + " differs from the predicted f* = " + fStar);
    }
    // Rule (b). Where the round-off floor decides the setting up front, the descent runs only when
    // the residual exceeds its own computation bound (which includes the floor) by the wide margin.
    boolean certifiedNearPrediction = rHat <= Tolerances.CERTIFIED.value();
    // The floor is read only where the predicted point is not certified (rule (b) and the up-front
    // decision); most predictions are, and the floor's per-sample propagation is not free.
    double floorHat = !certifiedNearPrediction && consistent(valueGap, p)
        ? Certificate.roundOffFloor(f, xHat) : Double.NaN;
    boolean decidedUpFront = floorHat > Tolerances.UNCERTIFIABLE_FLOOR * Tolerances.CERTIFIED.value();
    double computationBound = Math.max(Tolerances.PREDICTED_STATIONARITY.value(), floorHat);
    Run floorLimited = null; // rule (b)'s descent when it ended at f*, uncertified (the signature)
    if (rHat > Tolerances.PREDICTED_STATIONARITY.value() && decidedUpFront
        && rHat <= Tolerances.RULE_B_MARGIN * computationBound) {
      notes.add(withinComputationBound(rHat, floorHat));
    } else if (rHat > Tolerances.PREDICTED_STATIONARITY.value()) {
      Run descent = search.certifying().minimize(f, xHat);
      runs++;
      if (descent.objective() < Math.min(fHat, fStar) - lowerBy) {
        Counterexample c = new Counterexample(Counterexample.Kind.NOT_STATIONARY, s, seed, fStar, descent.objective(),
            "L-BFGS from the predicted point", "residual of predicted point " + rHat
            + " > " + Tolerances.PREDICTED_STATIONARITY.value() + "; descending from it reaches "
            + descent.objective() + " < " + Math.min(fHat, fStar));
        return SettingOutcome.refuted(c, p, "predicted point is not stationary "
            + "(residual " + rHat + ") and descending from it lowers f to " + descent.objective(), worst, descent, runs);
      }
      double moved = relativeDistance(descent.x(), xHat);
      certifiedNearPrediction = descent.residual() <= Tolerances.CERTIFIED.value()
          && descent.objective() <= fStar + atOptimum(fStar, p.valueErrorBound());
      if (descent.residual() <= Tolerances.CERTIFIED.value() && moved <= Tolerances.ROUNDING_MOVE
          && Math.abs(descent.objective() - fHat) <= Tolerances.VALUE.value() * scale + p.valueErrorBound()) {
        // Stationary up to the rounding of its coordinates (Tolerances.ROUNDING_MOVE): the
        // stationarity figure is the certified residual of that point, the move is reported.
        worst.put(Tolerances.PREDICTED_STATIONARITY.name(), descent.residual());
        remarks.add("the predicted point's residual " + rHat + " is the rounding of its coordinates "
            + "(a certified point lies " + moved + " away, relative)");
      } else {
        if (!(descent.residual() <= Tolerances.CERTIFIED.value()) && !p.atThreshold()
            && Math.abs(descent.objective() - fStar) <= atOptimum(fStar, p.valueErrorBound())) {
          floorLimited = descent;
        }
        notes.add("predicted point's residual " + rHat + " exceeds "
            + Tolerances.PREDICTED_STATIONARITY.value() + " but descending from it does not lower f "
            + "beyond the error bounds (reaches " + descent.objective() + ")");
      }
    }

    // Decided up front: no point at or below the prediction can be certified at this scale.
    SettingOutcome uncertifiable = certifiedNearPrediction ? null
        : uncertifiable(p, floorHat, floorLimited, notes, worst, runs, seed);
    if (uncertifiable != null) {
      return uncertifiable;
    }

    // 2 + 3. Restarts and structured competitors.
    List<Candidate> candidates = new ArrayList<>(search.competitors(f, p, seed));
    double reachesOptimum = fStar + atOptimum(fStar, p.valueErrorBound());
    if (!reaches(candidates, reachesOptimum)) {
      candidates.addAll(search.escalation(s, seed, reachesOptimum));
    }
    runs += candidates.size();

    // 4. Rule (a) on the candidates.
    List<Candidate> certified = candidates.stream()
        .filter(c -> Double.isFinite(c.run().objective()))
        .filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value())
        .sorted((a, b) -> Double.compare(a.run().objective(), b.run().objective())).toList();
    Candidate lowest = certified.isEmpty() ? null : certified.get(0);
    if (lowest != null && lowest.run().objective() < fStar - lowerBy) {
      Counterexample c = new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE, s, seed, fStar,
          lowest.run().objective(), lowest.origin(), "residual " + lowest.run().residual()
          + ", " + describe(p, lowest.run().x()));
      return SettingOutcome.refuted(c, p, "found a certified point with lower "
          + "objective " + lowest.run().objective() + " < predicted " + fStar + " ("
          + lowest.origin() + ")", worst, lowest.run(), runs);
    }
    double best = lowest == null ? Double.NaN : lowest.run().objective();
    double lowestKnown = lowest == null ? fStar : Math.min(fStar, best);
    double valueTolerance = atOptimum(fStar, p.valueErrorBound());
    List<Candidate> atOptimum = certified.stream()
        .filter(c -> c.run().objective() <= lowestKnown + valueTolerance)
        .toList();
    if (atOptimum.isEmpty()) {
      return SettingOutcome.inconclusive(s, seed, withNotes("no independent "
          + "certified run reached the predicted value " + fStar + " (lowest certified " + best
          + ")", notes), p, fStar, best, worst, null, runs);
    }

    // Rule (c), with the conditioning bound.
    for (Candidate c : atOptimum) {
      Map<String, Double> measured = new LinkedHashMap<>();
      Mismatch m = firstMismatch(claim, p, c.run().x(), measured);
      // At a tie, a point with another tied structure is accepted: its deviations from the chosen
      // structure are reported in the reason, not as the deviations of the verified prediction.
      Prediction tiedWith = m != null && p.atThreshold()
          ? tiedStructure(claim.checks(), p, c.run().x()) : null;
      if (tiedWith == null) {
        measured.forEach((k, d) -> worst.merge(k, d,
            (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b)));
      }
      if (m == null) {
        continue;
      }
      if (tiedWith != null) {
        notes.add(tiedNote(p, m, c.origin(), tiedWith, ""));
        continue;
      }
      if (p.atThreshold() && p.tied().isEmpty() && p.tieSet() != null) {
        // Not a member as found: within the conditioning bound of the set? Polish and ask again
        // (a deviation caused by conditioning shrinks with the residual, a non-member's does not).
        Run polished = search.polishing().minimize(f, c.run().x());
        runs++;
        Prediction member = polished.residual() <= Tolerances.CERTIFIED.value()
            && polished.objective() <= lowestKnown + valueTolerance
            ? tiedStructure(claim.checks(), p, polished.x()) : null;
        if (member != null) {
          notes.add(tiedNote(p, m, c.origin(), member, " once polished to residual "
              + polished.residual()));
          continue;
        }
        return SettingOutcome.inconclusive(s, seed, withNotes(outsideTieSet(m.check().name(),
            m.deviation(), c.origin(), p), notes), p, fStar, best, worst, polished, runs);
      }
      if (p.atThreshold() && p.tied().isEmpty()) {
        return SettingOutcome.inconclusive(s, seed, withNotes(unlistedTie(m.check().name(),
            m.deviation(), c.origin(), p), notes), p, fStar, best, worst, c.run(), runs);
      }
      double predictedOwn = m.check().deviation().applyAsDouble(new Comparison(p, p.minimiser()));
      Ruling r = conditioning(f, c.run(), c.origin(), new Structural(m.check().name(),
          m.check().tolerance().name(), m.check().tolerance().value(),
          x -> m.check().deviation().applyAsDouble(new Comparison(p, x))), m.deviation(), fStar,
          lowestKnown, valueTolerance, lowerBy, predictedOwn);
      runs++;
      switch (r.kind()) {
        case LOWER_OBJECTIVE -> {
          Counterexample ce = new Counterexample(Counterexample.Kind.LOWER_OBJECTIVE, s, seed, fStar,
              r.polished().objective(), c.origin() + ", polished", "residual "
              + r.polished().residual() + ", " + describe(p, r.polished().x()));
          return SettingOutcome.refuted(ce, p, r.reason(), worst, r.polished(), runs);
        }
        case STRUCTURE_MISMATCH -> {
          Counterexample ce = new Counterexample(Counterexample.Kind.STRUCTURE_MISMATCH, s, seed,
              fStar, r.polished().objective(), c.origin(), r.detail());
          return SettingOutcome.refuted(ce, p, r.reason(), worst, r.polished(), runs);
        }
        case INCONCLUSIVE -> {
          return SettingOutcome.inconclusive(s, seed, withNotes(r.reason(), notes), p, fStar, best,
              worst, r.polished() != null ? r.polished() : c.run(), runs);
        }
        case HOLDS -> worst.merge(m.check().name(), r.deviation(), Math::min);
      }
    }
    if (claim.aboutTraining()) {
      SettingOutcome trained = judgeTraining(f, p, seed, worst, runs);
      if (trained != null) {
        return trained;
      }
    }
    if (!notes.isEmpty() && !p.atThreshold()) {
      return SettingOutcome.inconclusive(s, seed, withNotes(atOptimum.size() + " of "
          + candidates.size() + " certified runs reached f* = " + fStar, notes), p, fStar, best, worst, atOptimum.get(0).run(), runs);
    }
    List<String> reported = new ArrayList<>(notes);
    reported.addAll(remarks);
    return SettingOutcome.verified(p, seed, withNotes(atOptimum.size() + " of "
        + candidates.size() + " certified runs reached f* = " + fStar + "; no point below it",
        reported), best, worst, atOptimum.get(0).run(), runs);
  }

  /**
   * The up-front decision where the certificate cannot be met at the predicted optimum's scale:
   * INCONCLUSIVE when the certificate's round-off floor at the predicted point
   * ({@link Certificate#roundOffFloor}, from the magnitudes the loss cancels there) exceeds
   * {@link Tolerances#CERTIFIED} by {@link Tolerances#UNCERTIFIABLE_FLOOR}, or by
   * {@link Tolerances#FLOOR_LIMITED_FLOOR} where the evidence already shows the floor-limited
   * signature ({@code floorLimited}: the predicted point is not certified stationary and rule
   * (b)'s descent from it ended at f*, uncertified, so the verdict cannot be VERIFIED whatever the
   * search finds); null (search as usual) otherwise, or where the predicted point's value is not
   * its predicted f* ({@code floor} NaN: then the floor there says nothing about f*). The caller
   * skips it where a certified point at f* is already known (the predicted point itself, or the
   * descent of rule (b)). Why nothing is lost: every verdict other than INCONCLUSIVE needs a
   * certified point at or below f* + {@link #atOptimum} (rule (a) a lower one, rule (c) and
   * VERIFIED one at the optimum), and the floor there is at least the floor at the predicted point
   * (Certificate#roundOffFloor says why), so the competitor search and its escalation
   * ({@link CompetitorSearch#escalation}) could only end in "no independent certified run reached
   * the predicted value" after spending their full iteration budgets. Rules (a) on the predicted
   * point and (b) run before it: a wrong prediction is still refuted by them (where the floor
   * alone decides, (b) descends when the residual exceeds its computation bound by
   * {@link Tolerances#RULE_B_MARGIN}). Never REFUTED or VERIFIED here. Where it applies: λ ≲ 1e-7,
   * where the MSE optimum's f* ~ λ while the outputs are O(1) and cancel against the targets, on
   * heads the anchored form ({@code problem.AnchoredObjective}) does not cover (H ≥ 0, ReLU
   * between the layers).
   */
  private static SettingOutcome uncertifiable(Prediction p, double floor, Run floorLimited,
      List<String> notes, Map<String, Double> worst, int runs, long seed) {
    double fStar = p.optimalValue();
    double tolerance = Tolerances.CERTIFIED.value();
    if (floor > Tolerances.UNCERTIFIABLE_FLOOR * tolerance) {
      return SettingOutcome.inconclusive(p.setting(), seed, withNotes(uncertifiableReason(floor,
          fStar, tolerance), notes), p, fStar, Double.NaN, worst, null, runs);
    }
    if (floorLimited != null && floor > Tolerances.FLOOR_LIMITED_FLOOR * tolerance) {
      return SettingOutcome.inconclusive(p.setting(), seed, withNotes(floorLimitedReason(floor,
          fStar, tolerance, floorLimited), notes), p, fStar, Double.NaN, worst, floorLimited, runs);
    }
    return null;
  }

  /** Whether f(predicted point) is its predicted f* within the consistency bound. */
  private static boolean consistent(double valueGap, Prediction p) {
    return !(valueGap > Tolerances.VALUE_CONSISTENCY.value()
        + p.valueErrorBound() / valueScale(p.optimalValue()));
  }

  /** The reason of {@link #uncertifiable} by the floor alone, with its numbers. */
  static String uncertifiableReason(double floor, double fStar, double tolerance) {
    return "the certificate's round-off floor " + floor + " at f* = " + fStar + " exceeds the "
        + "tolerance " + tolerance + " (by more than the factor " + Tolerances.UNCERTIFIABLE_FLOOR
        + " within which a search can still stop where the rounding noise cancels): no point at or "
        + "below the prediction can be certified at this scale";
  }

  /** The reason of {@link #uncertifiable} with the floor-limited signature, with its numbers. */
  static String floorLimitedReason(double floor, double fStar, double tolerance, Run descent) {
    return "floor-limited: the descent from the predicted point reached f* = " + fStar + " ("
        + descent.objective() + ") but stayed uncertified (residual " + descent.residual() + " after "
        + descent.iterations() + " iterations), and the certificate's round-off floor " + floor
        + " there exceeds the tolerance " + tolerance + " by more than the factor "
        + Tolerances.FLOOR_LIMITED_FLOOR + " (no run was ever certified above 12.7 ×): no point at "
        + "or below the prediction can be certified at this scale, and the prediction cannot be "
        + "VERIFIED";
  }

  /** The note where rule (b)'s descent is not run: the residual is within its computation bound. */
  static String withinComputationBound(double rHat, double floor) {
    return "predicted point's residual " + rHat + " exceeds " + Tolerances.PREDICTED_STATIONARITY.value()
        + " but not its computation bound (the round-off floor " + floor + ") by the wide margin "
        + Tolerances.RULE_B_MARGIN + " of rule (b): rounding, not evidence against stationarity";
  }

  /** Whether some certified candidate has an objective at most {@code value}. */
  static boolean reaches(List<Candidate> candidates, double value) {
    return candidates.stream().anyMatch(c -> c.run().residual() <= Tolerances.CERTIFIED.value()
        && c.run().objective() <= value);
  }

  /** Rule (a)'s margin: how far below f* a certified point must lie to refute (both error bounds). */
  public static double lowerBy(double fStar, double valueErrorBound) {
    return Tolerances.LOWER_OBJECTIVE.value() * valueScale(fStar) + valueErrorBound;
  }

  /** How close to the lowest known value a certified point must be to count as at the optimum. */
  public static double atOptimum(double fStar, double valueErrorBound) {
    return Tolerances.VALUE.value() * valueScale(fStar) + valueErrorBound;
  }

  /** |f*|, the scale of value comparisons (scale-free); 1 where f* = 0. */
  public static double valueScale(double fStar) {
    return Math.abs(fStar) > 0 ? Math.abs(fStar) : 1.0;
  }

  /**
   * One structural statement as rule (c) sees it, for catalogue checks and declared
   * conjectures alike: its name, its tolerance and its deviation at a point (NaN: undefined).
   */
  record Structural(String name, String toleranceName, double tolerance,
      java.util.function.ToDoubleFunction<double[]> deviationAt) {}

  /** What rule (c) concludes about a certified point where a structural statement deviates. */
  enum RulingKind { LOWER_OBJECTIVE, STRUCTURE_MISMATCH, INCONCLUSIVE, HOLDS }

  /**
   * @param reason one line for the verdict
   * @param detail the counterexample's detail (STRUCTURE_MISMATCH)
   * @param polished the polished point (null if polishing did not run)
   * @param deviation the deviation at the polished point
   */
  record Ruling(RulingKind kind, String reason, String detail, Run polished, double deviation) {}

  /**
   * Rule (c) with the conditioning bound and the near-tie rule, the one place both the catalogue
   * claims and the declared conjectures ({@link QuantityJudge}) decide a structural mismatch at a
   * certified point {@code at} whose value is within {@code valueTolerance} of the lowest known
   * value. The point is polished to {@link Tolerances#POLISH_RESIDUAL}; then
   * <ul>
   *   <li>INCONCLUSIVE if the polish cannot lower the residual enough, or leaves the optimum;</li>
   *   <li>LOWER_OBJECTIVE if the polished point is below f* by more than {@code lowerBy};</li>
   *   <li>INCONCLUSIVE if its value is provably above the lowest known one (another critical
   *       point near a threshold);</li>
   *   <li>INCONCLUSIVE (a near-tie) if the reference point (the prediction's own point; its
   *       deviation {@code referenceDeviation}, NaN if there is none) has the claimed structure
   *       and the polished value is within the certified bounds of f*;</li>
   *   <li>STRUCTURE_MISMATCH if the part of the deviation that does not shrink with the residual
   *       exceeds the tolerance and the deviation did not halve under the polish;</li>
   *   <li>INCONCLUSIVE if it still deviates but shrinks with the residual (ill-conditioned);</li>
   *   <li>else HOLDS (the deviation was conditioning).</li>
   * </ul>
   */
  Ruling conditioning(Objective f, Run at, String origin, Structural check, double d0,
      double fStar, double lowestKnown, double valueTolerance, double lowerBy,
      double referenceDeviation) {
    Run polished = search.polishing().minimize(f, at.x());
    double r0 = at.residual();
    double r1 = polished.residual();
    boolean polishedEnough = r1 * Tolerances.POLISH_MIN_REDUCTION <= r0
        || r1 <= Tolerances.POLISH_RESIDUAL;
    if (!polishedEnough || !(polished.objective() <= lowestKnown + valueTolerance)) {
      return new Ruling(RulingKind.INCONCLUSIVE, check.name() + " deviates by " + d0
          + " at a certified point with the optimal value (" + origin + ", residual " + r0
          + "), but polishing could not lower the residual enough (" + r1 + ") to separate a "
          + "mismatch from conditioning", null, at, d0);
    }
    if (polished.objective() < fStar - lowerBy) {
      return new Ruling(RulingKind.LOWER_OBJECTIVE, "found a certified point with lower objective "
          + polished.objective() + " < predicted " + fStar, null, polished, Double.NaN);
    }
    double certifiedAbove = Tolerances.CERTIFIED_VALUE_FACTOR * r1 * Math.abs(polished.objective())
        + lowerBy;
    if (polished.objective() > lowestKnown + certifiedAbove) {
      return new Ruling(RulingKind.INCONCLUSIVE, check.name() + " deviates by " + d0 + " at "
          + origin + ", but polished (residual " + r1 + ") its value " + polished.objective()
          + " is provably above the lowest known " + lowestKnown + ": another critical point close "
          + "in value (near a threshold), not a global minimiser with another structure", null,
          polished, d0);
    }
    double d1 = check.deviationAt().applyAsDouble(polished.x());
    // A near-tie between two distinct critical points: the reference point has the claimed
    // structure, the competitor another one, and their values differ by less than the value
    // bounds can resolve (neither provably lower nor provably above). This is what a setting
    // at or a hair from a collapse threshold looks like when the theory does not flag the tie;
    // only an objective gap could prove which is global (issue 11: INCONCLUSIVE there).
    if (referenceDeviation <= check.tolerance()
        && Math.abs(polished.objective() - fStar) <= certifiedAbove) {
      return new Ruling(RulingKind.INCONCLUSIVE, check.name() + " deviates by " + d1 + " at "
          + origin + " (polished, residual " + r1 + "), a critical point whose value "
          + polished.objective() + " is within the value bounds (" + certifiedAbove
          + ") of the predicted " + fStar + " while the predicted point has the claimed "
          + "structure: a near-tie (a setting at or near a threshold); no objective gap decides "
          + "which is global", null, polished, d1);
    }
    if (Double.isNaN(d1)) {
      return new Ruling(RulingKind.INCONCLUSIVE, check.name() + " is undefined at the polished "
          + "point (" + origin + ", residual " + r1 + ")", null, polished, d1);
    }
    // d(r) ≈ d∞ + r/μ: the part that does not shrink with the residual.
    // Already at the polish level before polishing: no second residual to extrapolate from;
    // a deviation that survives residual 1e-12 would need a relative curvature below ~1e-8.
    double persistent = r0 > r1 ? d1 - r1 * (d0 - d1) / (r0 - r1) : d1;
    double tol = check.tolerance();
    if (!(d1 <= tol) && !(persistent <= tol)
        && (r0 <= r1 * Tolerances.POLISH_MIN_REDUCTION || !(d1 < 0.5 * d0))) {
      return new Ruling(RulingKind.STRUCTURE_MISMATCH, "structure mismatch at a certified "
          + "optimum: " + check.name() + " deviates by " + d1, check.name() + " deviates by " + d1
          + " > " + check.toleranceName() + " " + tol + " at a point with the optimal value "
          + "polished to residual " + r1 + " (it deviated by " + d0 + " at residual " + r0
          + ": not a conditioning effect)", polished, d1);
    }
    if (!(d1 <= tol)) {
      return new Ruling(RulingKind.INCONCLUSIVE, check.name() + " deviates by " + d1
          + " at residual " + r1 + " (by " + d0 + " at " + r0 + "): it shrinks with the residual, "
          + "i.e. an ill-conditioned optimum, not a proven mismatch", null, polished, d1);
    }
    return new Ruling(RulingKind.HOLDS, "", null, polished, d1);
  }

  /**
   * At a tie ({@link Prediction#atThreshold}): the tied structure x has — the chosen one or one of
   * those the theory lists ({@link Prediction#tied}) that every applicable check of
   * {@code checks} accepts at x, directly or modulo the equal-count symmetry
   * ({@link Symmetries#alignEqualCounts}: at a tie among equal counts the live classes' directions
   * may mix) — or null when x has none of them (then its mismatch is judged by rule (c) like any
   * other). Where the theory flags the tie without listing its structures only the chosen one is
   * tried: a point with another structure can be neither accepted nor refuted
   * ({@link #unlistedTie}, INCONCLUSIVE). The one tie rule of the catalogue claims and the
   * declared conjectures ({@link QuantityJudge} passes {@link Check#STANDARD}).
   *
   * @param checks the structural checks that decide "x has structure q" (those applying to q)
   */
  static Prediction tiedStructure(List<Check> checks, Prediction p, double[] x) {
    if (!p.atThreshold()) {
      return null;
    }
    List<Prediction> structures = new ArrayList<>();
    structures.add(p);
    structures.addAll(p.tied());
    for (Prediction q : structures) {
      if (firstMismatch(checks, q, x, new LinkedHashMap<>()) == null
          || firstMismatch(checks, q, Symmetries.alignEqualCounts(q, x), new LinkedHashMap<>()) == null) {
        return q;
      }
    }
    if (p.tieSet() != null && chosenInItsSet(checks, p)) {
      Prediction member = p.tieSet().nearest(x);
      if (member != null && optimalMember(p, member)
          && firstMismatch(checks, member, x, new LinkedHashMap<>()) == null) {
        return member;
      }
    }
    return null;
  }

  /**
   * The set's consistency with its own prediction: the member nearest to the predicted point has
   * the predicted structure (every applicable check passes). A description attached to a prediction
   * whose stated structure is not in the set (a wrong Gram, or a set that describes another
   * theory's minimisers) is ignored.
   */
  static boolean chosenInItsSet(List<Check> checks, Prediction p) {
    Prediction own = p.tieSet().nearest(p.minimiser());
    return own != null && firstMismatch(checks, p, own.minimiser(), new LinkedHashMap<>()) == null;
  }

  /**
   * Whether a member of the theory's tied set ({@link Prediction#tieSet}) is itself what the
   * description says: its explicit minimiser has the predicted optimal value (within
   * {@link #atOptimum}) and is stationary (residual ≤ {@link Tolerances#PREDICTED_STATIONARITY}, the
   * bound a predicted point must meet). A false description (a set with points that are not
   * global minimisers) fails here, so it cannot make a wrong structure acceptable.
   */
  static boolean optimalMember(Prediction p, Prediction member) {
    Objective f = new Objective(p.setting());
    double[] g = new double[f.dimension()];
    double value = f.valueAndGradient(member.minimiser(), g);
    double residual = Certificate.residual(f, member.minimiser(), value, g);
    return residual <= Tolerances.PREDICTED_STATIONARITY.value()
        && Math.abs(value - p.optimalValue()) <= atOptimum(p.optimalValue(), p.valueErrorBound());
  }

  /** The note for a point at the optimal value accepted by one of the theory's tied structures. */
  private static String tiedNote(Prediction p, Mismatch m, String origin, Prediction tiedWith,
      String how) {
    String which = p.tieSet() != null && !p.tied().contains(tiedWith) && tiedWith != p
        ? "a member of the theory's tied set (" + p.tieSet().description() + ")"
        : "a listed tied structure";
    return "at an exact threshold the theory " + (p.tieSet() != null ? "describes its tied set"
        : "lists " + p.tied().size() + " other tied structure(s)") + ": " + m.check().name()
        + " deviates from the chosen one by " + m.deviation() + " at a point with the optimal value ("
        + origin + ") that has " + which + how + " (collapsed "
        + Arrays.toString(tiedWith.collapsed()) + ")";
  }

  /**
   * The INCONCLUSIVE reason at a tie whose set the theory describes ({@link Prediction#tieSet})
   * when a point at the optimal value is not within the conditioning bound of it: never refuted
   * here (the description may be incomplete), never accepted.
   */
  static String outsideTieSet(String check, double deviation, String origin, Prediction p) {
    return "at an exact threshold a certified point with the optimal value (" + origin + ") is not "
        + "in the " + p.family() + " theory's tied set (" + p.tieSet().description() + ") even "
        + "polished: " + check + " deviates from the chosen structure by " + deviation
        + "; neither accepted nor refuted";
  }

  /** {@link #tiedStructure} with a catalogue claim's own checks. */
  static Prediction tiedStructure(TheoryClaim claim, Prediction p, double[] x) {
    return tiedStructure(claim.checks(), p, x);
  }

  /**
   * The INCONCLUSIVE reason at a tie the theory flags without listing its tied structures (a
   * continuum of tied subspaces with a bias, more open classes or structures than it enumerates):
   * a point at the optimal value whose structure differs from the chosen one may be another
   * global minimiser or a genuine mismatch, and nothing here tells which.
   */
  static String unlistedTie(String check, double deviation, String origin, Prediction p) {
    return "at an exact threshold the " + p.family() + " theory flags a tie but does not list "
        + "its tied structures, so it cannot characterise them: " + check + " deviates from the "
        + "chosen structure by " + deviation + " at a certified point with the optimal value ("
        + origin + "), which is neither accepted nor refuted";
  }

  /** A structural check that deviates beyond its tolerance, and by how much. */
  private record Mismatch(Check check, double deviation) {}

  /** The first applicable check beyond its tolerance at x (recording every deviation), or null. */
  private static Mismatch firstMismatch(TheoryClaim claim, Prediction p, double[] x,
      Map<String, Double> worst) {
    return firstMismatch(claim.checks(), p, x, worst);
  }

  private static Mismatch firstMismatch(List<Check> checks, Prediction p, double[] x,
      Map<String, Double> worst) {
    Comparison cmp = new Comparison(p, x);
    Mismatch first = null;
    for (Check check : checks) {
      if (!check.appliesTo().test(p)) {
        continue;
      }
      double dev = check.deviation().applyAsDouble(cmp);
      worst.merge(check.name(), dev,
          (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b));
      if (first == null && !(dev <= check.tolerance().value())) {
        first = new Mismatch(check, dev);
      }
    }
    return first;
  }

  /** ‖a − b‖ / ‖b‖ (‖a‖ if b = 0). */
  private static double relativeDistance(double[] a, double[] b) {
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      norm += b[i] * b[i];
    }
    return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
  }

  private static String withNotes(String reason, List<String> notes) {
    return notes.isEmpty() ? reason : reason + "; " + String.join("; ", notes);
  }

  /**
   * A claim that the predicted point is not a global minimiser ({@link TheoryClaim#assertsNotGlobal}):
   * VERIFIED by a certified point (residual ≤ {@link Tolerances#CERTIFIED}) lower than the
   * predicted value by more than the evidence bound of a lower-objective refutation
   * ({@link Tolerances#LOWER_OBJECTIVE} plus the prediction's error bound); the theory's structured
   * candidates are polished first and the full search runs only when none of them is lower.
   * INCONCLUSIVE otherwise (never REFUTED: no search proves global optimality), and when the
   * predicted point's value is inconsistent (then the comparison has no reference).
   * With {@code explicitPoints} ({@link TheoryClaim#acceptsExplicitPoints}) the theory's explicit
   * structured points are evaluated first, and the lowest one below the same bound VERIFIES without
   * polishing or certificate (an evaluated objective is an upper bound on the global minimum).
   */
  private SettingOutcome judgeNotGlobal(Prediction p, long seed, boolean explicitPoints) {
    Setting s = p.setting();
    Objective f = new Objective(s);
    double fStar = p.optimalValue();
    double scale = Math.max(1.0, Math.abs(fStar));
    double fHat = f.value(p.minimiser());
    double valueGap = Math.abs(fHat - fStar) / scale;
    Map<String, Double> worst = new LinkedHashMap<>();
    worst.put(Tolerances.VALUE_CONSISTENCY.name(), valueGap);
    if (valueGap > Tolerances.VALUE_CONSISTENCY.value() + p.valueErrorBound() / scale) {
      return SettingOutcome.inconclusive(s, seed, "the predicted point's objective "
          + fHat + " differs from its predicted value " + fStar + ": no reference to beat", p, fStar,
          fHat, worst, null, 1);
    }
    double below = fStar - (Tolerances.LOWER_OBJECTIVE.value() * scale + p.valueErrorBound());
    if (explicitPoints) {
      SettingOutcome explicit = explicitPointBelow(f, p, seed, below, worst);
      if (explicit != null) {
        return explicit;
      }
    }
    List<CompetitorSearch.Candidate> candidates = new ArrayList<>(search.theoryCandidates(f));
    CompetitorSearch.Candidate lower = lowestCertifiedBelow(candidates, below);
    if (lower == null) {
      candidates.addAll(search.competitors(f, p, seed));
      lower = lowestCertifiedBelow(candidates, below);
    }
    if (lower == null) {
      double best = candidates.stream().mapToDouble(c -> c.run().objective())
          .filter(Double::isFinite).min().orElse(Double.NaN);
      return SettingOutcome.inconclusive(s, seed, "no certified point below the "
          + "predicted value " + fStar + " found in " + candidates.size() + " runs (best " + best
          + ")", p, fStar, best, worst, null, candidates.size());
    }
    Run r = lower.run();
    return SettingOutcome.verified(p, seed, "certified point (residual "
        + r.residual() + ") at " + r.objective() + " < predicted point's " + fStar + " ("
        + lower.origin() + "; " + describe(p, r.x()) + ")", r.objective(), worst, r,
        candidates.size());
  }

  /**
   * The lowest explicit structured point of the setting whose objective (evaluated by f, not
   * taken from the theory) is below {@code below}, as a VERIFIED outcome; null if none is. The
   * point's residual is reported: it is not claimed to be a critical point.
   */
  private static SettingOutcome explicitPointBelow(Objective f, Prediction p, long seed, double below,
      Map<String, Double> worst) {
    StructuredStarts.Point best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (StructuredStarts.Point point : StructuredStarts.points(p.setting())) {
      double v = f.value(point.point());
      if (v < below && v < bestValue) {
        best = point;
        bestValue = v;
      }
    }
    if (best == null) {
      return null;
    }
    double residual = Certificate.residual(f, best.point());
    Run r = new Run(best.point(), bestValue, residual, 0, 0.0, ncverify.train.Termination.STALLED,
        "explicit structured point, evaluated", "explicit point", null, List.of());
    return SettingOutcome.verified(p, seed, "explicit point (" + best.origin() + ") evaluated at f = "
        + bestValue + " < predicted point's " + p.optimalValue() + " (theory's reduction "
        + best.value() + "; an upper bound on the global minimum, not a certified critical point: "
        + "residual " + residual + ")", bestValue, worst, r, 1);
  }

  private static CompetitorSearch.Candidate lowestCertifiedBelow(
      List<CompetitorSearch.Candidate> candidates, double below) {
    return candidates.stream()
        .filter(c -> c.run().residual() <= Tolerances.CERTIFIED.value())
        .filter(c -> c.run().objective() < below)
        .min((a, b) -> Double.compare(a.run().objective(), b.run().objective())).orElse(null);
  }

  /**
   * The papers' recipe (gradient descent, lr 0.1, momentum 0.9, init N(0, 0.1²)) from the
   * setting's seed: null if it settles at f* with the predicted structure (the caller then
   * verifies), REFUTED if it settles at a worse critical point or another structure,
   * INCONCLUSIVE if it does not settle within the budget.
   */
  private SettingOutcome judgeTraining(Objective f, Prediction p, long seed,
      Map<String, Double> worst, int runs) {
    Setting s = p.setting();
    double fStar = p.optimalValue();
    Run run = search.papersTraining(f, seed);
    String origin = "gradient descent lr 0.1 momentum 0.9 init N(0, 0.1²) seed " + seed;
    double gap = (run.objective() - fStar) / (Math.abs(fStar) > 0 ? Math.abs(fStar) : 1.0);
    worst.put(Tolerances.TRAINING_VALUE.name(), Math.abs(gap));
    if (!(run.residual() <= Tolerances.TRAINING_SETTLED.value())) {
      return SettingOutcome.inconclusive(s, seed, "training did not settle within "
          + Tolerances.TRAINING_ITERATIONS + " iterations (" + run.termination() + ", residual "
          + run.residual() + ", f = " + run.objective() + " vs f* = " + fStar + ")", p, fStar,
          run.objective(), worst, run, runs + 1);
    }
    if (gap > Tolerances.TRAINING_VALUE.value()) {
      Counterexample c = new Counterexample(Counterexample.Kind.TRAINING_STUCK, s, seed, fStar, run.objective(),
          origin, "training settled (residual " + run.residual() + ") at a non-global critical "
          + "point: " + describe(p, run.x()));
      return SettingOutcome.refuted(c, p, "training settles at f = " + run.objective() + " > f* = "
          + fStar, worst, run, runs + 1);
    }
    return null;
  }

  /** The papers' initialisation N(0, 0.1²) (THEORY §9). */
  public static final double PAPERS_INIT_SCALE = CompetitorSearch.PAPERS_INIT_SCALE;


  static String describe(Prediction p, double[] x) {
    Comparison c = new Comparison(p, x);
    return "its ‖h̄_k‖² = " + Arrays.toString(round(c.hNormSq())) + ", ‖w_k‖² = "
        + Arrays.toString(round(c.wNormSq())) + " (predicted ‖h̄_k‖² = "
        + Arrays.toString(round(p.hNormSq())) + "); singular values of its logits W H̄ + b1ᵀ "
        + Arrays.toString(round(ncverify.measure.Matrices.singularValues(c.logits())))
        + " (predicted " + Arrays.toString(round(ncverify.measure.Matrices.singularValues(p.logits())))
        + ")";
  }

  private static double[] round(double[] v) {
    return Arrays.stream(v).map(a -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", a)))
        .toArray();
  }
}

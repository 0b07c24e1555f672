package ncverify.theory;

import java.util.ArrayList;
import java.util.List;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * P1, MSE, deep linear (any M, per-layer λ's), bias-free, free features, balanced or imbalanced
 * (THEORY §3.3–3.4, §4 "P1-MSE-imbalanced" and "P1-MSE-balanced-bias-free").
 *
 * <p>Derivation used: NC1 gives H = H̄Y and ‖WH − Y‖² = ‖Z − D^{1/2}‖² with Z = W H̄ D^{1/2};
 * the balanced-factorisation bound turns the penalty into c_M Σ σ_i(Z)^{2/(M+1)}; von Neumann makes
 * Z diagonal, so class k solves {@link MseScalarProblem} with σ = √n_k. Class k's mean lies along
 * e_k; w_k along e_k of the product. Global selection per class includes the collapsed point.
 */
public final class MseBiasFreeTheory implements Theory {
  public MseBiasFreeTheory() {}

  @Override
  public String family() {
    return "p1-mse-bias-free";
  }

  /**
   * Balanced counts are P1's balanced family, imbalanced ones the imbalanced family (same
   * mathematics); each label is the catalogue claim whose domain holds the setting, so
   * {@code verify --claim LABEL} works (user pass 7: the balanced label was no claim id).
   */
  @Override
  public String family(Setting s) {
    return s.balanced() ? "p1-mse-balanced-deep" : "p1-mse-imbalanced-deep";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.bias() == Bias.NONE && s.features() == Features.FREE
        && Families.positiveRegularisers(s) && s.rank() >= s.K();
  }

  /** The scalar problem of class k. */
  public static MseScalarProblem classProblem(Setting s, int k) {
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(k)), s.N(), MseScalarProblem.cM(s));
  }

  @Override
  public Prediction predict(Setting s) {
    return predictSelected(s, family(s));
  }

  /**
   * The prediction for any rank r = min widths (issue 13, narrow features): the per-class scalar
   * problems are solved, and only the r classes with the largest gain σ_k²/(2N) − φ*_k stay live
   * (see {@link #selectBestServed}). For r ≥ K this is P1's prediction.
   */
  static Prediction predictSelected(Setting s, String family) {
    Selection sel = select(s);
    ScalarMinimizer.Result[] results = sel.results();
    double[] uChoice = sel.uChoice();
    Prediction p = named(new MseBiasFreeTheory().build(s, uChoice, results), family, sel.tie());
    if (!p.atThreshold()) {
      return p;
    }
    List<Prediction> tied = new ArrayList<>();
    List<double[]> choices = tiedChoices(s, results, sel.gains(), uChoice);
    if (choices == null) {
      return p; // more tied structures than listed: the tie is flagged, not listed
    }
    for (double[] other : choices) {
      tied.add(named(new MseBiasFreeTheory().build(s, other, results), family, true));
    }
    return p.withTied(tied);
  }

  /**
   * The per-class solutions of {@link #predictSelected}: each class's scalar problem solved, its gain
   * σ_k²/(2N) − φ*_k, the selected u's (the best-served classes within the rank live at their
   * argmin, the others 0) and whether the selection cut ties.
   */
  record Selection(ScalarMinimizer.Result[] results, double[] gains, double[] uChoice, boolean tie) {}

  static Selection select(Setting s) {
    int k = s.K();
    ScalarMinimizer.Result[] results = new ScalarMinimizer.Result[k];
    double[] gains = new double[k];
    for (int c = 0; c < k; c++) {
      MseScalarProblem p = classProblem(s, c);
      results[c] = p.solve();
      gains[c] = p.valueAtU(0) - results[c].value();
    }
    boolean[] keep = new boolean[k];
    boolean tie = selectBestServed(gains, s.rank(), keep);
    double[] uChoice = new double[k];
    for (int c = 0; c < k; c++) {
      uChoice[c] = keep[c] ? results[c].argmin() : 0;
    }
    return new Selection(results, gains, uChoice, tie);
  }

  private static Prediction named(Prediction p, String family, boolean tie) {
    return new Prediction(family, p.setting(), p.optimalValue(), p.collapsed(), p.wNormSq(),
        p.hNormSq(), p.margins(), p.wGram(), p.hGram(), p.alignment(), p.logits(), p.bias(),
        p.layerSingularValues(), p.minimiser(), p.atThreshold() || tie, p.valueErrorBound(),
        p.isCandidate());
  }

  /**
   * The most classes whose choice is tied that {@link #tiedChoices} enumerates (2^12 value sums);
   * and the most tied structures it lists. Reason: each listed structure is compared with every
   * certified point at the optimum; beyond these the tie stays flagged but unlisted (permissive).
   */
  static final int MAX_TIED_CLASSES = 12;
  static final int MAX_TIED_STRUCTURES = 64;

  /**
   * Every other per-class choice with the optimal value (THEORY §4: f = Σ_k φ_k(u_k) is separable,
   * so the global minimisers are exactly the choices of a global minimiser of each φ_k with at
   * most r = rank live classes). A class's choice is open when it sits at its own collapse
   * threshold (0 and a non-zero root tie) or when its gain ties with the selection cut (narrow
   * features among equal counts): each open class takes 0 or its non-zero root; a choice is
   * tied when its value is within the tie tolerance of the optimum and at most r classes are
   * live. Null when more than {@link #MAX_TIED_CLASSES} classes are open or more than
   * {@link #MAX_TIED_STRUCTURES} choices tie.
   */
  static List<double[]> tiedChoices(Setting s, ScalarMinimizer.Result[] results, double[] gains,
      double[] chosen) {
    int k = s.K();
    double[] root = openRoots(results, gains, chosen);
    List<Integer> open = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (!Double.isNaN(root[c])) {
        open.add(c);
      }
    }
    if (open.size() > MAX_TIED_CLASSES) {
      return null;
    }
    double best = value(s, chosen);
    double tol = (open.size() + 1) * ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(best));
    List<double[]> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << open.size(); mask++) {
      double[] u = chosen.clone();
      for (int i = 0; i < open.size(); i++) {
        int c = open.get(i);
        u[c] = (mask >> i & 1) == 1 ? root[c] : 0;
      }
      long live = java.util.Arrays.stream(u).filter(x -> x > 0).count();
      if (live > s.rank() || java.util.Arrays.equals(u, chosen) || value(s, u) > best + tol) {
        continue;
      }
      if (out.size() == MAX_TIED_STRUCTURES) {
        return null;
      }
      out.add(u);
    }
    return out;
  }

  /**
   * Per class, its non-zero root where its choice is open (see {@link #tiedChoices}: at its own
   * collapse threshold, or tied with the selection cut), NaN where it is not.
   */
  static double[] openRoots(ScalarMinimizer.Result[] results, double[] gains, double[] chosen) {
    int k = results.length;
    double cut = Double.POSITIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      if (chosen[c] > 0) {
        cut = Math.min(cut, gains[c]);
      }
    }
    double[] open = new double[k];
    for (int c = 0; c < k; c++) {
      double root = results[c].argmin() > 0 ? results[c].argmin()
          : results[c].candidates().stream().filter(x -> x.point() > 0)
              .min(java.util.Comparator.comparingDouble(ScalarMinimizer.Candidate::value))
              .map(ScalarMinimizer.Candidate::point).orElse(0.0);
      boolean atOwnThreshold = results[c].atThreshold() && root > 0;
      boolean atCut = root > 0 && Double.isFinite(cut) && Math.abs(gains[c] - cut)
          <= ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(cut));
      open[c] = atOwnThreshold || atCut ? root : Double.NaN;
    }
    return open;
  }

  private static double value(Setting s, double[] u) {
    double v = 0;
    for (int c = 0; c < s.K(); c++) {
      v += classProblem(s, c).valueAtU(u[c]);
    }
    return v;
  }

  /**
   * Marks in {@code keep} the (at most) {@code rank} modes with the largest positive gain (ties
   * broken by index) and returns whether the cut fell between two equal gains (then another
   * selection is an equally good minimiser). Why the largest gains: by Mirsky's inequality
   * ‖Z − T‖² ≥ Σ_i (z_i − σ_i)² + Σ_{i>r} σ_i² for rank(Z) ≤ r (both sorted decreasingly), so
   * f ≥ Σ_{i≤r} φ*(σ_i) + Σ_{i>r} σ_i²/(2N) = Σ_all σ²/(2N) − Σ_{i≤r} gain_i; the gain is
   * non-decreasing in σ (proofs/mse-narrow-features.m), and the bound is attained by keeping those
   * modes.
   */
  static boolean selectBestServed(double[] gains, int rank, boolean[] keep) {
    Integer[] order = java.util.stream.IntStream.range(0, gains.length).boxed()
        .sorted((a, b) -> gains[a] != gains[b] ? Double.compare(gains[b], gains[a]) : Integer.compare(a, b))
        .toArray(Integer[]::new);
    for (int i = 0; i < order.length && i < rank; i++) {
      keep[order[i]] = gains[order[i]] > 0;
    }
    if (rank >= order.length || rank == 0) {
      return false;
    }
    double last = gains[order[rank - 1]];
    double next = gains[order[rank]];
    return next > 0 && last - next <= ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(last));
  }

  /**
   * The point built from chosen per-class u's (z_k = u_k^{M+1}); used by {@link #predict} with the
   * global choices and by negative controls with other (e.g. largest-root) choices.
   */
  public Prediction build(Setting s, double[] uChoice, ScalarMinimizer.Result[] results) {
    int k = s.K();
    int depth = s.depth();
    int modes = (int) java.util.Arrays.stream(uChoice).filter(u -> u > 0).count();
    double[][] u = new double[modes][k];
    double[] z = new double[modes];
    double value = 0;
    boolean atThreshold = false;
    int i = 0;
    for (int c = 0; c < k; c++) {
      MseScalarProblem p = classProblem(s, c);
      value += p.valueAtU(uChoice[c]);
      atThreshold |= results != null && results[c].atThreshold();
      if (uChoice[c] > 0) {
        u[i][c] = 1;
        z[i] = Math.pow(uChoice[c], depth + 1);
        i++;
      }
    }
    BalancedFactorization f = new BalancedFactorization(s, u, u, z);
    return Families.fromFactorization(family(s), s, f, value, null, null, atThreshold, 0, false);
  }
}

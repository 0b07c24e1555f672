package ncverify.theory;

import java.util.Arrays;
import ncverify.problem.Activation;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * Deep neural collapse (DNC) in the deep unconstrained features model with a ReLU after every
 * inner layer (activation=relu), MSE, no bias, free features, balanced classes: Súkeník, Mondelli
 * &amp; Lampert (arXiv 2305.13165 for K = 2, where it is the unique global optimum; arXiv
 * 2405.14468 for what happens beyond two classes and two layers).
 *
 * <p><b>The DNC point and its value</b> (proofs/sukenik-relu-dnc-binary.m). Class k's features
 * are a·e_k, every inner layer maps class k to a positive multiple of e_k (W_m = w_m [I_K 0]),
 * and W_M = w_M [I_K 0]: every pre-activation is ≥ 0, so each ReLU acts as the identity on the
 * data and the objective equals the LINEAR head's at the same point. Conversely, at any point
 * with DNC's class-mean geometry the pre-activation A = W_1 H̄ has diagonal s and off-diagonal
 * ≤ 0, so ‖A‖_* ≥ tr A = K s: the first factor pair costs at least what the linear head's
 * balanced factorisation costs, and every other layer is a multiple of the identity on the K
 * live coordinates. The DNC value is therefore exactly P1's balanced bias-free optimum,
 * f_DNC = min_z ½(1 − z)² + (K(M+1)/2)(n λ_H Π_m λ_{W_m})^{1/(M+1)} z^{2/(M+1)} (the collapsed
 * point z = 0 included), and the point is {@link MseBiasFreeTheory}'s minimiser, whose factors are
 * non-negative multiples of the identity on the class coordinates. Needs d ≥ K and every inner
 * width ≥ K (one neuron per class).
 *
 * <p>Global optimality is the 2023 theorem for K = 2 ({@link Prediction#isCandidate()} false
 * there); for K ≥ 3 the point is a candidate only: the 2024 paper shows lower-rank points beat
 * it beyond two layers and two classes.
 */
public final class ReluDncTheory implements Theory {
  public static final String FAMILY = "sukenik-relu-dnc";

  /**
   * The family of a tied member whose classes share a direction (a group of two or more, see
   * {@link Projections}): deep neural collapse's orthogonality of the hidden class means (the
   * dnc2-hidden-orthogonal check, keyed on {@link #FAMILY}) is not a property of these points, by
   * construction; every other check still compares them with the point found.
   */
  public static final String GROUPED_FAMILY = FAMILY + " (tied, grouped classes)";

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public boolean coversActivation(Activation a) {
    return a == Activation.RELU;
  }

  @Override
  public boolean covers(Setting s) {
    return s.relu() && s.loss() == Loss.MSE && s.bias() == Bias.NONE
        && s.features() == Features.FREE && s.balanced() && Families.positiveRegularisers(s)
        && s.d() >= s.K() && Arrays.stream(s.innerWidths()).allMatch(w -> w >= s.K());
  }

  @Override
  public Prediction predict(Setting s) {
    Setting linearSetting = s.withActivation(Activation.LINEAR);
    Prediction p = onReluHead(s, new MseBiasFreeTheory().predict(linearSetting), false);
    if (!p.atThreshold()) {
      return p;
    }
    Projections ties = Projections.at(s);
    return ties == null ? p : p.withTieSet(ties);
  }

  /**
   * The linear head's point as a prediction for the ReLU head s: same point, same value (every
   * pre-activation ≥ 0 there), so its logits and Grams are the network's at this point.
   */
  private static Prediction onReluHead(Setting s, Prediction linear, boolean tie) {
    return new Prediction(FAMILY, s, linear.optimalValue(), linear.collapsed(), linear.wNormSq(),
        linear.hNormSq(), linear.margins(), linear.wGram(), linear.hGram(), linear.alignment(),
        linear.logits(), linear.bias(), linear.layerSingularValues(), linear.minimiser(),
        linear.atThreshold() || tie, linear.valueErrorBound(), s.K() != 2);
  }

  /**
   * The tied set at an exact collapse threshold (issue 11: the theory flagged the tie but listed no
   * structure, so every certified point at f* with another structure was INCONCLUSIVE).
   *
   * <p><b>Derivation.</b> Balanced, bias-free, d and every width ≥ K: the linear head's objective
   * depends on the end-to-end logits Z = W_M⋯W_1 H̄ through ½‖Z − I‖²/K and, at its minimum over
   * the factorisations of Z, through the Schatten-2/(M+1) quasi-norm of Z (THEORY §4, P1). Every
   * singular value of the target I is 1, so at the threshold, where a mode's value at 0 equals its
   * value at the live root z (the theory's tie rule, {@link ScalarMinimizer}), every Z = z·Π with Π
   * an orthogonal projection of any rank r ≤ K has the optimal value (the Z's that a rotation of the
   * class space maps onto a coordinate projection, {@link MseBiasFreeTheory}'s collapsed subsets).
   * The ReLU head reaches the linear value at such a Z when Π = V Vᵀ with V ≥ 0 entrywise
   * (orthonormal columns v_g; non-negative orthonormal vectors have disjoint supports, so the
   * classes split into groups, each carried by one vector, and the other classes are collapsed):
   * take the DNC point with r live classes (class g on unit g of every layer), replace the class
   * means by h̄_k = Σ_g V_kg h̄_g and the last layer by V W_M: every pre-activation is a
   * non-negative combination of non-negative ones, so each ReLU is the identity on the data, the
   * logits are z·V Vᵀ and every norm is unchanged (V has orthonormal columns), i.e. the ReLU value
   * equals the linear optimum. The coordinate subsets are the groups of one class. This is a set
   * of global minimisers only if the claim holds (f_ReLU ≥ f* is what it asserts); the verifier
   * accepts a member only after the ReLU objective itself certifies it stationary at f*, kinks
   * included ({@code verify.Verifier#optimalMember}), and a point with any other structure is
   * judged as before.
   *
   * <p><b>Nearest member.</b> From the network's class-mean logits L at x: P = sym(L)/z; the live
   * classes are those with P_kk &gt; {@link #LIVE_SHARE}; two live classes share a group when their
   * cosine P_ij/√(P_ii P_jj) exceeds ½ (1 within a group, 0 across at a member); v_g ∝ √P_kk over its
   * group. A wrong guess costs nothing: the member must still pass every check at x.
   */
  static final class Projections implements TieSet {
    /**
     * A class's share v_k² of its group's direction at or below which it counts as collapsed: at a
     * member every share is 0 (round-off, ~1e-16) or a fixed positive number, and certified points
     * of the soundness draws had live shares down to 2e-4 (a 1e-3 cut dropped them). The cut
     * decides nothing the checks do not re-decide: the member must still pass every check at x.
     */
    static final double LIVE_SHARE = 1e-8;

    private final Setting s;
    private final Setting linearSetting;
    private final ScalarMinimizer.Result[] results;
    private final double root;
    private final double z;

    private Projections(Setting s, ScalarMinimizer.Result[] results, double root, double z) {
      this.s = s;
      this.linearSetting = s.withActivation(Activation.LINEAR);
      this.results = results;
      this.root = root;
      this.z = z;
    }

    /** The set at s, or null where not every class sits at its threshold (then none is built). */
    static Projections at(Setting s) {
      Setting linear = s.withActivation(Activation.LINEAR);
      MseBiasFreeTheory.Selection sel = MseBiasFreeTheory.select(linear);
      double[] open = MseBiasFreeTheory.openRoots(sel.results(), sel.gains(), sel.uChoice());
      if (java.util.Arrays.stream(open).anyMatch(Double::isNaN)) {
        return null;
      }
      double[] allLive = open.clone();
      Prediction live = new MseBiasFreeTheory().build(linear, allLive, sel.results());
      return new Projections(s, sel.results(), open[0], live.logits()[0][0]);
    }

    @Override
    public Prediction nearest(double[] x) {
      int k = s.K();
      double[][] logits = ncverify.measure.PointGeometry.of(s, x).logits();
      double[][] proj = new double[k][k];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          proj[i][j] = 0.5 * (logits[i][j] + logits[j][i]) / z;
        }
      }
      int[] group = new int[k];
      java.util.Arrays.fill(group, -1);
      int groups = 0;
      for (int i = 0; i < k; i++) {
        if (proj[i][i] <= LIVE_SHARE || group[i] >= 0) {
          continue;
        }
        group[i] = groups;
        for (int j = i + 1; j < k; j++) {
          if (proj[j][j] > LIVE_SHARE && group[j] < 0
              && proj[i][j] > 0.5 * Math.sqrt(proj[i][i] * proj[j][j])) {
            group[j] = groups;
          }
        }
        groups++;
      }
      double[][] v = new double[k][groups];
      double[] norm = new double[groups];
      for (int i = 0; i < k; i++) {
        if (group[i] >= 0) {
          v[i][group[i]] = Math.sqrt(proj[i][i]);
          norm[group[i]] += proj[i][i];
        }
      }
      for (int i = 0; i < k; i++) {
        if (group[i] >= 0) {
          v[i][group[i]] /= Math.sqrt(norm[group[i]]);
        }
      }
      return member(v);
    }

    /** The member z·V Vᵀ (V: K × r, non-negative orthonormal columns), built as derived above. */
    Prediction member(double[][] v) {
      int k = s.K();
      int r = v.length == 0 ? 0 : v[0].length;
      double[] u = new double[k];
      for (int g = 0; g < r; g++) {
        u[g] = root;
      }
      Prediction coordinate = new MseBiasFreeTheory().build(linearSetting, u, results);
      ncverify.problem.Layout layout = new ncverify.problem.Layout(s);
      double[] x = coordinate.minimiser().clone();
      double[][] h = layout.hMatrix(x);
      int[] labels = s.labels();
      double[][] classMean = new double[r][];
      for (int g = 0; g < r; g++) {
        for (int i = 0; i < labels.length; i++) {
          if (labels[i] == g) {
            classMean[g] = new double[s.d()];
            for (int row = 0; row < s.d(); row++) {
              classMean[g][row] = h[row][i];
            }
            break;
          }
        }
      }
      for (int i = 0; i < labels.length; i++) {
        for (int row = 0; row < s.d(); row++) {
          double acc = 0;
          for (int g = 0; g < r; g++) {
            acc += v[labels[i]][g] * classMean[g][row];
          }
          h[row][i] = acc;
        }
      }
      layout.setH(x, h);
      double[][] last = layout.wMatrix(x, s.depth());
      double[][] mixed = new double[k][last[0].length];
      for (int i = 0; i < k; i++) {
        for (int c = 0; c < last[0].length; c++) {
          for (int g = 0; g < r; g++) {
            mixed[i][c] += v[i][g] * last[g][c];
          }
        }
      }
      layout.setW(x, s.depth(), mixed);
      Prediction at = NumericalTheory.atPoint(s, x, coordinate.optimalValue());
      boolean grouped = false;
      for (int g = 0; g < r; g++) {
        int size = 0;
        for (int i = 0; i < k; i++) {
          size += v[i][g] != 0 ? 1 : 0;
        }
        grouped |= size > 1;
      }
      return new Prediction(grouped ? GROUPED_FAMILY : FAMILY, s, coordinate.optimalValue(), at.collapsed(), at.wNormSq(),
          at.hNormSq(), at.margins(), at.wGram(), at.hGram(), null, at.logits(), at.bias(),
          at.layerSingularValues(), x, true, coordinate.valueErrorBound(), s.K() != 2);
    }

    @Override
    public String description() {
      return "z·V Vᵀ logits for every V ≥ 0 with orthonormal columns (the DNC point with the classes "
          + "grouped, each group on one non-negative direction, any others collapsed)";
    }
  }
}

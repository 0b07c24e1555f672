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
    Prediction linear = new MseBiasFreeTheory().predict(s.withActivation(Activation.LINEAR));
    // Same point, same value (every pre-activation ≥ 0); the logits and Grams of the linear
    // prediction are the network's at this point.
    return new Prediction(FAMILY, s, linear.optimalValue(), linear.collapsed(), linear.wNormSq(),
        linear.hNormSq(), linear.margins(), linear.wGram(), linear.hGram(), linear.alignment(),
        linear.logits(), linear.bias(), linear.layerSingularValues(), linear.minimiser(),
        linear.atThreshold(), linear.valueErrorBound(), s.K() != 2);
  }
}

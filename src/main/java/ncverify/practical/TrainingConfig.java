package ncverify.practical;

import ncverify.problem.Loss;

/**
 * How the practical network is trained.
 *
 * @param loss MSE (½‖z − e_y‖² per sample) or CE, averaged over the batch
 * @param lambdaW weight decay on the head weights W_1 … W_M (λ_W,eff = λ_W)
 * @param lambdaH feature penalty (λ_H/2)·mean_i ‖h_i‖² (λ_H,eff = λ_H/N, see {@link EffectiveLambdas})
 * @param updateRule ADAM, or SGD with heavy-ball momentum
 * @param learningRate initial step size; multiplied by {@link #DECAY} after half and again after
 *     three quarters of the epochs (step decay, as in the NC literature: without it Adam's error
 *     kept bouncing between 0.1% and 2% on Fashion-MNIST instead of settling at ~0)
 * @param momentum heavy-ball momentum for SGD (ignored by Adam)
 * @param batchSize samples per step; 0 = full batch
 * @param epochs passes over the training subset
 * @param measureEvery measure the features every this many epochs (and at epoch 0 and the end)
 * @param seed initialisation and batch order
 */
public record TrainingConfig(Loss loss, double lambdaW, double lambdaH, UpdateRule updateRule,
    double learningRate, double momentum, int batchSize, int epochs, int measureEvery, long seed) {

  public enum UpdateRule { ADAM, SGD }

  /** Learning-rate factor applied at each of the two decay points. */
  public static final double DECAY = 0.1;

  /** The step size used in epoch {@code epoch} (1-based). */
  public double learningRateAt(int epoch) {
    double lr = learningRate;
    if (epoch > epochs / 2) {
      lr *= DECAY;
    }
    if (epoch > (3 * epochs) / 4) {
      lr *= DECAY;
    }
    return lr;
  }

  public TrainingConfig {
    if (epochs < 1 || measureEvery < 1 || batchSize < 0 || !(learningRate > 0)
        || lambdaW < 0 || lambdaH < 0) {
      throw new IllegalArgumentException("invalid training configuration");
    }
  }

  /** The epochs at which the features are measured: 0, every measureEvery, and the last. */
  public boolean measuredAt(int epoch) {
    return epoch == 0 || epoch == epochs || epoch % measureEvery == 0;
  }
}

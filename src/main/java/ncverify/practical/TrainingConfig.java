package ncverify.practical;

import ncverify.problem.Loss;

/**
 * How the practical network is trained.
 *
 * @param loss MSE (½‖z − e_y‖² per sample) or CE, averaged over the batch
 * @param lambdaW weight decay on the head weights W_1 … W_M (λ_W,eff = λ_W)
 * @param lambdaH feature penalty (λ_H/2)·mean_i ‖h_i‖² (λ_H,eff = λ_H/N, see {@link EffectiveLambdas})
 * @param updateRule ADAM, or SGD with heavy-ball momentum
 * @param learningRate initial step size, multiplied by the {@code schedule} (step decay as in the
 *     papers' code: without it Adam's error kept bouncing between 0.1% and 2% on Fashion-MNIST
 *     instead of settling at ~0)
 * @param momentum heavy-ball momentum for SGD (ignored by Adam)
 * @param batchSize samples per step; 0 = full batch
 * @param epochs passes over the training subset
 * @param measureEvery measure the features every this many epochs (and at epoch 0 and the end)
 * @param seed initialisation and batch order
 * @param schedule learning-rate decay points and factor
 * @param shuffle a fresh seeded batch order every epoch; false = the same fixed order every epoch
 *     (as P2's and P1-imbalanced's {@code CustomSubsetRandomSampler}, which does not shuffle)
 */
public record TrainingConfig(Loss loss, double lambdaW, double lambdaH, UpdateRule updateRule,
    double learningRate, double momentum, int batchSize, int epochs, int measureEvery, long seed,
    Schedule schedule, boolean shuffle) {

  public enum UpdateRule { ADAM, SGD }

  /** The schedule used when none is given: x0.1 after 1/2 and after 3/4 of the epochs. */
  public static final Schedule DEFAULT_SCHEDULE = Schedule.step(0.1, 0.5, 0.75);

  /** With the default schedule and shuffled batches. */
  public TrainingConfig(Loss loss, double lambdaW, double lambdaH, UpdateRule updateRule,
      double learningRate, double momentum, int batchSize, int epochs, int measureEvery, long seed) {
    this(loss, lambdaW, lambdaH, updateRule, learningRate, momentum, batchSize, epochs, measureEvery,
        seed, DEFAULT_SCHEDULE, true);
  }

  /** The step size used in epoch {@code epoch} (1-based). */
  public double learningRateAt(int epoch) {
    return learningRate * schedule.multiplier(epoch, epochs);
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

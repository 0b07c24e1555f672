package ncverify.measure;

/**
 * The named variants of the between-class covariance Σ_B (THEORY §8). With c the centre of the
 * variant and weights ω_k, Σ_B = Σ_k ω_k (h̄_k − c)(h̄_k − c)ᵀ. All three coincide for balanced
 * classes.
 *
 * <p>The literature differs on imbalanced data; {@link #UNIFORM} is the convention of THEORY §8,
 * P1, P2 and Zhu et al. (2021), whose reference code {@code validate_NC.py} divides Σ_k by K and
 * centres at the sample mean μ_G of all training features. Centring at the unweighted mean of
 * means instead is {@link #UNIFORM_MEAN_OF_MEANS}; it is offered because it is the natural
 * variance of the K points h̄_k (and is what the rank argument P H̄ᵀ uses), not because any of
 * the sources uses it.
 */
public enum BetweenCovariance {
  /** Σ_B = (1/K) Σ_k (h̄_k − h̄_G)(h̄_k − h̄_G)ᵀ, h̄_G sample-weighted. The default. */
  UNIFORM(MeanCentring.GLOBAL_MEAN),
  /** Σ_B = (1/K) Σ_k (h̄_k − μ̄)(h̄_k − μ̄)ᵀ, μ̄ = (1/K) Σ_k h̄_k (unweighted mean of means). */
  UNIFORM_MEAN_OF_MEANS(MeanCentring.MEAN_OF_MEANS),
  /**
   * Σ_B = Σ_k (n_k/N)(h̄_k − h̄_G)(h̄_k − h̄_G)ᵀ, the classical (Fisher) sample-weighted variant;
   * it satisfies Σ_T = Σ_W + Σ_B with Σ_T the total covariance of all samples about h̄_G.
   */
  SAMPLE_WEIGHTED(MeanCentring.GLOBAL_MEAN);

  private final MeanCentring centring;

  BetweenCovariance(MeanCentring centring) {
    this.centring = centring;
  }

  /** Where the means are measured from. */
  public MeanCentring centring() {
    return centring;
  }

  /** ω_k for class k. */
  public double weight(int k, int[] counts, int total) {
    return this == SAMPLE_WEIGHTED ? (double) counts[k] / total : 1.0 / counts.length;
  }
}

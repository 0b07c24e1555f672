package ncverify.measure;

/**
 * Which point the class means are measured from, before Gram matrices, cosines or Σ_B are formed.
 * For balanced classes GLOBAL_MEAN and MEAN_OF_MEANS coincide; with imbalance they differ.
 */
public enum MeanCentring {
  /** h̄_k as they are (P1's orthogonal-frame claims and P2's ReLU claims are about these). */
  UNCENTRED,
  /**
   * h̄_k − h̄_G with the sample-weighted global mean h̄_G = (1/N) Σ_i h_i = H̄ n / N (THEORY §1).
   * This is what Papyan et al. (2020) and Zhu et al. (2021)'s reference code subtract
   * (their μ_G is the mean over all training samples).
   */
  GLOBAL_MEAN,
  /**
   * h̄_k − μ̄ with the unweighted mean of class means μ̄ = (1/K) Σ_k h̄_k. This is the centring
   * under which the centred means H̄ P sum to zero; P2's classifier W = a P D^{1/2} H̄ᵀ is centred
   * this way (for the √n_k-scaled means).
   */
  MEAN_OF_MEANS
}

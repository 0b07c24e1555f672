package ncverify.claims;

/** Property test of claim {@code p1-mse-imbalanced-bias} (see its proof proofs/p1-mse-imbalanced-bias.m and its report entry). */
class P1MseImbalancedBiasProperties extends ClaimContract {
  P1MseImbalancedBiasProperties() {
    super("p1-mse-imbalanced-bias");
  }
}

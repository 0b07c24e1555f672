package ncverify.claims;

/** Property test of claim {@code p1-mse-imbalanced-deep} (see its proof proofs/p1-mse-imbalanced-deep.m and its report entry). */
class P1MseImbalancedDeepProperties extends ClaimContract {
  P1MseImbalancedDeepProperties() {
    super("p1-mse-imbalanced-deep");
  }
}

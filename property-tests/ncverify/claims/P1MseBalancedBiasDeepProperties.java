package ncverify.claims;

/** Property test of claim {@code p1-mse-balanced-bias-deep} (see its proof proofs/p1-mse-balanced-bias-deep.m and its report entry). */
class P1MseBalancedBiasDeepProperties extends ClaimContract {
  P1MseBalancedBiasDeepProperties() {
    super("p1-mse-balanced-bias-deep");
  }
}

package ncverify.claims;

/** Property test of claim {@code p1-mse-balanced-deep} (see its proof proofs/p1-mse-balanced-deep.m and its report entry). */
class P1MseBalancedDeepProperties extends ClaimContract {
  P1MseBalancedDeepProperties() {
    super("p1-mse-balanced-deep");
  }
}

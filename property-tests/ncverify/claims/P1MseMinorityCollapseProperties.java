package ncverify.claims;

/** Property test of claim {@code p1-mse-minority-collapse} (see its proof proofs/p1-mse-minority-collapse.m and its report entry). */
class P1MseMinorityCollapseProperties extends ClaimContract {
  P1MseMinorityCollapseProperties() {
    super("p1-mse-minority-collapse");
  }
}

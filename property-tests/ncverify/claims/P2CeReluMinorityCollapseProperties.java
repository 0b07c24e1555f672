package ncverify.claims;

/** Property test of claim {@code p2-ce-relu-minority-collapse} (see its proof proofs/p2-ce-relu-minority-collapse.m and its report entry). */
class P2CeReluMinorityCollapseProperties extends ClaimContract {
  P2CeReluMinorityCollapseProperties() {
    super("p2-ce-relu-minority-collapse");
  }
}

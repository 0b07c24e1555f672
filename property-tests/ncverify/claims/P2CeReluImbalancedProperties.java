package ncverify.claims;

/** Property test of claim {@code p2-ce-relu-imbalanced} (see its proof proofs/p2-ce-relu-imbalanced.m and its report entry). */
class P2CeReluImbalancedProperties extends ClaimContract {
  P2CeReluImbalancedProperties() {
    super("p2-ce-relu-imbalanced");
  }
}

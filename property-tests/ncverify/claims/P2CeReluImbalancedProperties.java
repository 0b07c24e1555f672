package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p2-ce-relu-imbalanced} (see its proof proofs/p2-ce-relu-imbalanced.m and its report entry). */
class P2CeReluImbalancedProperties extends ClaimContract {
  P2CeReluImbalancedProperties() {
    super("p2-ce-relu-imbalanced",
        "loss=ce bias=none features=nonneg n=30,10,5 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3",
        Verdict.VERIFIED);
  }
}

package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p2-ce-relu-minority-collapse} (see its proof proofs/p2-ce-relu-minority-collapse.m and its report entry). */
class P2CeReluMinorityCollapseProperties extends ClaimContract {
  P2CeReluMinorityCollapseProperties() {
    super("p2-ce-relu-minority-collapse",
        "loss=ce bias=none features=nonneg n=30,10,2 d=3 M=1 lambdaW=0.04 lambdaH=0.04",
        Verdict.VERIFIED);
  }
}

package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p1-mse-minority-collapse} (see its proof proofs/p1-mse-minority-collapse.m and its report entry). */
class P1MseMinorityCollapseProperties extends ClaimContract {
  P1MseMinorityCollapseProperties() {
    super("p1-mse-minority-collapse",
        "loss=mse bias=none features=free n=30,10,2 d=3 M=2 lambdaW=0.024 lambdaH=0.024",
        Verdict.VERIFIED);
  }
}

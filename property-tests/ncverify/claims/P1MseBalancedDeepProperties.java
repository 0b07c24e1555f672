package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p1-mse-balanced-deep} (see its proof proofs/p1-mse-balanced-deep.m and its report entry). */
class P1MseBalancedDeepProperties extends ClaimContract {
  P1MseBalancedDeepProperties() {
    super("p1-mse-balanced-deep",
        "loss=mse bias=none features=free n=10,10,10 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3",
        Verdict.VERIFIED);
  }
}

package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p1-mse-balanced-bias-deep} (see its proof proofs/p1-mse-balanced-bias-deep.m and its report entry). */
class P1MseBalancedBiasDeepProperties extends ClaimContract {
  P1MseBalancedBiasDeepProperties() {
    super("p1-mse-balanced-bias-deep",
        "loss=mse bias=free features=free n=10,10,10 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3",
        Verdict.VERIFIED);
  }
}

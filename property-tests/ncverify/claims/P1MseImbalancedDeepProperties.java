package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p1-mse-imbalanced-deep} (see its proof proofs/p1-mse-imbalanced-deep.m and its report entry). */
class P1MseImbalancedDeepProperties extends ClaimContract {
  P1MseImbalancedDeepProperties() {
    super("p1-mse-imbalanced-deep",
        "loss=mse bias=none features=free n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3",
        Verdict.VERIFIED);
  }
}

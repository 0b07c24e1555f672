package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code p1-mse-imbalanced-bias} (see its proof proofs/p1-mse-imbalanced-bias.m and its report entry). */
class P1MseImbalancedBiasProperties extends ClaimContract {
  P1MseImbalancedBiasProperties() {
    super("p1-mse-imbalanced-bias",
        "loss=mse bias=free features=free n=30,10,5 d=3 M=2 lambdaW=2e-3 lambdaH=2e-3",
        Verdict.VERIFIED);
  }
}

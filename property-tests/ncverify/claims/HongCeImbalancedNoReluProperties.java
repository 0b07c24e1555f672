package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code hong-ce-imbalanced-no-relu} (see its proof proofs/hong-ce-imbalanced-no-relu.m and its report entry). */
class HongCeImbalancedNoReluProperties extends ClaimContract {
  HongCeImbalancedNoReluProperties() {
    super("hong-ce-imbalanced-no-relu",
        "loss=ce bias=none features=free n=30,10,5 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3",
        Verdict.VERIFIED);
  }
}

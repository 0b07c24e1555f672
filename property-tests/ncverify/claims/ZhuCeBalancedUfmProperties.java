package ncverify.claims;

import ncverify.claim.Verdict;

/** Property test of claim {@code zhu-ce-balanced-ufm} (see its proof proofs/zhu-ce-balanced-ufm.m and its report entry). */
class ZhuCeBalancedUfmProperties extends ClaimContract {
  ZhuCeBalancedUfmProperties() {
    super("zhu-ce-balanced-ufm",
        "loss=ce bias=none features=free n=10,10,10 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3",
        Verdict.VERIFIED);
  }
}

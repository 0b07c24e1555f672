package ncverify.claims;

import ncverify.claim.Verdict;

/**
 * Property test of claim {@code sukenik-binary-deep-ce} (see its proof
 * proofs/sukenik-binary-deep-ce.m and its report entry): for K = 2 the antipodal ETF is global at
 * every depth, so the suite must verify it, while the five negative controls of
 * {@link ClaimContract} (wrong lengths, value, collapsed set, geometry, the origin) are refuted.
 */
class SukenikBinaryDeepCeProperties extends ClaimContract {
  SukenikBinaryDeepCeProperties() {
    super("sukenik-binary-deep-ce",
        "loss=ce bias=none features=free n=5,5 d=2 M=3 lambdaW=0.02 lambdaH=0.02",
        Verdict.VERIFIED);
  }
}

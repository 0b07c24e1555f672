package ncverify.claims;

/**
 * Property test of claim {@code sukenik-binary-deep-ce} (see its proof
 * proofs/sukenik-binary-deep-ce.m and its report entry): for K = 2 the antipodal ETF is global at
 * every depth, so the suite must verify it, while the five negative controls of
 * {@link ClaimContract} (wrong lengths, value, collapsed set, geometry, the origin) are refuted.
 */
class SukenikBinaryDeepCeProperties extends ClaimContract {
  SukenikBinaryDeepCeProperties() {
    super("sukenik-binary-deep-ce");
  }
}

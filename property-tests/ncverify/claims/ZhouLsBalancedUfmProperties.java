package ncverify.claims;

/**
 * Property test of claim {@code zhou-ls-balanced-ufm} (see its proof proofs/zhou-ls-balanced-ufm.m
 * and its report entry), with the smoothed-loss controls of {@link SmoothedEtfContract}.
 */
class ZhouLsBalancedUfmProperties extends SmoothedEtfContract {
  ZhouLsBalancedUfmProperties() {
    super("zhou-ls-balanced-ufm");
  }
}

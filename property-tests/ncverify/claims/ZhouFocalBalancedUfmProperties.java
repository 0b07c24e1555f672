package ncverify.claims;

/**
 * Property test of claim {@code zhou-focal-balanced-ufm} (see its proof proofs/zhou-focal-balanced-ufm.m
 * and its report entry), with the smoothed-loss controls of {@link SmoothedEtfContract}.
 */
class ZhouFocalBalancedUfmProperties extends SmoothedEtfContract {
  ZhouFocalBalancedUfmProperties() {
    super("zhou-focal-balanced-ufm");
  }
}

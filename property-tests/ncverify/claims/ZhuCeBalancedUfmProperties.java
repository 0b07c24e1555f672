package ncverify.claims;

/** Property test of claim {@code zhu-ce-balanced-ufm} (see its proof proofs/zhu-ce-balanced-ufm.m and its report entry). */
class ZhuCeBalancedUfmProperties extends ClaimContract {
  ZhuCeBalancedUfmProperties() {
    super("zhu-ce-balanced-ufm");
  }
}

package ncverify.claims;

/**
 * Property test of claim {@code sukenik-relu-dnc-two-layers} (its proof file in proofs/ and
 * its report entry): certified training on the ReLU deep UFM must reach the DNC value with its
 * structure on every generated setting, while the five negative controls of {@link ClaimContract}
 * (wrong lengths, value, collapsed set, geometry, the origin) are refuted.
 */
class SukenikReluDncTwoLayersProperties extends ClaimContract {
  SukenikReluDncTwoLayersProperties() {
    super("sukenik-relu-dnc-two-layers");
  }
}

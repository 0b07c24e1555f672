package ncverify.claims;

/** Property test of claim {@code hong-ce-imbalanced-no-relu} (see its proof proofs/hong-ce-imbalanced-no-relu.m and its report entry). */
class HongCeImbalancedNoReluProperties extends ClaimContract {
  HongCeImbalancedNoReluProperties() {
    super("hong-ce-imbalanced-no-relu");
  }
}

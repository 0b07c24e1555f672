package ncverify.claim.catalog;

import java.util.List;
import java.util.Optional;
import ncverify.claim.TheoryClaim;

/** Every claim the suite judges, in report order. */
public final class Catalogue {
  private Catalogue() {}

  private static final List<TheoryClaim> ALL = List.of(
      new P1MseImbalancedDeep(),
      new P1MseBalancedDeep(),
      new P1MseBalancedBiasDeep(),
      new P1MseMinorityCollapse(),
      new ZhuCeBalancedUfm(),
      new ZhouLsBalancedUfm(),
      new ZhouFocalBalancedUfm(),
      new P1CeBalancedDeep(),
      new GarrodKeatingDeepCeEtfNotGlobal(),
      new SukenikBinaryDeepCe(),
      new SukenikReluDncBinary(),
      new SukenikReluDncTwoLayers(),
      new SukenikReluLowrankBeatsDnc(),
      new P2CeReluImbalanced(),
      new P2CeReluMinorityCollapse(),
      new HongCeImbalancedNoRelu(),
      new P1MseImbalancedBias(),
      new P1MseTrainingReachesOptimum(),
      new ZhuCeBalancedNarrow(),
      new MseNarrowFeatures(),
      new MseRegularizedBias(),
      new MseRegularizedBiasDeep(),
      new MseNonnegFeatures());

  public static List<TheoryClaim> all() {
    return ALL;
  }

  public static Optional<TheoryClaim> byId(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}

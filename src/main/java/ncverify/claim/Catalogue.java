package ncverify.claim;

import java.util.List;
import java.util.Optional;
import ncverify.claim.catalog.HongCeImbalancedNoRelu;
import ncverify.claim.catalog.MseNarrowFeatures;
import ncverify.claim.catalog.MseNonnegFeatures;
import ncverify.claim.catalog.MseRegularizedBias;
import ncverify.claim.catalog.P1CeBalancedDeep;
import ncverify.claim.catalog.P1MseBalancedBiasDeep;
import ncverify.claim.catalog.P1MseBalancedDeep;
import ncverify.claim.catalog.P1MseImbalancedBias;
import ncverify.claim.catalog.P1MseImbalancedDeep;
import ncverify.claim.catalog.P1MseMinorityCollapse;
import ncverify.claim.catalog.P1MseTrainingReachesOptimum;
import ncverify.claim.catalog.P2CeReluImbalanced;
import ncverify.claim.catalog.P2CeReluMinorityCollapse;
import ncverify.claim.catalog.ZhuCeBalancedNarrow;
import ncverify.claim.catalog.ZhuCeBalancedUfm;

/** Every claim the suite judges, in report order. */
public final class Catalogue {
  private Catalogue() {}

  private static final List<Claim> ALL = List.of(
      new P1MseImbalancedDeep(),
      new P1MseBalancedDeep(),
      new P1MseBalancedBiasDeep(),
      new P1MseMinorityCollapse(),
      new ZhuCeBalancedUfm(),
      new P1CeBalancedDeep(),
      new P2CeReluImbalanced(),
      new P2CeReluMinorityCollapse(),
      new HongCeImbalancedNoRelu(),
      new P1MseImbalancedBias(),
      new P1MseTrainingReachesOptimum(),
      new ZhuCeBalancedNarrow(),
      new MseNarrowFeatures(),
      new MseRegularizedBias(),
      new MseNonnegFeatures());

  public static List<Claim> all() {
    return ALL;
  }

  public static Optional<Claim> byId(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}

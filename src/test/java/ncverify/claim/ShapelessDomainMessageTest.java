package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.catalog.Catalogue;
import ncverify.core.InvalidInput;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A claim whose domain lives only in its theory (the ReLU DNC claims) names the one key that
 * takes a setting outside it. User pass 7: imbalanced counts on sukenik-relu-dnc-two-layers were
 * refused under the key 'loss' although loss=mse is the claim's own loss.
 */
class ShapelessDomainMessageTest {
  private static final String INSIDE = "loss=mse bias=none features=free n=5,5,5 d=3 M=2 widths=4 "
      + "lambdaW=0.01 lambdaH=0.01 activation=relu";

  private static InvalidInput refusal(String claim, String setting) {
    return Catalogue.byId(claim).orElseThrow().outsideDomain(Setting.parse(setting))
        .orElseThrow(() -> new AssertionError(claim + " accepts " + setting));
  }

  @ParameterizedTest
  @CsvSource({
      "sukenik-relu-dnc-two-layers, 'n=5,5,5', 'n=5,3,2', n, balanced",
      "sukenik-relu-dnc-two-layers, loss=mse, loss=ce, loss, loss=mse only",
      "sukenik-relu-dnc-two-layers, features=free, features=nonneg, features, features=free only",
      "sukenik-relu-dnc-two-layers, lambdaH=0.01, lambdaH=0, lambdaH, every regulariser > 0",
      "sukenik-relu-dnc-binary, 'n=5,5,5', 'n=5,2', n, balanced"})
  void theRefusalNamesTheKeyThatIsOutside(String claim, String from, String to, String key,
      String rule) {
    String setting = INSIDE.replace(from, to);
    if (claim.endsWith("binary")) {
      setting = setting.replace("d=3", "d=2").replace("widths=4", "widths=2");
    }
    InvalidInput e = refusal(claim, setting);
    assertEquals("setting key '" + key + "'", e.place(), e.rule());
    assertTrue(e.rule().contains(rule), e.rule());
    assertTrue(e.rule().contains(claim), e.rule());
  }

  /** Control: the setting inside the domain is accepted, so the probes above are what refuses. */
  @Test
  void theSettingInsideIsAccepted() {
    assertTrue(Catalogue.byId("sukenik-relu-dnc-two-layers").orElseThrow()
        .outsideDomain(Setting.parse(INSIDE)).isEmpty());
    assertTrue(Catalogue.byId("sukenik-relu-dnc-binary").orElseThrow().outsideDomain(Setting.parse(
        INSIDE.replace("n=5,5,5", "n=5,5").replace("d=3", "d=2").replace("widths=4", "widths=2")))
        .isEmpty());
  }
}

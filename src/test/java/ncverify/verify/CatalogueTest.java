package ncverify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import ncverify.claim.ClaimResult;
import ncverify.claim.TheoryClaim;
import ncverify.claim.Verdict;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.report.ClaimEntry;
import ncverify.report.ReportModel;
import ncverify.theory.Prediction;
import org.junit.jupiter.api.Test;

/**
 * Every catalogue claim is complete: exactly one proof file and one property test named by its id,
 * one report entry, a named theory that covers its control setting (where some class is alive),
 * and a recorded finding. A claim added without any of these fails here, by name.
 */
class CatalogueTest {
  private static final Path PROOFS = Path.of("proofs");
  private static final Path PROPERTY_TESTS = Path.of("property-tests/ncverify/claims");

  @Test
  void idsAreUniqueAndKebabCase() {
    Set<String> seen = new HashSet<>();
    for (TheoryClaim c : Catalogue.all()) {
      assertTrue(c.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), c.id());
      assertTrue(seen.add(c.id()), "duplicate id " + c.id());
    }
  }

  @Test
  void everyClaimHasExactlyOneProofFile() throws IOException {
    for (TheoryClaim c : Catalogue.all()) {
      assertEquals(PROOFS.resolve(c.id() + ".m"), Path.of(c.proofFile()), c.id());
      try (Stream<Path> files = Files.list(PROOFS)) {
        List<Path> named = files.filter(p -> p.getFileName().toString().startsWith(c.id() + "."))
            .toList();
        assertEquals(List.of(PROOFS.resolve(c.id() + ".m")), named, c.id());
      }
    }
  }

  @Test
  void everyClaimHasExactlyOnePropertyTest() throws IOException {
    for (TheoryClaim c : Catalogue.all()) {
      String declaration = "super(\"" + c.id() + "\")";
      try (Stream<Path> files = Files.list(PROPERTY_TESTS)) {
        List<Path> tests = files.filter(p -> p.toString().endsWith("Properties.java"))
            .filter(p -> read(p).contains(declaration)).toList();
        assertEquals(1, tests.size(), c.id() + ": " + tests);
      }
    }
  }

  @Test
  void everyClaimHasANamedTheoryARecordedFindingAndALiveControlSetting() {
    for (TheoryClaim c : Catalogue.all()) {
      assertNotNull(c.theory(), c.id());
      assertTrue(c.finding().isPresent(), c.id() + " records no finding");
      assertTrue(c.finding().get().verdict() != Verdict.INCONCLUSIVE, c.id());
      Setting control = c.controlSetting().orElseThrow(() -> new AssertionError(c.id()));
      assertTrue(c.theory().covers(control), c.id() + ": its theory does not cover " + control);
      Prediction p = c.predict(control).orElseThrow();
      assertTrue(p.collapsed().length < control.K(), c.id() + ": no live class in " + control);
    }
  }

  @Test
  void everyClaimHasExactlyOneReportEntry() {
    List<ClaimResult> results = Catalogue.all().stream()
        .map(c -> new ClaimResult(c, 1L, Verdict.INCONCLUSIVE, List.of(), Map.of(), null, 0))
        .toList();
    ReportModel model = ClaimReports.build(results, Map.of(), null, null, "");
    List<String> ids = model.claims().stream().map(ClaimEntry::id).sorted().toList();
    assertEquals(Catalogue.all().stream().map(TheoryClaim::id).sorted().toList(), ids);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

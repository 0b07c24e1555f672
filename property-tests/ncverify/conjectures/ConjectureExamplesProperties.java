package ncverify.conjectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ncverify.claim.ClaimResult;
import ncverify.claim.DeclaredConjecture;
import ncverify.claim.SettingOutcome;
import ncverify.claim.Verdict;
import ncverify.problem.Setting;
import ncverify.verify.ClaimRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every worked example under {@code property-tests/conjectures/} (README, "Adding a conjecture"):
 * a file named {@code *-wrong.conj} is a negative control and must be REFUTED with a small shrunk
 * counterexample that reproduces; every other file states something true and must never be
 * REFUTED: it is VERIFIED on the settings drawn, or INCONCLUSIVE with a reason at a setting where
 * the evidence cannot decide (an exact threshold), with at least one setting VERIFIED. Few tries
 * each, to keep the default run short; {@code -Dncverify.tries=N} multiplies them and
 * {@code -Dncverify.seed=S} changes the seed.
 */
class ConjectureExamplesProperties {
  private static final Path DIR = Path.of("property-tests/conjectures");
  private static final int SCALE = Integer.getInteger("ncverify.tries", 1);
  private static final long SEED = Long.getLong("ncverify.seed", 1L);
  /** Settings drawn for a true statement (the first draws are the domain's corners). */
  private static final int TRUE_TRIES = 2;
  /** Settings drawn for a negative control before shrinking. */
  private static final int WRONG_TRIES = 3;
  /** A shrunk counterexample is small: at most this many classes and samples. */
  private static final int SMALL_K = 3, SMALL_N = 30;

  @TestFactory
  Stream<DynamicTest> everyExample() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(DIR)) {
      files = list.filter(p -> p.toString().endsWith(".conj")).sorted().toList();
    }
    assertTrue(files.size() >= 20, "the worked examples are present: " + files);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
        () -> judge(f, f.getFileName().toString().endsWith("-wrong.conj"))));
  }

  private static void judge(Path file, boolean wrong) {
    try (DeclaredConjecture c = DeclaredConjecture.open(file)) {
      ClaimRunner runner = new ClaimRunner();
      ClaimResult r = runner.run(c, SEED, (wrong ? WRONG_TRIES : TRUE_TRIES) * SCALE, o -> { });
      if (!wrong) {
        assertTrue(r.verdict() != Verdict.REFUTED, file + ": a true statement refuted: " + r.outcomes());
        assertTrue(r.outcomes().stream().anyMatch(o -> o.verdict() == Verdict.VERIFIED),
            file + ": " + r.outcomes());
        return;
      }
      assertEquals(Verdict.REFUTED, r.verdict(), file + ": " + r.outcomes());
      SettingOutcome o = r.counterexample();
      assertNotNull(o.counterexample(), file.toString());
      Setting s = o.setting();
      assertTrue(s.K() <= SMALL_K && s.N() <= SMALL_N, file + ": counterexample not small: " + s);
      // Reproducible from the printed setting and seed.
      ClaimResult again = runner.runOne(c, Setting.parse(s.toString()), o.seed());
      assertEquals(Verdict.REFUTED, again.verdict(), file + ": " + again.outcomes());
    }
  }
}

package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ncverify.core.InvalidInput;
import ncverify.symbolic.SymbolicEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conjecture file's parser, comparison modes and sandbox rules, each with a negative control. */
class DeclaredConjectureTest {
  @TempDir
  Path dir;

  private static final String HEADER = "id: x\ntitle: t\nsource: s\nstatus: CONJECTURE\n"
      + "setting: loss=mse bias=none features=free\nvary K: 2..3\nvary n: 1..4\n"
      + "vary lambdaW: 1e-2..1e-1\nvary lambdaH: 1e-2..1e-1\n";

  @Test
  void everyErrorOfAFileIsListedInLineOrder() throws Exception {
    Path f = dir.resolve("bad.conj");
    Files.writeString(f, "title: t\nsource: s\nstatus: CONJECTURE\n"
        + "setting: loss=mse bias=none features=free\nvary K: 2..3\nvary n: 1..4\n"
        + "vary lambdaQ: 1..2\n"                     // line 7: unknown variable
        + "predict w_norm_sq tol 7: 1\n"             // line 8: tol out of range
        + "predict w_nrm: 1\n"                       // line 9: unknown quantity
        + "vary lambdaW: 1e-2..1e-1\nvary lambdaH: 1e-2..1e-1\n");
    InvalidInput e = assertThrows(InvalidInput.class, () -> DeclaredConjecture.open(f));
    String m = e.getMessage();
    int l7 = m.indexOf("bad.conj:7:"), l8 = m.indexOf("bad.conj:8:"), l9 = m.indexOf("bad.conj:9:");
    int whole = m.indexOf("missing 'id:'");
    assertTrue(l7 >= 0 && l7 < l8 && l8 < l9 && l9 < whole, m);
  }

  @Test
  void localNamesThatCollideWithBuiltInsOrSymbolsAreRefusedWithTheReason() throws Exception {
    Path f = dir.resolve("names.conj");
    Files.writeString(f, HEADER + "let norm: 1\nlet NTOTAL: 2\nlet fine: 3\npredict w_norm_sq: fine\n");
    InvalidInput e = assertThrows(InvalidInput.class, () -> DeclaredConjecture.open(f));
    assertTrue(e.getMessage().contains("names.conj:10: let norm: the name collides with Symja's "
        + "built-in 'Norm'"), e.getMessage());
    assertTrue(e.getMessage().contains("names.conj:11: let NTOTAL: the name is taken by the symbol "
        + "'Ntotal'"), e.getMessage());
    assertTrue(!e.getMessage().contains("let fine"), e.getMessage());
  }

  @Test
  void theSuitesOwnSymbolsAreNotSymjaBuiltIns() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      for (String name : DeclaredConjecture.reservedSymbols()) {
        // One-letter names are case-sensitive in Symja's relaxed syntax (k is not K, d is not D).
        if (name.length() > 1) {
          assertNull(ev.builtInNamed(name), name);
        }
      }
      assertEquals("Cross", ev.builtInNamed("cross"), "negative control: a built-in is found");
    }
  }

  @Test
  void assignmentsDoNotLeakIntoTheNextEvaluation() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      assertEquals(3.0, ev.evaluate("(q = 3; q)", Map.of()));
      assertThrows(IllegalArgumentException.class, () -> ev.evaluate("q", Map.of()));
      assertTrue(Double.isNaN(ev.evaluate("If[K == 2, DontCare, 1]", Map.of("K", 2))));
      assertThrows(IllegalArgumentException.class, () -> ev.evaluate("0/0", Map.of()),
          "0/0 is an error, not a don't-care entry");
    }
  }

  @Test
  void upToAPositiveScaleAcceptsMultiplesOnly() {
    double[][][] etf = {{{1, -0.5, -0.5}, {-0.5, 1, -0.5}, {-0.5, -0.5, 1}}};
    double[][][] scaled = {{{3, -1.5, -1.5}, {-1.5, 3, -1.5}, {-1.5, -1.5, 3}}};
    double[][][] identity = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    double[][][] negated = {{{-3, 1.5, 1.5}, {1.5, -3, 1.5}, {1.5, 1.5, -3}}};
    assertTrue(DeclaredConjecture.deviation(scaled, etf, true, false, false) < 1e-15);
    assertTrue(DeclaredConjecture.deviation(identity, etf, true, false, false) > 0.1);
    assertTrue(DeclaredConjecture.deviation(negated, etf, true, false, false) > 1, "a negative scale is not allowed");
    assertTrue(DeclaredConjecture.deviation(scaled, etf, false, false, false) > 1, "equal mode sees the scale");
  }

  @Test
  void biasComparedModuloTheConstantShiftOnlyWhenAsked() {
    double[][][] b = {{{1, 2, 3}}};
    double[][][] shifted = {{{11, 12, 13}}};
    assertTrue(DeclaredConjecture.deviation(b, shifted, false, true, false) < 1e-15);
    assertTrue(DeclaredConjecture.deviation(b, shifted, false, false, false) > 0.5);
    assertTrue(DeclaredConjecture.deviation(new double[][][] {{{1, 5, 3}}}, shifted, false, true, false) > 0.1);
  }

  @Test
  void dontCareEntriesAreNotJudged() {
    double[][][] measured = {{{1, 2, 100}}};
    assertTrue(DeclaredConjecture.deviation(measured, new double[][][] {{{1, 2, Double.NaN}}}, false, false, false) < 1e-15);
    assertTrue(DeclaredConjecture.deviation(measured, new double[][][] {{{1, 2, 3}}}, false, false, false) > 1);
  }

  @Test
  void layersTakeTheirOwnScale() {
    double[][][] measured = {{{2, 2}}, {{5, 5}}};
    assertTrue(DeclaredConjecture.deviation(measured, new double[][][] {{{1, 1}}, {{1, 1}}}, true, false, false) < 1e-15);
    assertTrue(DeclaredConjecture.deviation(measured, new double[][][] {{{1, 1}}, {{2, 1}}}, true, false, false) > 0.1);
  }

  /** Up to scale, a zero measurement has no direction: undefined (NaN), not a deviation of 1. */
  @Test
  void upToScaleOfAZeroMeasurementIsUndefined() {
    double[][][] etf = {{{1, -0.5}, {-0.5, 1}}};
    double[][][] zero = {{{0, 0}, {0, 0}}};
    double[][][] tiny = {{{1e-19, -3e-19}, {2e-19, 1e-19}}};
    assertTrue(Double.isNaN(DeclaredConjecture.deviation(zero, etf, true, false, false)));
    assertTrue(Double.isNaN(DeclaredConjecture.deviation(tiny, etf, true, false, true)),
        "a fully collapsed point's round-off has no direction");
    assertEquals(0.0, DeclaredConjecture.deviation(zero, zero, true, false, false), 0.0);
    // controls: a zero prediction against a live measurement deviates; equal mode sees the zero
    assertEquals(1.0, DeclaredConjecture.deviation(etf, zero, true, false, false), 0.0);
    assertTrue(DeclaredConjecture.deviation(zero, etf, false, false, false) >= 1);
    assertTrue(DeclaredConjecture.deviation(tiny, etf, true, false, false) > 0.1,
        "without the collapse flag the round-off direction is judged");
  }
}

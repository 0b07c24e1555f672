package ncverify.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15: each conjecture expression is evaluated in a fresh scope, with bounded resources. */
class SymbolicEvaluatorTest {

  @Test
  void anAssignmentInOneEvaluationIsInvisibleToTheNext() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      // within one expression the assignment holds (the control: assignments do work) …
      assertEquals(5.0, ev.evaluate("(cc = 5; f[y_] := 2*y; cc)", Map.of()), 0.0);
      assertEquals(6.0, ev.evaluate("(f[y_] := 2*y; f[K])", Map.of("K", 3)), 0.0);
      // … but neither the value nor the definition leaks into the next evaluation
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ev.evaluate("cc", Map.of()));
      assertTrue(e.getMessage().contains("not evaluate to a real number"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> ev.evaluate("f[3]", Map.of()));
      // a binding cannot be overwritten for later expressions either
      assertEquals(1.0, ev.evaluate("(K = 100; 1)", Map.of("K", 3)), 0.0);
      assertEquals(3.0, ev.evaluate("K", Map.of("K", 3)), 0.0);
    }
  }

  @Test
  void aHugeListIsRefusedWithTheLimitNamed() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ev.evaluate("Length[Range[10^9]]", Map.of()));
      assertTrue(e.getMessage().contains("limit"), e.getMessage());
      assertEquals(1000.0, ev.evaluate("Length[Range[1000]]", Map.of()), 0.0);
    }
  }

  /** Scientific notation is rewritten to an exact power of ten; names and Symja's *^ are kept. */
  @Test
  void scientificNotationIsReadAsAPowerOfTen() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      assertEquals(1e-6, ev.evaluate("1e-6", Map.of()), 1e-22);
      assertEquals(2500.0, ev.evaluate("2.5E+3", Map.of()), 0.0);
      assertEquals(0.05, ev.evaluate(".5e-1", Map.of()), 1e-18);
      assertEquals(3e-6, ev.evaluate("x1e*1e-6", Map.of("x1e", 3)), 1e-21);
      assertEquals(2e-3, ev.evaluate("2*^-3", Map.of()), 1e-18);
      // control: E alone is still Euler's number
      assertEquals(Math.E - 6, ev.evaluate("E-6", Map.of()), 1e-12);
    }
    assertEquals("x1e+(1*10^(-6))", SymbolicEvaluator.withScientificNotation("x1e+1e-6"));
  }

  @Test
  void anUnparsableExpressionNamesTheReason() {
    try (SymbolicEvaluator ev = new SymbolicEvaluator()) {
      assertTrue(ev.syntaxError("(((").startsWith("does not parse"), ev.syntaxError("((("));
      assertEquals(null, ev.syntaxError("Sqrt[2]*(1 + 1e-6)"));
    }
  }
}

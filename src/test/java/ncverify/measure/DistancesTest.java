package ncverify.measure;

import static ncverify.measure.Fixtures.ROUND_OFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {
  private final Random rng = new Random(21);

  @Test
  void normalizedDistanceIsBlindToPositiveScaleButNotToSign() {
    double[][] a = Fixtures.gaussian(4, 3, rng);
    assertEquals(0, Distances.normalized(Matrices.scale(a, 7.5), a), ROUND_OFF);
    assertEquals(0, Distances.normalized(Matrices.scale(a, 1e-150), a), ROUND_OFF);
    // Â and −Â are antipodal on the unit sphere: distance exactly 2
    assertEquals(2, Distances.normalized(Matrices.scale(a, -3), a), ROUND_OFF);
  }

  @Test
  void normalizedDistanceMatchesTheInnerProductFormula() {
    // nd² = 2 − 2⟨A, B⟩/(‖A‖‖B‖) for any non-zero A, B
    for (int t = 0; t < 20; t++) {
      double[][] a = Fixtures.gaussian(3, 5, rng);
      double[][] b = Fixtures.gaussian(3, 5, rng);
      double inner = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 5; j++) {
          inner += a[i][j] * b[i][j];
        }
      }
      double cos = inner / (Matrices.frobeniusNorm(a) * Matrices.frobeniusNorm(b));
      assertEquals(Math.sqrt(2 - 2 * cos), Distances.normalized(a, b), ROUND_OFF);
    }
  }

  @Test
  void scaleErrorsAreSeenByTheUnnormalisedDistancesOnly() {
    double[][] b = Fixtures.gaussian(4, 4, rng);
    double[][] a = Matrices.scale(b, 1.1);
    Distance d = Distance.between(a, b);
    assertEquals(0, d.normalized(), ROUND_OFF);
    assertEquals(0.1, d.relative(), ROUND_OFF);
    assertEquals(0.1 * Matrices.frobeniusNorm(b), d.absolute(), ROUND_OFF);
  }

  @Test
  void zeroMatricesHaveNoShape() {
    double[][] zero = new double[3][3];
    double[][] a = Fixtures.gaussian(3, 3, rng);
    assertTrue(Double.isNaN(Distances.normalized(zero, a)));
    assertTrue(Double.isNaN(Distances.normalized(a, zero)));
    assertTrue(Double.isNaN(Distances.normalized(zero, zero)));
    // relative: equal zero matrices are at distance 0; a non-zero A from B = 0 is enormous
    assertEquals(0, Distances.relative(zero, zero), 0.0);
    assertTrue(Distances.relative(a, zero) > 1e300);
    assertTrue(Double.isNaN(Distances.normalized(new double[][] {{Double.NaN}}, new double[][] {{1}})));
  }

  @Test
  void shapesMustMatch() {
    assertThrows(IllegalArgumentException.class,
        () -> Distances.normalized(new double[2][3], new double[3][2]));
  }
}

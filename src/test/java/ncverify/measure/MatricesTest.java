package ncverify.measure;

import static ncverify.measure.Fixtures.ROUND_OFF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatricesTest {
  @Test
  void productsAgreeWithTheirDefinitions() {
    Random rng = new Random(11);
    double[][] a = Fixtures.gaussian(3, 5, rng);
    double[][] b = Fixtures.gaussian(5, 4, rng);
    double[][] ab = Matrices.multiply(a, b);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int l = 0; l < 5; l++) {
          s += a[i][l] * b[l][j];
        }
        assertEquals(s, ab[i][j], ROUND_OFF);
      }
    }
    double[][] viaTranspose = Matrices.multiplyTransposed(a, Matrices.transpose(b));
    assertEquals(0, Distances.absolute(ab, viaTranspose), ROUND_OFF);
    assertEquals(0, Distances.absolute(Matrices.rowGram(a),
        Matrices.multiply(a, Matrices.transpose(a))), ROUND_OFF);
    assertEquals(0, Distances.absolute(Matrices.columnGram(a),
        Matrices.multiply(Matrices.transpose(a), a)), ROUND_OFF);
    assertThrows(IllegalArgumentException.class, () -> Matrices.multiply(a, a));
  }

  @Test
  void centringMatrixIsTheIdempotentProjectorWithNormRootKMinusOne() {
    for (int k = 2; k <= 8; k++) {
      double[][] p = Matrices.centring(k);
      assertEquals(0, Distances.absolute(Matrices.multiply(p, p), p), ROUND_OFF);
      assertEquals(Math.sqrt(k - 1), Matrices.frobeniusNorm(p), ROUND_OFF);
      assertArrayEquals(new double[k], Matrices.multiply(p, ones(k)), ROUND_OFF);
    }
  }

  @Test
  void orthonormalColumnsAreOrthonormalAndSeeded() {
    double[][] u = Matrices.orthonormalColumns(7, 4, new Random(3));
    assertEquals(0, Distances.absolute(Matrices.columnGram(u), Matrices.identity(4)), ROUND_OFF);
    double[][] again = Matrices.orthonormalColumns(7, 4, new Random(3));
    assertEquals(0, Distances.absolute(u, again), 0.0);
  }

  @Test
  void pseudoInverseSatisfiesThePenroseConditionsAndCutsSmallSingularValues() {
    Random rng = new Random(5);
    // rank-2 5×4 matrix
    double[][] a = Matrices.multiply(Fixtures.gaussian(5, 2, rng), Fixtures.gaussian(2, 4, rng));
    double[][] p = Matrices.pseudoInverse(a, 1e-10);
    assertEquals(0, Distances.relative(Matrices.multiply(Matrices.multiply(a, p), a), a), 1e-12);
    assertEquals(0, Distances.relative(Matrices.multiply(Matrices.multiply(p, a), p), p), 1e-12);
    double[][] ap = Matrices.multiply(a, p);
    assertEquals(0, Distances.absolute(ap, Matrices.transpose(ap)), 1e-12);
    // negative control: without a cut-off, round-off singular values blow up the inverse
    double[][] noCut = Matrices.pseudoInverse(a, 0);
    assertTrue(Matrices.frobeniusNorm(noCut) > 1e6 * Matrices.frobeniusNorm(p),
        "round-off singular values should have been inverted without a cut-off");
    assertEquals(0, Matrices.frobeniusNorm(Matrices.pseudoInverse(new double[3][2], 1e-10)), 0.0);
  }

  @Test
  void normsDoNotUnderflowOrIgnoreNaN() {
    double[][] tiny = {{3e-200, 4e-200}};
    assertEquals(5e-200, Matrices.frobeniusNorm(tiny), 1e-212);
    assertEquals(5e-200, Matrices.norm(tiny[0]), 1e-212);
    assertTrue(Double.isNaN(Matrices.frobeniusNorm(new double[][] {{1, Double.NaN}})));
    assertTrue(Double.isNaN(Matrices.norm(new double[] {Double.NaN, 1})));
  }

  @Test
  void raggedMatricesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Matrices.frobeniusNorm(new double[][] {{1, 2}, {3}}));
    assertThrows(IllegalArgumentException.class, () -> Matrices.trace(new double[2][3]));
  }

  private static double[] ones(int k) {
    double[] v = new double[k];
    java.util.Arrays.fill(v, 1);
    return v;
  }
}

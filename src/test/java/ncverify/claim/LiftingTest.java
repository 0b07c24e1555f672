package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.measure.PointGeometry;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/** The lifted point has exactly the requested logits, at every depth and with unequal counts. */
class LiftingTest {
  private static final double[][] Z = {{2, -1, 0.5}, {-1, 3, -1}, {0.25, -1, 1}};

  @Test
  void liftedPointReproducesTheLogits() {
    for (String depth : new String[] {"1", "3"}) {
      Setting s = Setting.parse("loss=ce bias=none features=free n=3,1,2 d=4 M=" + depth
          + " lambdaW=0.01,0.02,0.05 lambdaH=0.1".replace("0.01,0.02,0.05", depth.equals("1") ? "0.01" : "0.01,0.02,0.05"));
      double[][] measured = PointGeometry.of(s, Lifting.cheapest(s, Z)).logits();
      assertTrue(Comparison.relative(measured, Z) < 1e-12, "M=" + depth);
      double[][] other = {{2, -1, 0.5}, {-1, 3, -1}, {0.25, -1, 2}};
      assertTrue(Comparison.relative(measured, other) > 0.1, "negative control");
    }
  }
}

package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectiveSmokeTest {
  @Test
  void gradientMatchesFiniteDifferencesForEveryVariant() {
    Random r = new Random(1);
    for (Loss loss : Loss.values()) {
      for (Bias bias : Bias.values()) {
        for (int depth = 1; depth <= 3; depth++) {
          Setting s = Setting.parse("loss=" + loss + " bias=" + bias + " features=free n=3,2,1 d=4 M="
              + depth + " lambdaW=0.01 lambdaH=0.02" + (bias == Bias.REGULARIZED ? " lambdaB=0.03" : ""));
          Objective f = new Objective(s);
          double[] x = new double[f.dimension()];
          for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
          double[] g = new double[x.length];
          f.valueAndGradient(x, g);
          double h = 1e-6, worst = 0;
          for (int i = 0; i < x.length; i++) {
            double[] xp = x.clone(), xm = x.clone();
            xp[i] += h; xm[i] -= h;
            double fd = (f.value(xp) - f.value(xm)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(g[i])));
          }
          System.out.println(s + " worst=" + worst);
          assertTrue(worst < 1e-6, s + " worst " + worst);
        }
      }
    }
  }
}

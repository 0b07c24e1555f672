package ncverify.theory;

import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class ExploreTest {
  @Test
  void explore() {
    String[] settings = {
      "loss=mse bias=none features=free n=200,100,50,50 d=8 M=3 lambdaW=5e-4 lambdaH=5e-4",
      "loss=mse bias=none features=free n=200,100,50,50 d=8 M=1 lambdaW=5e-4 lambdaH=5e-4",
      "loss=mse bias=none features=free n=20,10,5,5 d=6 M=2 widths=5 lambdaW=1e-2,3e-3 lambdaH=2e-3",
      "loss=mse bias=free features=free n=10,10,10 d=3 M=2 lambdaW=1e-3 lambdaH=1e-3",
      "loss=mse bias=free features=free n=30,10,5 d=3 M=3 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=none features=free n=10,10,10 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=free features=free n=10,10,10 d=4 M=3 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=none features=nonneg n=30,10,5,2 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=none features=free n=30,10,5,2 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=none features=free n=10,10,10 d=4 M=1 lambdaW=1e-3 lambdaH=2e-3",
    };
    for (String t : settings) {
      Setting s = Setting.parse(t);
      Theory th = Theories.forSetting(s).orElseThrow();
      long t0 = System.nanoTime();
      Prediction p = th.predict(s);
      long t1 = System.nanoTime();
      double v = Stationarity.value(s, p.minimiser());
      System.out.printf("%s%n  %s f*=%.15g f(x)=%.15g relerr=%.2e grad=%.2e collapsed=%s gap=%.2e time=%.1fms%n  w=%s%n  h=%s%n  margins=%s%n",
          t, th.family(), p.optimalValue(), v, Math.abs(v - p.optimalValue()) / Math.abs(v),
          Stationarity.relativeResidual(s, p.minimiser()), java.util.Arrays.toString(p.collapsed()),
          p.valueErrorBound(), (t1 - t0) / 1e6, java.util.Arrays.toString(p.wNormSq()),
          java.util.Arrays.toString(p.hNormSq()), java.util.Arrays.toString(p.margins()));
    }
  }
}

package ncverify.practical;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma &amp; Ba, bias-corrected, ε = 1e-8) or SGD with heavy-ball momentum
 * (v ← μ v + g, p ← p − η v), updating the flat parameter vector in place from the flat gradient.
 *
 * <p>A plain loop over the NIO buffers: one pass of a few flops per parameter. ND4J's own updaters
 * issue several native ops per step, each with a fixed cost that grew to milliseconds when the two
 * cores were shared (measured on tiny nets: 1.2–14 ms per Adam step vs the loop's microseconds).
 */
final class Updater {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final TrainingConfig.UpdateRule kind;
  private final double momentum;
  private final double[] first;
  private final double[] second;
  private long steps;
  private final double[] p;
  private final double[] g;
  private final float[] pf;
  private final float[] gf;

  Updater(TrainingConfig cfg, int parameters) {
    this.kind = cfg.updateRule();
    this.momentum = cfg.momentum();
    this.first = new double[parameters];
    this.second = kind == TrainingConfig.UpdateRule.ADAM ? new double[parameters] : null;
    this.p = new double[parameters];
    this.g = new double[parameters];
    this.pf = new float[parameters];
    this.gf = new float[parameters];
  }

  void step(INDArray params, INDArray gradient, double lr) {
    steps++;
    int n = first.length;
    double[] p = this.p;
    double[] g = this.g;
    boolean f = params.dataType() == DataType.FLOAT;
    if (f) {
      // bulk copies: element-wise access to direct buffers is several times slower
      params.data().asNioFloat().get(pf, 0, n);
      gradient.data().asNioFloat().get(gf, 0, n);
      for (int i = 0; i < n; i++) {
        p[i] = pf[i];
        g[i] = gf[i];
      }
    } else {
      params.data().asNioDouble().get(p, 0, n);
      gradient.data().asNioDouble().get(g, 0, n);
    }
    if (kind == TrainingConfig.UpdateRule.ADAM) {
      double c1 = 1 - Math.pow(BETA1, steps);
      double c2 = 1 - Math.pow(BETA2, steps);
      for (int i = 0; i < n; i++) {
        first[i] = BETA1 * first[i] + (1 - BETA1) * g[i];
        second[i] = BETA2 * second[i] + (1 - BETA2) * g[i] * g[i];
        p[i] -= lr * (first[i] / c1) / (Math.sqrt(second[i] / c2) + EPSILON);
      }
    } else {
      for (int i = 0; i < n; i++) {
        first[i] = momentum * first[i] + g[i];
        p[i] -= lr * first[i];
      }
    }
    if (f) {
      for (int i = 0; i < n; i++) {
        pf[i] = (float) p[i];
      }
      params.data().asNioFloat().put(pf, 0, n);
    } else {
      params.data().asNioDouble().put(p, 0, n);
    }
  }
}

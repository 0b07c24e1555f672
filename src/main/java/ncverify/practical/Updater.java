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
  private long steps;
  // double state for DOUBLE parameters (gradient checks), float state for FLOAT ones (training):
  // float moments as in PyTorch, and no float<->double copies of the whole vector every step
  private double[] first, second, p, g;
  private float[] firstF, secondF, pf, gf;
  private final int n;

  Updater(TrainingConfig cfg, int parameters) {
    this.kind = cfg.updateRule();
    this.momentum = cfg.momentum();
    this.n = parameters;
  }

  void step(INDArray params, INDArray gradient, double lr) {
    steps++;
    if (params.dataType() == DataType.FLOAT) {
      stepFloat(params, gradient, lr);
    } else {
      stepDouble(params, gradient, lr);
    }
  }

  private void stepFloat(INDArray params, INDArray gradient, double lr) {
    if (pf == null) {
      pf = new float[n];
      gf = new float[n];
      firstF = new float[n];
      secondF = kind == TrainingConfig.UpdateRule.ADAM ? new float[n] : null;
    }
    params.data().asNioFloat().get(pf, 0, n);
    gradient.data().asNioFloat().get(gf, 0, n);
    if (kind == TrainingConfig.UpdateRule.ADAM) {
      float b1 = (float) BETA1, b2 = (float) BETA2, eps = (float) EPSILON;
      float a = (float) (lr / (1 - Math.pow(BETA1, steps)));
      float c2 = (float) (1 / (1 - Math.pow(BETA2, steps)));
      for (int i = 0; i < n; i++) {
        float gi = gf[i];
        float m = b1 * firstF[i] + (1 - b1) * gi;
        float v = b2 * secondF[i] + (1 - b2) * gi * gi;
        firstF[i] = m;
        secondF[i] = v;
        pf[i] -= a * m / ((float) Math.sqrt(v * c2) + eps);
      }
    } else {
      float mu = (float) momentum, rate = (float) lr;
      for (int i = 0; i < n; i++) {
        firstF[i] = mu * firstF[i] + gf[i];
        pf[i] -= rate * firstF[i];
      }
    }
    params.data().asNioFloat().put(pf, 0, n);
  }

  private void stepDouble(INDArray params, INDArray gradient, double lr) {
    if (p == null) {
      p = new double[n];
      g = new double[n];
      first = new double[n];
      second = kind == TrainingConfig.UpdateRule.ADAM ? new double[n] : null;
    }
    params.data().asNioDouble().get(p, 0, n);
    gradient.data().asNioDouble().get(g, 0, n);
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
    params.data().asNioDouble().put(p, 0, n);
  }
}

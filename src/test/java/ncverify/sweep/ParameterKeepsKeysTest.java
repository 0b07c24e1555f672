package ncverify.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ncverify.problem.Activation;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/**
 * Every swept parameter keeps the setting's other keys: a fresh user's pass found that varying λ
 * or M dropped {@code activation=relu}, so the ReLU claims refused every point and prediction
 * sweeps silently judged the linear head.
 */
class ParameterKeepsKeysTest {

  private static final Setting RELU = Setting.parse(
      "loss=mse bias=none features=free n=2,2 d=2 M=3 lambdaW=0.01 lambdaH=0.01 activation=relu");

  @Test
  void everyParameterKeepsTheActivation() {
    for (Parameter p : new Parameter[] {Parameter.LAMBDA, Parameter.LAMBDA_W, Parameter.LAMBDA_H,
        Parameter.DEPTH, Parameter.CLASSES, Parameter.COUNT, Parameter.WIDTH}) {
      double v = switch (p) {
        case DEPTH -> 2;
        case CLASSES -> 3;
        case COUNT -> 4;
        case WIDTH -> 5;
        default -> 0.02;
      };
      Setting moved = p.apply("--vary", RELU, v);
      assertEquals(Activation.RELU, moved.activation(), p + " dropped activation=relu");
    }
  }

  @Test
  void controlTheLinearHeadStaysLinear() {
    Setting linear = Setting.parse(
        "loss=mse bias=none features=free n=2,2 d=2 M=3 lambdaW=0.01 lambdaH=0.01");
    assertNotEquals(Activation.RELU, Parameter.LAMBDA.apply("--vary", linear, 0.02).activation());
  }
}

package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import ncverify.cli.ExitCode;
import ncverify.cli.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingTest {

  static final String GOOD = "loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02";

  @Test
  void oneLineFormParsesBackToAnEqualSetting() {
    qt().withFixedSeed(7L).withExamples(200 * Integer.getInteger("ncverify.tries", 1))
        .forAll(SettingGen.settings())
        .checkAssert(s -> {
          Setting back = Setting.parse(s.toString());
          assertEquals(s, back, s.toString());
          assertEquals(s.toString(), back.toString());
        });
  }

  @Test
  void roundTripCheckDetectsAChangedValue() {
    // negative control for the round-trip check: a different λ must not compare equal
    Setting s = Setting.parse(GOOD);
    assertNotEquals(s, Setting.parse(GOOD.replace("lambdaH=0.02", "lambdaH=0.020000000000000004")));
  }

  /** Runs the CLI and returns {exit code, stderr}. */
  static Object[] run(String... args) {
    CliRun r = CliRun.of(args);
    return new Object[] {r.code(), r.err()};
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown key          | loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02 depth=3 | depth",
      "missing key          | loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01                      | lambdaH",
      "K differs from n     | loss=mse bias=none features=free n=3,2,1 K=4 d=4 M=2 lambdaW=0.01 lambdaH=0.02     | K",
      "n_k below 1          | loss=mse bias=none features=free n=3,0,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02         | n",
      "negative lambdaW     | loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=-0.01 lambdaH=0.02        | lambdaW",
      "negative lambdaH     | loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=-1e-3        | lambdaH",
      "negative lambdaB     | loss=mse bias=regularized features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02 lambdaB=-1 | lambdaB",
      "d zero               | loss=mse bias=none features=free n=3,2,1 d=0 M=2 lambdaW=0.01 lambdaH=0.02         | d",
      "inner width zero     | loss=mse bias=none features=free n=3,2,1 d=3 M=2 widths=0 lambdaW=0.01 lambdaH=0.02 | widths",
      "d negative, bias     | loss=ce bias=free features=free n=3,2,1 d=-1 M=1 lambdaW=0.01 lambdaH=0.02         | d",
      "unparsable number    | loss=mse bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=1e-3x        | lambdaH",
      "unparsable count     | loss=mse bias=none features=free n=3,two,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02       | n",
      "lambdaB without reg. | loss=mse bias=free features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02 lambdaB=0.1 | lambdaB",
      "unknown loss         | loss=hinge bias=none features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02       | loss",
      // the parameter limit names the larger term: the layers (width and depth) or the samples
      "layers over limit    | loss=mse bias=none features=free n=1,1 d=1000 M=11 lambdaW=0.01 lambdaH=0.02        | d",
      "inner widths over    | loss=mse bias=none features=free n=1,1 d=2 M=3 widths=4000,4000 lambdaW=0.01 lambdaH=0.02 | widths",
      "samples over limit   | loss=mse bias=none features=free n=600000,600000 d=10 M=1 lambdaW=0.01 lambdaH=0.02 | n",
  })
  void badSettingExitsWithCode2NamingTheKey(String what, String text, String key) {
    Object[] r = run("train", text, "--seed", "1", "--max-iterations", "0");
    String err = (String) r[1];
    assertEquals(ExitCode.BAD_INPUT.code(), r[0], what + ": " + err);
    assertTrue(err.contains("setting key '" + key + "'"), what + ": message should name " + key + ": " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), what + ": stack trace printed: " + err);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "baseline             | " + GOOD,
      "d = K-1 with bias    | loss=ce bias=free features=free n=3,2,1 d=2 M=1 lambdaW=0.01 lambdaH=0.02",
      "d = 1 narrow         | loss=mse bias=none features=free n=3,2,1 d=1 M=2 widths=1 lambdaW=0.01 lambdaH=0.02",
      "lambdaB with reg.    | loss=mse bias=regularized features=free n=3,2,1 d=2 M=2 lambdaW=0.01 lambdaH=0.02 lambdaB=0.1",
      "K equal to counts    | loss=mse bias=none features=nonneg n=3,2,1 K=3 d=3 M=2 lambdaW=0.01,0.02 lambdaH=0",
  })
  void validBoundarySettingsAreAccepted(String what, String text) {
    // negative control of the error cases: the same rules at their boundary must pass
    Object[] r = run("train", text, "--seed", "1", "--max-iterations", "0");
    assertEquals(0, r[0], what + ": " + r[1]);
  }
}

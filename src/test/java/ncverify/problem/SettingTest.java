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
      "ls without smoothing | loss=ls bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02          | smoothing",
      "smoothing with ce    | loss=ce smoothing=0.1 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | smoothing",
      "smoothing = 1        | loss=ls smoothing=1 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | smoothing",
      "smoothing negative   | loss=ls smoothing=-0.1 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | smoothing",
      "smoothing not number | loss=ls smoothing=0.1x bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | smoothing",
      "focal without gamma  | loss=focal bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02       | gamma",
      "gamma with ls        | loss=ls smoothing=0.1 gamma=2 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | gamma",
      "gamma with mse       | loss=mse gamma=2 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | gamma",
      "gamma negative       | loss=focal gamma=-1 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | gamma",
      "gamma overflows      | loss=focal gamma=1e999 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | gamma",
      "smoothing twice      | loss=ls smoothing=0.1 smoothing=0.2 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02 | smoothing",
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

  /** User pass: a space inside a list ("n=2, 1") is named after the key it broke, not as a key "1". */
  @Test
  void aStrayTokenIsNamedAfterTheKeyBeforeIt() {
    Object[] r = run("predict", "loss=mse bias=none features=free n=2, 1 d=2 M=1 lambdaW=0.1 lambdaH=0.1");
    String err = (String) r[1];
    assertEquals(ExitCode.BAD_INPUT.code(), r[0], err);
    assertTrue(err.contains("got '1' after key 'n'") && err.contains("n=2,1"), err);
    assertFalse(err.contains("setting key '1'"), err);
    // control: without the space the setting parses
    assertEquals(0, run("predict", "loss=mse bias=none features=free n=2,1 d=2 M=1 lambdaW=0.1 lambdaH=0.1")[0]);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "baseline             | " + GOOD,
      "d = K-1 with bias    | loss=ce bias=free features=free n=3,2,1 d=2 M=1 lambdaW=0.01 lambdaH=0.02",
      "d = 1 narrow         | loss=mse bias=none features=free n=3,2,1 d=1 M=2 widths=1 lambdaW=0.01 lambdaH=0.02",
      "lambdaB with reg.    | loss=mse bias=regularized features=free n=3,2,1 d=2 M=2 lambdaW=0.01 lambdaH=0.02 lambdaB=0.1",
      "K equal to counts    | loss=mse bias=none features=nonneg n=3,2,1 K=3 d=3 M=2 lambdaW=0.01,0.02 lambdaH=0",
      "ls at smoothing 0    | loss=ls smoothing=0 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02",
      "ls just below 1      | loss=ls smoothing=0.999 bias=free features=free n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02",
      "focal at gamma 0     | loss=focal gamma=0 bias=none features=free n=3,2,1 d=3 M=1 lambdaW=0.01 lambdaH=0.02",
      "focal, large gamma   | loss=focal gamma=50 bias=none features=nonneg n=3,2,1 d=3 M=2 lambdaW=0.01 lambdaH=0.02",
  })
  void validBoundarySettingsAreAccepted(String what, String text) {
    // negative control of the error cases: the same rules at their boundary must pass
    Object[] r = run("train", text, "--seed", "1", "--max-iterations", "0");
    assertEquals(0, r[0], what + ": " + r[1]);
  }

  /** The loss parameter is printed back canonically, right after its loss, and parses back. */
  @org.junit.jupiter.api.Test
  void smoothedLossesPrintCanonically() {
    Setting ls = Setting.parse("smoothing=0.10 M=1 loss=LS bias=none features=free n=3,3 d=2 lambdaW=0.01 lambdaH=0.02");
    assertEquals("loss=ls smoothing=0.1 bias=none features=free n=3,3 d=2 M=1 lambdaW=0.01 lambdaH=0.02", ls.toString());
    Setting focal = Setting.parse("loss=focal gamma=2.0 bias=none features=free n=3,3 d=2 M=1 lambdaW=0.01 lambdaH=0.02");
    assertEquals("loss=focal gamma=2 bias=none features=free n=3,3 d=2 M=1 lambdaW=0.01 lambdaH=0.02", focal.toString());
    assertEquals(ls, Setting.parse(ls.toString()));
    assertEquals(focal, Setting.parse(focal.toString()));
    // negative control: another parameter is another setting
    assertFalse(focal.equals(Setting.parse(focal.toString().replace("gamma=2", "gamma=3"))));
  }
}

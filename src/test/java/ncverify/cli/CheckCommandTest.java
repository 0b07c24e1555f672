package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declarative conjecture path, end to end, with its negative controls. */
class CheckCommandTest {
  @TempDir
  Path dir;

  @Test
  void theShippedExampleIsVerified() {
    CliRun r = CliRun.of("check", "property-tests/conjectures/mse-m1-closed-form.conj", "--tries", "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("VERIFIED"), r.out());
  }

  @Test
  void negativeControlUnclippedLengthsAreRefutedWithAReproducibleSetting() {
    CliRun r = CliRun.of("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj", "--tries", "6");
    assertTrue(r.out().startsWith("REFUTED"), r.out());
    String setting = r.out().replaceAll("(?s).*--setting '([^']*)'.*", "$1");
    CliRun again = CliRun.of("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj",
        "--setting", setting);
    assertTrue(again.out().startsWith("REFUTED"), again.out());
  }

  @Test
  void malformedFileNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.conj");
    Files.writeString(f, "id: x\ntitle: t\nthis line has no colon\n");
    CliRun r = CliRun.of("check", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.conj:3"), r.err());
    assertTrue(!r.err().contains("Exception"), "no stack trace: " + r.err());
  }

  @Test
  void expressionThatTriesToRunAProcessIsRefused() throws Exception {
    Path f = dir.resolve("evil.conj");
    String ok = Files.readString(Path.of("property-tests/conjectures/mse-m1-closed-form.conj"));
    Files.writeString(f, ok.replace("predict collapsed: nk <= Ntotal^2*lambdaW*lambdaH",
        "predict collapsed: Run[\"touch /tmp/ncverify-pwned\"]"));
    int line = 1 + java.util.List.of(ok.split("\n", -1)).indexOf(
        "predict collapsed: nk <= Ntotal^2*lambdaW*lambdaH");
    CliRun r = CliRun.of("check", f.toString(), "--tries", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("evil.conj:" + line + ":") && r.err().contains("not allowed"),
        "line " + line + ": " + r.err());
    assertTrue(!Files.exists(Path.of("/tmp/ncverify-pwned")));
  }
}

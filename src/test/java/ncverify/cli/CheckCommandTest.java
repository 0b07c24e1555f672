package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declarative conjecture path, end to end, with its negative controls. */
class CheckCommandTest {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      var cli = Main.commandLine();
      cli.setErr(new java.io.PrintWriter(err, true));
      return new Result(cli.execute(args), out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void theShippedExampleIsVerified() {
    Result r = run("check", "property-tests/conjectures/mse-m1-closed-form.conj", "--tries", "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("VERIFIED"), r.out());
  }

  @Test
  void negativeControlUnclippedLengthsAreRefutedWithAReproducibleSetting() {
    Result r = run("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj", "--tries", "6");
    assertTrue(r.out().startsWith("REFUTED"), r.out());
    String setting = r.out().replaceAll("(?s).*--setting '([^']*)'.*", "$1");
    Result again = run("check", "property-tests/conjectures/mse-m1-unclipped-wrong.conj",
        "--setting", setting);
    assertTrue(again.out().startsWith("REFUTED"), again.out());
  }

  @Test
  void malformedFileNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.conj");
    Files.writeString(f, "id: x\ntitle: t\nthis line has no colon\n");
    Result r = run("check", f.toString());
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
    Result r = run("check", f.toString(), "--tries", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("evil.conj:" + line + ":") && r.err().contains("not allowed"),
        "line " + line + ": " + r.err());
    assertTrue(!Files.exists(Path.of("/tmp/ncverify-pwned")));
  }
}

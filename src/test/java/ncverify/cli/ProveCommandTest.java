package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {

  @TempDir
  Path dir;

  /** A proof file with one true step. */
  private Path goodProof() throws java.io.IOException {
    Path good = dir.resolve("good.m");
    Files.writeString(good, "Var[x, Reals, 0, 1]\nStep[\"sq\", (x + 1)^2 == x^2 + 2*x + 1]\n");
    return good;
  }

  @Test
  void exitCodesAndJsonTranscript() throws Exception {
    Path good = goodProof();
    Path bad = dir.resolve("bad.m");
    Files.writeString(bad, "Var[x, Reals, 0, 1]\nStep[\"sq\", (x + 1)^2 == x^2 + 1]\n");
    Path broken = dir.resolve("broken.m");
    Files.writeString(broken, "Var[x, Reals, 0, 1]\nStep[\"sq\", x == x\n");
    Path json = dir.resolve("t.json");
    assertEquals(0, CliRun.of("prove", good.toString(), "--json", json.toString()).code());
    String j = Files.readString(json);
    assertTrue(j.contains("\"status\" : \"VERIFIED_SYMBOLIC\"") && j.contains("\"line\" : 2"), j);
    assertEquals(ExitCode.FAILED.code(), CliRun.of("prove", good.toString(), bad.toString()).code());
    assertEquals(ExitCode.BAD_INPUT.code(), CliRun.of("prove", broken.toString()).code());
    assertEquals(ExitCode.BAD_INPUT.code(), CliRun.of("prove", "--dir", dir.resolve("none").toString()).code());
  }

  /** An existing --json file is refused before any step runs and left as it was (user pass). */
  @Test
  void anExistingJsonFileIsNotOverwritten() throws Exception {
    Path good = goodProof();
    Path mine = dir.resolve("mine.json");
    Files.writeString(mine, "precious");
    CliRun r = CliRun.of("prove", good.toString(), "--json", mine.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r.err());
    assertTrue(r.err().contains("--json") && r.err().contains("exists"), r.err());
    assertEquals("precious", Files.readString(mine));
    CliRun noFolder = CliRun.of("prove", good.toString(), "--json",
        dir.resolve("none").resolve("t.json").toString());
    assertEquals(ExitCode.BAD_INPUT.code(), noFolder.code(), noFolder.err());
    assertTrue(noFolder.err().contains("does not exist"), noFolder.err());
    // control: a new file in an existing folder is written
    Path fresh = dir.resolve("fresh.json");
    assertEquals(0, CliRun.of("prove", good.toString(), "--json", fresh.toString()).code());
    assertTrue(Files.readString(fresh).contains("VERIFIED_SYMBOLIC"));
  }
}

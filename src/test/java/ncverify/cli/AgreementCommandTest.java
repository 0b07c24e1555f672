package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agreement}: the list, one small run written to --out, and its bad-input errors. */
class AgreementCommandTest {
  @TempDir
  Path tmp;

  @Test
  void listsFamiliesAndWritesTheTable() throws Exception {
    CliRun list = CliRun.of("agreement", "--list");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("hong-ce-imbalanced-no-relu  [theorem]"), list.out());
    assertTrue(list.out().contains("deep-ce-best-known  [upper bound]"), list.out());
    Path md = tmp.resolve("new-folder/agreement.md"); // the folder is made
    CliRun run = CliRun.of("agreement", "--family", "zhu-ce-balanced-ufm", "--settings", "1",
        "--restarts", "1", "--no-structured", "--out", md.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("| `zhu-ce-balanced-ufm` | theorem | 1 ("), run.out());
    assertEquals(run.out(), Files.readString(md));
    // progress on stderr, with the whole run's estimate
    assertTrue(run.err().contains("agreement: 1/1 setting (") && run.err().contains(" left): "
        + "zhu-ce-balanced-ufm 1/1: "), run.err());
    // nothing overwritten unasked
    CliRun again = CliRun.of("agreement", "--family", "zhu-ce-balanced-ufm", "--out", md.toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--out"), again.err());
  }

  @Test
  void badInputNamesTheFlag() {
    CliRun family = CliRun.of("agreement", "--family", "no-such-family");
    assertEquals(2, family.code());
    assertTrue(family.err().contains("--family") && family.err().contains("zhu-ce-balanced-ufm"),
        family.err());
    CliRun settings = CliRun.of("agreement", "--settings", "0");
    assertEquals(2, settings.code());
    assertTrue(settings.err().contains("--settings"), settings.err());
    CliRun twice = CliRun.of("agreement", "--family", "zhu-ce-balanced-ufm", "--family",
        "zhu-ce-balanced-ufm");
    assertEquals(2, twice.code());
    assertTrue(twice.err().startsWith("error: --family: 'zhu-ce-balanced-ufm' is given twice"),
        twice.err());
    CliRun restarts = CliRun.of("agreement", "--restarts", "0");
    assertEquals(2, restarts.code());
    assertTrue(restarts.err().contains("--restarts"), restarts.err());
  }

  /**
   * An --out that cannot be written is refused before the run (it ended a finished run with an
   * internal error, exit 70, losing the table); a folder is named as one.
   */
  @Test
  void anUnwritableOutIsRefusedBeforeTheRun() {
    CliRun folder = CliRun.of("agreement", "--out", tmp.toString());
    assertEquals(2, folder.code());
    assertTrue(folder.err().startsWith("error: --out: " + tmp + " is a folder"), folder.err());
    if (Files.isDirectory(Path.of("/proc/self"))) { // a folder that takes no files (Linux)
      CliRun proc = CliRun.of("agreement", "--family", "zhu-ce-balanced-ufm", "--out",
          "/proc/ncverify-x/agreement.md");
      assertEquals(2, proc.code(), proc.err());
      assertTrue(proc.err().startsWith("error: --out: /proc/ncverify-x: /proc is not writable"),
          proc.err());
      assertTrue(!proc.err().contains("agreement: "), "refused only after the run: " + proc.err());
    }
  }
}

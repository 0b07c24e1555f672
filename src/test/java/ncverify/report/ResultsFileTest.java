package ncverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ncverify.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one results-file format: what resuming refuses, and what it leaves untouched. */
class ResultsFileTest {
  private static ResultsFile.Header header(String tries, String shard) {
    return new ResultsFile.Header("verify", ResultsFile.FORMAT, "1.0", Map.of("tries", tries,
        ResultsFile.PROVENANCE, "verify --tries " + tries), List.of("a", "b"), shard);
  }

  /**
   * Someone else's file, with lines but no final newline, is refused and not touched (the check
   * of the header comes before the repair that drops a cut last line).
   */
  @Test
  void aForeignFileIsNeitherReadNorCut(@TempDir Path dir) throws IOException {
    Path notes = dir.resolve("notes.txt");
    Files.writeString(notes, "line one\nline two", StandardCharsets.UTF_8);
    InvalidInput e = assertThrows(InvalidInput.class,
        () -> ResultsFile.create("--results", notes, header("4", "1/1"), true));
    assertEquals(notes + ":1", e.place());
    assertEquals("line one\nline two", Files.readString(notes, StandardCharsets.UTF_8));
    // one line without a newline that is no header's beginning: refused naming the flag
    Files.writeString(notes, "my notes", StandardCharsets.UTF_8);
    assertEquals("--results", assertThrows(InvalidInput.class,
        () -> ResultsFile.create("--results", notes, header("4", "1/1"), true)).place());
    assertEquals("my notes", Files.readString(notes, StandardCharsets.UTF_8));
  }

  /** A header cut by a kill is started afresh; a complete one of another run names the flag. */
  @Test
  void resumingNamesTheDifferingFlagNotTheProvenance(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("r.jsonl");
    ResultsFile.create("--results", file, header("4", "1/2"), false).close();
    String full = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, full.substring(0, 25), StandardCharsets.UTF_8);
    ResultsFile.create("--results", file, header("4", "1/2"), true).close();
    assertEquals(full, Files.readString(file, StandardCharsets.UTF_8));
    InvalidInput e = assertThrows(InvalidInput.class,
        () -> ResultsFile.create("--results", file, header("3", "1/2"), true));
    assertEquals("--tries", e.place());
    assertTrue(e.rule().contains("--tries '3' vs '4'"), e.rule());
    assertEquals("--shard", assertThrows(InvalidInput.class,
        () -> ResultsFile.create("--results", file, header("4", "2/2"), true)).place());
  }
}

package ncverify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report folder never replaces a file that ncverify did not write (user pass). */
class ReportFolderTest {
  @TempDir
  Path dir;

  @Test
  void aUsersFileOfAReportsNameIsRefusedBeforeWorkAndWhenPublishing() throws IOException {
    Files.writeString(dir.resolve("index.html"), "my page");
    InvalidInput e = assertThrows(InvalidInput.class,
        () -> ReportFolder.validate("--report-dir", dir.toString(), List.of("claims.md", "index.html")));
    assertEquals("--report-dir", e.place());
    assertTrue(e.rule().contains("index.html") && e.rule().contains("not overwritten"), e.rule());
    Path staging = ReportFolder.stage(dir);
    Files.writeString(staging.resolve("index.html"), "a report");
    IOException late = assertThrows(IOException.class,
        () -> ReportFolder.publish(staging, dir, "verify", true));
    assertTrue(late.getMessage().contains("index.html"), late.getMessage());
    ReportFolder.discard(staging);
    assertEquals("my page", Files.readString(dir.resolve("index.html")));
  }

  @Test
  void aFileAManifestListsIsReplaced() throws IOException {
    // control: the same name written by ncverify earlier (listed in a manifest) is replaced
    Path staging = ReportFolder.stage(dir);
    Files.writeString(staging.resolve("index.html"), "first report");
    ReportFolder.publish(staging, dir, "verify", true);
    ReportFolder.validate("--report-dir", dir.toString(), List.of("claims.md", "index.html"));
    Path again = ReportFolder.stage(dir);
    Files.writeString(again.resolve("index.html"), "second report");
    ReportFolder.publish(again, dir, "verify", true);
    assertEquals("second report", Files.readString(dir.resolve("index.html")));
  }
}

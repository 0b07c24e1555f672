package ncverify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportFolder#validate}: a folder that cannot take the report is refused before any work. */
class ReportFolderTest {
  @TempDir Path dir;

  /**
   * /proc passes the permission check for root (as this suite often runs) but takes no files: it
   * was accepted, and {@code practical --out /proc/x} trained fully before failing to write.
   */
  @Test
  void aFolderThatTakesNoFilesIsRefusedBeforeWork() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
    InvalidInput e = assertThrows(InvalidInput.class,
        () -> ReportFolder.validate("--out", "/proc/ncverify-report"));
    assertEquals("--out: /proc/ncverify-report: /proc is not writable: a file cannot be created in "
        + "it (the file system refuses new files there, as /proc and /sys do); the report needs a "
        + "folder on a writable disk", e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), "the rule in words, no exception class");
  }

  /** Negative control: a writable folder is accepted, nothing is created, the probe leaves no file. */
  @Test
  void aWritableFolderIsAcceptedAndLeftAsItWas() throws IOException {
    Path target = dir.resolve("new/report");
    assertEquals(target, ReportFolder.validate("--out", target.toString()));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count(), "validate left something behind");
    }
  }

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

package ncverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/render-check.sh on a written report. Skipped when /usr/bin/chromium is absent
 * (CI images may lack it); the writers' own tests do not need a browser.
 */
class RenderCheckTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPT = Path.of("scripts/render-check.sh");
  /** Two browser launches plus a single-file Java compile take about 7 s on 2 cores. */
  private static final long TIMEOUT_SECONDS = 300;

  @TempDir
  Path tmp;

  @BeforeAll
  static void needsChromium() {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed; render check skipped");
    System.setProperty("java.awt.headless", "true");
  }

  record Result(int exit, String output) {
  }

  @Test
  void reportRendersAndScreenshotIsNotBlank() throws Exception {
    Path dir = tmp.resolve("reports");
    ReportWriter.write(SyntheticReport.model(), dir);
    Path png = tmp.resolve("index.png");
    Result r = run(dir.resolve("index.html"), png);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("render-check: OK"), r.output());
    assertTrue(r.output().contains("4 svg"), r.output());
    assertTrue(Files.size(png) > 10_000, "screenshot too small: " + Files.size(png));
  }

  @Test
  void blankPageFails() throws Exception {
    // Negative control for the screenshot check.
    Path page = tmp.resolve("blank.html");
    Files.writeString(page, "<!DOCTYPE html><html><body></body></html>\n");
    Result r = run(page, tmp.resolve("blank.png"));
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("looks blank"), r.output());
  }

  @Test
  void swallowedSvgFails() throws Exception {
    // Negative control for the DOM check: an unescaped raw-text element turns the plot into text.
    String html = Files.readString(writeReport().resolve("index.html"));
    Path page = tmp.resolve("broken.html");
    Files.writeString(page, html.replaceFirst("<figure>", "<figure><textarea>"));
    Result r = run(page, tmp.resolve("broken.png"));
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("<svg> elements but the parsed DOM has"), r.output());
  }

  private Path writeReport() throws IOException {
    Path dir = tmp.resolve("reports");
    ReportWriter.write(SyntheticReport.model(), dir);
    return dir;
  }

  private static Result run(Path html, Path png) throws Exception {
    Process p = new ProcessBuilder("bash", SCRIPT.toString(), html.toString(), png.toString())
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError("render-check timed out:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }
}

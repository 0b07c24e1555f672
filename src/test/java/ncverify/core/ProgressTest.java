package ncverify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The two forms of {@link Progress}: the plain form (what a log or pipe gets) is text without ANSI
 * escape codes or carriage returns; the terminal form (the negative control) has both, so the
 * check below can see them.
 */
class ProgressTest {
  private static final char ESC = '\u001b';

  /** Runs a 5-step task in {@code style} with no quiet time and returns what it drew. */
  private static String drawn(Progress.Style style) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.start("train", 5, "epoch", out, style, 0, 3600)) {
      for (int i = 0; i < 5; i++) {
        p.say("objective " + (5 - i));
        p.step();
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainFormHasNoEscapeCodes() {
    String s = drawn(Progress.Style.PLAIN);
    // the ticker may have printed a line at the start (quiet 0); the last one is the final state
    assertTrue(s.endsWith("elapsed, about 0:00 left): objective 1\n"), s);
    assertTrue(s.substring(s.lastIndexOf("train: ")).startsWith("train: 5/5 epochs ("), s);
    assertEquals(-1, s.indexOf(ESC), "ANSI code in plain progress: " + s);
    assertEquals(-1, s.indexOf('\r'), "carriage return in plain progress: " + s);
  }

  @Test
  void negativeControlTerminalFormHasEscapeCodes() {
    String s = drawn(Progress.Style.TERMINAL);
    assertTrue(s.indexOf(ESC) >= 0, "the terminal bar should be coloured: " + s);
    assertTrue(s.indexOf('\r') >= 0, "the terminal bar should redraw in place: " + s);
    assertTrue(s.contains("5/5"), s);
  }

  @Test
  void shortPlainTaskPrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.start("verify", 3, null, out, Progress.Style.PLAIN, 3600, 3600)) {
      p.step();
    }
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void plainFormPrintsWhileTheFirstStepRuns() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.start("verify", 3, null, out, Progress.Style.PLAIN, 0, 0.001)) {
      p.say("p1-mse-balanced-deep");
      // The ticker prints at once (quiet 0) and every millisecond; the first line may precede the
      // message. Wait for one with it, without a time limit.
      while (!bytes.toString(StandardCharsets.UTF_8).contains("p1-mse-balanced-deep\n")) {
        Thread.sleep(1);
      }
      String s = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(s.startsWith("verify: 0/3 ("), s);
      assertTrue(s.contains("time left known after the first step): p1-mse-balanced-deep"), s);
    }
  }

  @Test
  void lineAndClock() {
    assertEquals("sweep: 1/4 points (1:00 elapsed, about 3:00 left)",
        Progress.line("sweep", 1, 4, "point", 60_000_000_000L, 180));
    assertEquals("1:01:01", Progress.clock(3661));
    assertEquals("1 unit", Progress.count(1, "unit"));
    assertFalse(Progress.line("prove", 0, 2, 5).contains("about 0:00"));
  }
}

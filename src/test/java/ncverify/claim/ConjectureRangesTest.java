package ncverify.claim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conjecture file's domain draws only settings inside its own {@code vary} ranges, so every
 * drawn or shrunk setting passes {@code check --setting} (issue 11: the shrinker moved λ to the
 * quarter-decade grid point below a range's lower end, and the printed reproduce command was
 * refused).
 */
class ConjectureRangesTest {
  @TempDir
  Path dir;

  /** Every example file: the all-minimum and all-maximum choices (where shrinking goes) are inside. */
  @Test
  void theDomainsCornersAreInsideEveryExampleFilesRanges() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("property-tests/conjectures"))) {
      files = s.filter(p -> p.toString().endsWith(".conj")).sorted().toList();
    }
    assertTrue(files.size() >= 20, "the example files are found");
    for (Path file : files) {
      DeclaredConjecture c = DeclaredConjecture.open(file);
      Domain d = c.domain();
      for (int[] corner : corners(d)) {
        Setting s = d.build(corner);
        assertTrue(c.outsideDomain(s).isEmpty(), file + " draws " + s + " outside its ranges: "
            + c.outsideDomain(s));
      }
    }
  }

  /**
   * A range whose ends are off the quarter-decade grid (0.0035 rounds to 10^-2.5 = 0.00316, 0.09 to
   * 0.1): the ends are drawn as written. Negative control: the grid points just outside are refused.
   */
  @Test
  void rangeEndsOffTheGridAreClampedAndTheGridPointsOutsideAreRefused() throws IOException {
    DeclaredConjecture c = DeclaredConjecture.open(offGrid(dir));
    Domain d = c.domain();
    Setting low = d.build(corners(d).get(0));
    Setting high = d.build(corners(d).get(1));
    assertTrue(low.lambdaW(1) == 0.0035 && high.lambdaW(1) == 0.09, low + " / " + high);
    assertTrue(c.outsideDomain(low).isEmpty() && c.outsideDomain(high).isEmpty());
    Setting below = low.withLambdas(new double[] {Math.pow(10, -2.5)}, low.lambdaH());
    assertTrue(c.outsideDomain(below).isPresent(), "control: the grid point below the range is refused");
  }

  /** A point-wrong copy with λ in [0.0035, 0.09] (refuted everywhere: its point is not stationary). */
  static Path offGrid(Path dir) throws IOException {
    String text = Files.readString(Path.of("property-tests/conjectures/point-wrong.conj"))
        .replace("id: user-mse-m1-point-wrong", "id: user-off-grid-range")
        .replace("vary lambdaW: 1e-3..1e-1", "vary lambdaW: 0.0035..0.09")
        .replace("vary lambdaH: 1e-3..1e-1", "tie lambdaH: lambdaW");
    Path file = dir.resolve("off-grid.conj");
    Files.writeString(file, text);
    return file;
  }

  /** All choices at their minimum, then all at their maximum. */
  private static List<int[]> corners(Domain d) {
    return List.of(d.choices().stream().mapToInt(Domain.Choice::min).toArray(),
        d.choices().stream().mapToInt(Domain.Choice::max).toArray());
  }
}

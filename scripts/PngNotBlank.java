import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Exits 0 if a PNG exists and shows something, 1 otherwise. "Shows something" means: at least
 * MIN_COLOURS distinct colours and at least MIN_INK_FRACTION of the pixels differ from the most
 * common (background) colour. A blank, all-white or single-colour screenshot fails both.
 *
 * <p>Run as a single-file program (JDK 11+): {@code java scripts/PngNotBlank.java file.png}.
 * Prints "width height colours inkFraction" on success.
 */
public class PngNotBlank {
  /** A report page has text, table borders and several plot colours; a blank page has 1. */
  static final int MIN_COLOURS = 8;
  /** Text and plots cover far more than 0.5 % of a report screenshot; noise-free blank has 0. */
  static final double MIN_INK_FRACTION = 0.005;

  public static void main(String[] args) throws Exception {
    File f = new File(args[0]);
    if (!f.isFile() || f.length() == 0) {
      System.err.println("render-check: " + f + " is missing or empty");
      System.exit(1);
    }
    BufferedImage img = ImageIO.read(f);
    if (img == null) {
      System.err.println("render-check: " + f + " is not a readable PNG");
      System.exit(1);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        counts.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
      }
    }
    int background = counts.values().stream().max(Integer::compare).orElse(0);
    double ink = 1.0 - (double) background / ((long) w * h);
    Set<Integer> colours = new HashSet<>(counts.keySet());
    if (colours.size() < MIN_COLOURS || ink < MIN_INK_FRACTION) {
      System.err.printf(java.util.Locale.ROOT,
          "render-check: %s looks blank: %d colours, ink fraction %.5f%n", f, colours.size(), ink);
      System.exit(1);
    }
    System.out.printf(java.util.Locale.ROOT, "%d %d %d %.4f%n", w, h, colours.size(), ink);
  }
}

package ncverify.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import ncverify.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void roundTripsPlainAndGzippedFiles() {
    byte[] pixels = new byte[3 * 2 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 11);
    }
    for (String suffix : new String[] {"", ".gz"}) {
      Path img = dir.resolve("img" + suffix);
      Path lab = dir.resolve("lab" + suffix);
      IdxWriter.writeImages(img, 2, 4, pixels);
      IdxWriter.writeLabels(lab, new int[] {0, 255, 7});
      IdxReader.Images read = IdxReader.readImages(img);
      assertEquals(3, read.count());
      assertEquals(2, read.rows());
      assertEquals(4, read.cols());
      assertArrayEquals(pixels, read.pixels());
      assertArrayEquals(new int[] {0, 255, 7}, IdxReader.readLabels(lab));
      assertEquals((pixels[5] & 0xff) / 255f, read.scaled(0, 5));
    }
  }

  @Test
  void gzipIsDetectedByContentNotByName() throws IOException {
    Path gz = dir.resolve("labels.gz");
    IdxWriter.writeLabels(gz, new int[] {1, 2});
    Path misnamed = dir.resolve("labels-without-suffix");
    Files.copy(gz, misnamed);
    assertArrayEquals(new int[] {1, 2}, IdxReader.readLabels(misnamed));
  }

  @Test
  void wrongMagicNamesTheFileAndTheExpectation() {
    Path lab = dir.resolve("labels");
    IdxWriter.writeLabels(lab, new int[] {1});
    InvalidInput e = assertThrows(InvalidInput.class, () -> IdxReader.readImages(lab));
    assertTrue(e.getMessage().contains(lab.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("a label file"), e.getMessage());
    assertTrue(e.place().contains(lab.toString()), e.place());
  }

  @Test
  void truncatedBodyAndHeaderAreReported() throws IOException {
    Path img = dir.resolve("img");
    IdxWriter.writeImages(img, 2, 2, new byte[8]);
    byte[] all = Files.readAllBytes(img);
    Path cut = dir.resolve("cut");
    Files.write(cut, Arrays.copyOf(all, all.length - 1));
    InvalidInput body = assertThrows(InvalidInput.class, () -> IdxReader.readImages(cut));
    assertTrue(body.getMessage().contains("truncated"), body.getMessage());
    Path tiny = dir.resolve("tiny");
    Files.write(tiny, new byte[] {0, 0});
    InvalidInput header = assertThrows(InvalidInput.class, () -> IdxReader.readLabels(tiny));
    assertTrue(header.getMessage().contains("header"), header.getMessage());
  }

  @Test
  void missingFileAndGarbageAreUserErrors() throws IOException {
    InvalidInput missing = assertThrows(InvalidInput.class,
        () -> IdxReader.readLabels(dir.resolve("nope")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Path text = dir.resolve("text.gz");
    Files.writeString(text, "hello, this is not IDX");
    InvalidInput garbage = assertThrows(InvalidInput.class, () -> IdxReader.readImages(text));
    assertTrue(garbage.getMessage().contains(text.toString()), garbage.getMessage());
  }

  @Test
  void directoryWithoutFilesGivesTheInstallHint() {
    InvalidInput e = assertThrows(InvalidInput.class, () -> FashionMnist.loadTrain(dir));
    assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    InvalidInput absent = assertThrows(InvalidInput.class,
        () -> FashionMnist.loadTrain(dir.resolve("absent")));
    assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() {
    IdxWriter.writeImages(dir.resolve(FashionMnist.TRAIN_IMAGES), 2, 2, new byte[12]);
    IdxWriter.writeLabels(dir.resolve(FashionMnist.TRAIN_LABELS), new int[] {0, 1});
    InvalidInput e = assertThrows(InvalidInput.class, () -> FashionMnist.loadTrain(dir));
    assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"),
        e.getMessage());
  }
}

package ncverify.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ncverify.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
  @TempDir Path dir;

  @Test
  void readsEverySupportedDtypeInCOrder() throws IOException {
    Path f = new NpzFiles()
        .floats("a", false, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6.25})
        .floats("b", true, new int[] {3}, new double[] {0.5, -1.5, 1e-3})
        .ints("c", false, new long[] {0, 9, -3, 1L << 40})
        .ints("d", true, new long[] {7, -7})
        .write(dir.resolve("x.npz"));
    Map<String, NpyArray> m = NpzReader.read(f);
    assertEquals(java.util.List.of("a", "b", "c", "d"), java.util.List.copyOf(m.keySet()));
    assertArrayEquals(new int[] {2, 3}, m.get("a").shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6.25}, m.get("a").values());
    assertArrayEquals(new double[] {0.5, -1.5, (float) 1e-3}, m.get("b").values());
    assertArrayEquals(new long[] {0, 9, -3, 1L << 40}, m.get("c").integers());
    assertArrayEquals(new long[] {7, -7}, m.get("d").integers());
    assertEquals("<i4", m.get("d").dtype());
  }

  private InvalidInput rejected(NpzFiles files) throws IOException {
    Path f = files.write(dir.resolve("bad.npz"));
    return assertThrows(InvalidInput.class, () -> NpzReader.read(f, 1000));
  }

  private static byte[] doubles(int n) {
    return new byte[8 * n];
  }

  @Test
  void rejectsWhatItCannotReadNamingTheArrayAndTheRule() throws IOException {
    InvalidInput e = rejected(new NpzFiles().raw("o", NpzFiles.npy("|O", false, new int[] {2}, doubles(2))));
    assertTrue(e.getMessage().contains("array 'o'") && e.getMessage().contains("dtype '|O'"), e.getMessage());
    e = rejected(new NpzFiles().raw("be", NpzFiles.npy(">f8", false, new int[] {2}, doubles(2))));
    assertTrue(e.getMessage().contains("dtype '>f8'"), e.getMessage());
    e = rejected(new NpzFiles().raw("s", NpzFiles.npy("<f8", false, new int[] {3}, doubles(2))));
    assertTrue(e.getMessage().contains("shorter"), e.getMessage());
    e = rejected(new NpzFiles().raw("l", NpzFiles.npy("<f8", false, new int[] {1}, doubles(2))));
    assertTrue(e.getMessage().contains("longer"), e.getMessage());
    // a huge declared shape is refused before anything is allocated
    e = rejected(new NpzFiles().raw("big", NpzFiles.npy("<f8", false, new int[] {100000, 100000},
        doubles(1))));
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    e = rejected(new NpzFiles().raw("m", new byte[] {'N', 'O', 'T', 'N', 'P', 'Y', 1, 0, 0, 0}));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    e = rejected(new NpzFiles().raw("h", NpzFiles.npyWithHeader("{'descr': '<f8', 'shape': (1,)}",
        doubles(1))));
    assertTrue(e.getMessage().contains("'fortran_order'"), e.getMessage());
    e = rejected(new NpzFiles().raw("p", NpzFiles.npyWithHeader(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }; import os", doubles(1))));
    assertTrue(e.getMessage().contains("malformed NPY header"), e.getMessage());
    e = rejected(new NpzFiles().raw("notes.txt", new byte[3]));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    e = rejected(new NpzFiles().raw("z", NpzFiles.npy("<f8", false, new int[0], doubles(1))));
    assertTrue(e.getMessage().contains("0-dimensional"), e.getMessage());
  }

  @Test
  void theElementLimitCoversAllArraysTogether() throws IOException {
    Path f = new NpzFiles().floats("a", false, new int[] {600}, new double[600])
        .floats("b", false, new int[] {600}, new double[600]).write(dir.resolve("two.npz"));
    assertEquals(2, NpzReader.read(f, 1200).size());
    InvalidInput e = assertThrows(InvalidInput.class, () -> NpzReader.read(f, 1199));
    assertTrue(e.getMessage().contains("array 'b'"), e.getMessage());
  }

  @Test
  void notAZipOrMissingIsBadInputNamingTheFile() throws IOException {
    Path garbage = Files.writeString(dir.resolve("g.npz"), "hello");
    InvalidInput e = assertThrows(InvalidInput.class, () -> NpzReader.read(garbage));
    assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
    e = assertThrows(InvalidInput.class, () -> NpzReader.read(dir.resolve("none.npz")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  /** A directory is named as one (it was reported as "no such file", which it is not). */
  @Test
  void aDirectoryIsNamedAsADirectory() {
    InvalidInput e = assertThrows(InvalidInput.class, () -> NpzReader.read(dir));
    assertTrue(e.getMessage().startsWith(dir + ": is a folder"), e.getMessage());
    assertTrue(!e.getMessage().contains("no such file"), e.getMessage());
  }

  /** Column-major data: written by hand, element (i, j, k) of a 2×3×2 array stored i fastest. */
  @Test
  void readsFortranOrderAsRowMajor() throws IOException {
    int[] shape = {2, 3, 2};
    java.nio.ByteBuffer f8 = java.nio.ByteBuffer.allocate(8 * 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer i4 = java.nio.ByteBuffer.allocate(4 * 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 2; i++) {
          f8.putDouble(100 * i + 10 * j + k); // the value names its own index
          i4.putInt(100 * i + 10 * j + k);
        }
      }
    }
    Path file = new NpzFiles().raw("f", NpzFiles.npy("<f8", true, shape, f8.array()))
        .raw("g", NpzFiles.npy("<i4", true, shape, i4.array())).write(dir.resolve("fortran.npz"));
    Map<String, NpyArray> m = NpzReader.read(file, 1000);
    double[] rowMajor = new double[12];
    long[] rowMajorInts = new long[12];
    for (int i = 0, c = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 2; k++, c++) {
          rowMajor[c] = 100 * i + 10 * j + k;
          rowMajorInts[c] = 100 * i + 10 * j + k;
        }
      }
    }
    assertArrayEquals(rowMajor, m.get("f").values());
    assertArrayEquals(rowMajorInts, m.get("g").integers());
    // control: the same bytes declared C order are read as stored (not reordered)
    Path c = new NpzFiles().raw("f", NpzFiles.npy("<f8", false, shape, f8.array()))
        .write(dir.resolve("c.npz"));
    assertTrue(!java.util.Arrays.equals(rowMajor, NpzReader.read(c, 1000).get("f").values()));
  }

  /** A transposed array saved by NumPy (Fortran order in the file) reads as NumPy sees it. */
  @Test
  void readsATransposedArraySavedByNumpy() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(NpzFiles.numpyAvailable(),
        "python3 with numpy not installed");
    Path f = dir.resolve("t.npz");
    String script = String.join("\n",
        "import numpy as np, sys",
        "X = np.arange(12, dtype=np.float64).reshape(3, 4) ** 1.5",
        "W = X.T",
        "assert W.flags['F_CONTIGUOUS'] and not W.flags['C_CONTIGUOUS']",
        "np.savez(sys.argv[1], W=W, C=np.ascontiguousarray(W))");
    NpzFiles.runNumpy(script, f);
    Map<String, NpyArray> m = NpzReader.read(f, 1000);
    assertArrayEquals(new int[] {4, 3}, m.get("W").shape());
    assertArrayEquals(m.get("C").values(), m.get("W").values());
    assertEquals(Math.pow(1, 1.5), m.get("W").values()[3], 0.0); // W[1][0] = X[0][1] = 1^1.5
  }
}

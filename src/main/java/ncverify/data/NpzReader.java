package ncverify.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import ncverify.core.InvalidInput;

/**
 * Reads a NumPy {@code .npz} file as written by {@code numpy.savez} or {@code numpy.savez_compressed}:
 * a zip archive with one {@code NAME.npy} entry per array. Each entry is the NPY format
 * (numpy.lib.format, versions 1.0–3.0): the magic {@code \x93NUMPY}, a version, a little-endian
 * header length, a Python dict literal {@code {'descr': …, 'fortran_order': …, 'shape': (…)}}, then
 * the raw data.
 *
 * <p>Supported: little-endian {@code <f4 <f8 <i4 <i8} (and {@code |} or {@code =} byte order
 * only where it means the same on the little-endian machines NumPy runs on), C order or Fortran
 * order (column-major, e.g. {@code W = X.T}; reordered to C order when read), any
 * rank ≥ 1. Rejected, with exit 2 naming the file, the array and the rule: not a zip, an entry
 * that is not {@code .npy}, a repeated name, a bad magic or header, big-endian or other dtypes
 * (object arrays included: they are pickles and are never executed), a shape whose
 * size exceeds the limit, and data shorter or longer than the header declares.
 *
 * <p>Written here rather than taken from ND4J ({@code Nd4j.createFromNpzFile}) because that reader
 * is native code that trusts the header: a malformed file can crash the JVM instead of giving a
 * message. Every size is checked against {@link #DEFAULT_MAX_ELEMENTS} and the header length
 * against {@link #MAX_HEADER_BYTES} before anything is allocated.
 */
public final class NpzReader {

  /**
   * Largest total number of elements read from one file (all arrays together): 2^28 doubles are
   * 2 GiB of heap, the most a default JVM on a 24 GiB machine should be asked for by one input.
   */
  public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

  /** NPY headers are padded to 64 bytes; NumPy itself refuses headers above 10 kB by default. */
  public static final int MAX_HEADER_BYTES = 1 << 16;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpzReader() {}

  /** Reads every array of {@code file}, in archive order, with the default size limit. */
  public static Map<String, NpyArray> read(Path file) {
    return read(file, DEFAULT_MAX_ELEMENTS);
  }

  /**
   * @param maxElements the most elements read from the file, all arrays together
   * @throws InvalidInput (exit 2) naming the file, the array and the broken rule
   */
  public static Map<String, NpyArray> read(Path file, long maxElements) {
    if (Files.isDirectory(file)) {
      throw InvalidInput.file(file, "is a folder; name the .npz file in it");
    }
    if (!Files.isRegularFile(file)) {
      throw InvalidInput.file(file, "no such file");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    long budget = maxElements;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<? extends ZipEntry> entries = list(zip);
      for (ZipEntry e : entries) {
        String entry = e.getName();
        if (e.isDirectory()) {
          continue;
        }
        if (!entry.endsWith(".npy")) {
          throw bad(file, entry, "every entry of an .npz must be a .npy array (numpy.savez)");
        }
        String name = entry.substring(0, entry.length() - 4);
        if (arrays.containsKey(name)) {
          throw bad(file, name, "the array name occurs twice in the archive");
        }
        try (InputStream in = zip.getInputStream(e)) {
          NpyArray a = readNpy(new DataInputStream(in), file, name, budget);
          budget -= a.elementCount();
          arrays.put(name, a);
        }
      }
    } catch (NoSuchFileException e) {
      throw InvalidInput.file(file, "no such file");
    } catch (ZipException e) {
      throw InvalidInput.file(file, "not a readable .npz (zip) archive: " + e.getMessage());
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot read: " + e.getMessage());
    }
    return arrays;
  }

  private static List<? extends ZipEntry> list(ZipFile zip) {
    List<ZipEntry> out = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      out.add(en.nextElement());
    }
    return out;
  }

  /** Reads one NPY stream; {@code budget} is the number of elements still allowed. */
  static NpyArray readNpy(DataInputStream in, Path file, String name, long budget)
      throws IOException {
    byte[] magic = new byte[MAGIC.length];
    try {
      in.readFully(magic);
    } catch (EOFException e) {
      throw bad(file, name, "truncated before the NPY magic");
    }
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw bad(file, name, "does not start with the NPY magic \\x93NUMPY");
    }
    int major = readUnsignedByte(in, file, name);
    readUnsignedByte(in, file, name); // minor version: no meaning for the layout
    long headerLength;
    if (major == 1) {
      headerLength = readUnsignedByte(in, file, name) | (readUnsignedByte(in, file, name) << 8);
    } else if (major == 2 || major == 3) {
      headerLength = 0;
      for (int i = 0; i < 4; i++) {
        headerLength |= (long) readUnsignedByte(in, file, name) << (8 * i);
      }
    } else {
      throw bad(file, name, "NPY format version " + major + " is not supported (1, 2 or 3)");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw bad(file, name, "NPY header of " + headerLength + " bytes exceeds the limit of "
          + MAX_HEADER_BYTES);
    }
    byte[] header = new byte[(int) headerLength];
    try {
      in.readFully(header);
    } catch (EOFException e) {
      throw bad(file, name, "truncated inside the NPY header");
    }
    Header h = Header.parse(new String(header,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), file, name);
    int itemSize = switch (h.descr) {
      case "<f4", "<i4" -> 4;
      case "<f8", "<i8" -> 8;
      default -> throw bad(file, name, "dtype '" + h.descr + "' is not supported; use "
          + "little-endian float32/float64 ('<f4', '<f8') or int32/int64 ('<i4', '<i8')");
    };
    if (h.shape.length == 0) {
      throw bad(file, name, "is a 0-dimensional scalar; an array of rank >= 1 is needed");
    }
    long count = 1;
    for (long s : h.shape) {
      if (s < 0) {
        throw bad(file, name, "negative dimension in shape");
      }
      if (s > Integer.MAX_VALUE || (s > 0 && count > budget / s)) {
        throw bad(file, name, "shape " + h.shapeText() + " exceeds the limit of " + budget
            + " elements left for this file");
      }
      count *= s;
    }
    if (count > budget) {
      throw bad(file, name, "shape " + h.shapeText() + " exceeds the limit of " + budget
          + " elements left for this file");
    }
    int[] shape = new int[h.shape.length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) h.shape[i];
    }
    int n = (int) count;
    boolean floating = h.descr.charAt(1) == 'f';
    double[] values = floating ? new double[n] : null;
    long[] ints = floating ? null : new long[n];
    byte[] chunk = new byte[itemSize * 8192];
    ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < n; ) {
      int len = Math.min(8192, n - from);
      try {
        in.readFully(chunk, 0, len * itemSize);
      } catch (EOFException e) {
        throw bad(file, name, "data is shorter than the shape " + h.shapeText() + " declares");
      }
      buf.clear();
      for (int i = 0; i < len; i++) {
        switch (h.descr) {
          case "<f4" -> values[from + i] = buf.getFloat();
          case "<f8" -> values[from + i] = buf.getDouble();
          case "<i4" -> ints[from + i] = buf.getInt();
          default -> ints[from + i] = buf.getLong();
        }
      }
      from += len;
    }
    if (in.read() != -1) {
      throw bad(file, name, "data is longer than the shape " + h.shapeText() + " declares");
    }
    if (h.fortranOrder && shape.length > 1) {
      // Column-major data (e.g. np.savez of W = X.T): reorder to row-major, as the rest reads it.
      int[] order = cOrderFromFortran(shape);
      if (floating) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
          c[i] = values[order[i]];
        }
        values = c;
      } else {
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
          c[i] = ints[order[i]];
        }
        ints = c;
      }
    }
    return new NpyArray(name, h.descr, shape, values, ints);
  }

  /**
   * For each row-major (C order) position, the position of the same element in column-major
   * (Fortran order) storage: index (i_0, …, i_{r−1}) lies at Σ i_j Π_{l<j} shape_l there.
   */
  static int[] cOrderFromFortran(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    int[] stride = new int[shape.length];
    for (int j = 0, st = 1; j < shape.length; j++) {
      stride[j] = st;
      st *= shape[j];
    }
    int[] index = new int[shape.length];
    int[] out = new int[n];
    int offset = 0;
    for (int c = 0; c < n; c++) {
      out[c] = offset;
      // odometer over the row-major index, last dimension fastest
      for (int j = shape.length - 1; j >= 0; j--) {
        if (++index[j] < shape[j]) {
          offset += stride[j];
          break;
        }
        offset -= stride[j] * (index[j] - 1);
        index[j] = 0;
      }
    }
    return out;
  }

  private static int readUnsignedByte(DataInputStream in, Path file, String name)
      throws IOException {
    int b = in.read();
    if (b < 0) {
      throw bad(file, name, "truncated inside the NPY preamble");
    }
    return b;
  }

  /** The one message form for a bad array: file, array name, rule (exit 2). */
  public static InvalidInput bad(Path file, String array, String rule) {
    return new InvalidInput(file + ": array '" + array + "'", rule);
  }

  /** The header dict, parsed strictly (the three keys NumPy writes, nothing evaluated). */
  private static final class Header {
    String descr;
    Boolean fortranOrder;
    long[] shape;

    String shapeText() {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < shape.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(shape[i]);
      }
      return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    static Header parse(String text, Path file, String name) {
      Header h = new Header();
      Lexer lx = new Lexer(text, file, name);
      lx.expect('{');
      while (!lx.tryConsume('}')) {
        String key = lx.string();
        lx.expect(':');
        switch (key) {
          case "descr" -> {
            if (lx.peek() != '\'' && lx.peek() != '"') {
              throw bad(file, name, "dtype is a structured/record type; only plain numeric "
                  + "dtypes are supported");
            }
            h.descr = normaliseByteOrder(lx.string());
          }
          case "fortran_order" -> h.fortranOrder = lx.bool();
          case "shape" -> h.shape = lx.tuple();
          default -> throw bad(file, name, "unexpected NPY header key '" + key + "'");
        }
        if (!lx.tryConsume(',')) {
          lx.expect('}');
          break;
        }
      }
      lx.rest();
      if (h.descr == null || h.fortranOrder == null || h.shape == null) {
        throw bad(file, name, "NPY header must define 'descr', 'fortran_order' and 'shape'");
      }
      return h;
    }

    /** '=' (native) means little-endian on every platform NumPy writes these files on. */
    private static String normaliseByteOrder(String d) {
      return d.startsWith("=") ? "<" + d.substring(1) : d;
    }
  }

  /** Tokens of the header's Python literal. */
  private static final class Lexer {
    private final String s;
    private final Path file;
    private final String name;
    private int i;

    Lexer(String s, Path file, String name) {
      this.s = s;
      this.file = file;
      this.name = name;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    char peek() {
      skip();
      if (i >= s.length()) {
        throw malformed("ends early");
      }
      return s.charAt(i);
    }

    void expect(char c) {
      if (peek() != c) {
        throw malformed("expected '" + c + "' at offset " + i);
      }
      i++;
    }

    boolean tryConsume(char c) {
      skip();
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    String string() {
      char q = peek();
      if (q != '\'' && q != '"') {
        throw malformed("expected a quoted string at offset " + i);
      }
      int end = s.indexOf(q, i + 1);
      if (end < 0) {
        throw malformed("unterminated string");
      }
      String out = s.substring(i + 1, end);
      i = end + 1;
      return out;
    }

    boolean bool() {
      peek();
      if (s.startsWith("True", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return false;
      }
      throw malformed("expected True or False at offset " + i);
    }

    long[] tuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (!tryConsume(')')) {
        skip();
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (start == i || i - start > 18) {
          throw malformed("expected a dimension (non-negative integer) at offset " + start);
        }
        dims.add(Long.parseLong(s.substring(start, i)));
        if (dims.size() > 32) {
          throw malformed("more than 32 dimensions");
        }
        if (!tryConsume(',')) {
          expect(')');
          break;
        }
      }
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Only padding may follow the dict. */
    void rest() {
      skip();
      if (i != s.length()) {
        throw malformed("unexpected text after the header dict at offset " + i);
      }
    }

    private InvalidInput malformed(String why) {
      return bad(file, name, "malformed NPY header (" + why + ")");
    }
  }
}

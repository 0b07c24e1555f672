package ncverify.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import ncverify.core.InvalidInput;

/**
 * A results file ({@code --results FILE.jsonl}) of {@code verify} and of {@code sweep}: the judged
 * work units of one run, or of one shard of it, as JSON lines, so that a killed run can resume and
 * {@code merge} can assemble what a single run writes. The one format and the one reader/writer of
 * both commands.
 *
 * <p>Line 1 is the {@link Header}: the kind of run ({@code verify} or {@code sweep}), the format,
 * the program version, every argument that decides the results (keyed as in {@link #flagOf}), the
 * ids of the whole run's units, and the shard. Every further line is one {@link Unit}:
 * {@code {"id": …, "payload": …, "unit": n}} with a kind-specific payload written by
 * {@link JsonReport#line} (doubles exact, NaN kept). A {@code verify} run has a fixed list of units
 * (one per claim, one for the figures) and {@code n} is the unit's number in it; a {@code sweep}
 * does not know its points in advance (bisection adds them), so its header lists no units and
 * {@code n} counts the lines of its file, the id being the point's setting. Units appear in the
 * order they finished; the order does not matter to {@code merge}.
 *
 * <p>Nothing is overwritten unasked: {@link #create} refuses an existing file unless resuming (and
 * refuses, untouched, a file that is not a results file), and a resumed file keeps every complete
 * line (a last line cut off by a killed run is dropped). Reading a file for {@code merge} refuses a
 * cut last line (its shard is unfinished). Files merged together must be distinct shards of one
 * run ({@link #checkShardsOfOneRun}).
 */
public final class ResultsFile implements Closeable {
  /** Bumped when the line layout changes; {@code merge} refuses files of another format. */
  public static final int FORMAT = 1;

  /**
   * Line 1 of a results file.
   *
   * @param kind what produced the units ({@code verify}); {@code merge} dispatches on it
   * @param format {@link #FORMAT} of the writer
   * @param version the program version of the writer
   * @param arguments every argument that decides the results (name → value as text); shards of
   *     one run have equal arguments
   * @param units the ids of the whole run's units, in unit order (unit n is {@code units[n]});
   *     empty for a run whose units are not known in advance (a sweep)
   * @param shard the shard this file holds ({@code I/N}); not compared by {@code merge}
   */
  public record Header(String kind, int format, String version, Map<String, String> arguments,
      List<String> units, String shard) {
    public Header {
      Objects.requireNonNull(kind, "kind");
      arguments = new LinkedHashMap<>(arguments);
      units = units == null ? List.of() : List.copyOf(units);
    }

    /** The header with another shard (what resuming and merging do not compare). */
    public Header withShard(String s) {
      return new Header(kind, format, version, arguments, units, s);
    }

    /**
     * The first difference between this header and {@code other} (shard aside), or null if they
     * agree. The arguments are compared before the derived {@code provenance} (the command line,
     * made from them), so a run with another {@code --tries} is named by {@code --tries}.
     */
    Difference difference(Header other) {
      if (!kind.equals(other.kind)) {
        return new Difference("kind", "the one holds " + kind + " results, the other "
            + other.kind + " results");
      }
      if (format != other.format) {
        return new Difference("format", "format " + format + " vs " + other.format);
      }
      if (!Objects.equals(version, other.version)) {
        return new Difference("version", "version '" + version + "' vs '" + other.version + "'");
      }
      Set<String> keys = new TreeSet<>(arguments.keySet());
      keys.addAll(other.arguments.keySet());
      List<String> order = new ArrayList<>(keys);
      if (order.remove(PROVENANCE)) {
        order.add(PROVENANCE);
      }
      for (String k : order) {
        if (!Objects.equals(arguments.get(k), other.arguments.get(k))) {
          return new Difference(flagOf(k), flagOf(k) + " " + show(arguments.get(k)) + " vs "
              + show(other.arguments.get(k)));
        }
      }
      if (!units.equals(other.units)) {
        return new Difference("units", "units " + units + " vs " + other.units);
      }
      return null;
    }

    private static String show(String v) {
      return v == null ? "(absent)" : "'" + v + "'";
    }
  }

  /**
   * One judged unit as read from a file.
   *
   * @param unit its number in the run's fixed order
   * @param id what it is (a claim id, {@code figures})
   * @param payload the kind-specific content ({@link #payload} reads it)
   * @param file the file it was read from
   * @param line its line in that file (1-based)
   */
  public record Unit(int unit, String id, JsonNode payload, Path file, int line) {
    /** The payload as {@code type}. @throws InvalidInput naming file:line if it does not fit */
    public <T> T payload(Class<T> type) {
      try {
        return JsonReport.convert(payload, type);
      } catch (IOException | RuntimeException e) {
        throw InvalidInput.at(file, line, "unit " + unit + " (" + id + ") cannot be read as "
            + type.getSimpleName() + ": " + firstLine(e.getMessage()));
      }
    }
  }

  /**
   * How two headers differ.
   *
   * @param flag the command-line flag that sets the differing value ({@code --tries}), or the
   *     header field when no flag does ({@code kind}, {@code format}, {@code version}, {@code units})
   * @param text {@code flag value vs value}
   */
  public record Difference(String flag, String text) {}

  /** The argument key of the command line a report shows; derived from the others. */
  public static final String PROVENANCE = "provenance";

  /**
   * The flag that sets an argument of a header: {@code --KEY}, except {@code claims} and
   * {@code conjectures} (verify's repeatable {@code --claim}, {@code --conjecture}), {@code claim}
   * (a sweep's {@code --claim} or {@code --predict}) and {@code provenance} (derived).
   */
  public static String flagOf(String key) {
    return switch (key) {
      case "claims" -> "--claim";
      case "conjectures" -> "--conjecture";
      case "claim" -> "--claim/--predict";
      case PROVENANCE -> "the command line (provenance)";
      default -> "--" + key;
    };
  }

  /** A results file as read: its header and its units in file order. */
  public record Contents(Path file, Header header, List<Unit> units) {}

  /** What a unit line holds, in the order Jackson writes it (keys sorted). */
  record Line(String id, Object payload, int unit) {}

  private final Path file;
  private final Header header;
  private final Set<Integer> present;
  private final BufferedWriter out;
  private final boolean resumed;

  private ResultsFile(Path file, Header header, Set<Integer> present, BufferedWriter out,
      boolean resumed) {
    this.file = file;
    this.header = header;
    this.present = present;
    this.out = out;
    this.resumed = resumed;
  }

  /** Whether an existing file was continued. */
  public boolean resumed() {
    return resumed;
  }

  /**
   * Opens {@code file} for the units of a run with {@code header}: a new file gets the header line;
   * with {@code resume} an existing one is continued.
   *
   * @param flag the option that named the file, for errors
   * @throws InvalidInput naming {@code flag} if the file exists and {@code resume} is false, if it
   *     cannot be created or written, or (naming the file and key) if a resumed file's header differs
   */
  public static ResultsFile create(String flag, Path file, Header header, boolean resume) {
    try {
      if (Files.isDirectory(file)) {
        throw new InvalidInput(flag, file + " is a folder, not a file");
      }
      if (Files.exists(file)) {
        if (!resume) {
          throw new InvalidInput(flag, file + " exists; pass --resume to continue it (units in it"
              + " are not judged again) or choose another file");
        }
        String text = decode(flag, file, Files.readAllBytes(file));
        if (text.indexOf('\n') < 0) { // no complete line: its header cut by a kill, or not ours
          if (!JsonReport.line(header).startsWith(text)) {
            throw new InvalidInput(flag, file + " is not empty and not a results file; nothing was"
                + " written to it, name another file");
          }
          Files.writeString(file, "", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
          return start(file, header, StandardOpenOption.APPEND);
        }
        Contents old = read(file, true);
        Difference diff = header.difference(old.header());
        if (diff == null && !header.shard().equals(old.header().shard())) {
          diff = new Difference("--shard", "--shard '" + header.shard() + "' vs '"
              + old.header().shard() + "'");
        }
        if (diff != null) {
          throw new InvalidInput(diff.flag(), "the results file " + file + " holds another run ("
              + diff.text() + ", this run vs the file); use the same arguments to resume it, or"
              + " another file");
        }
        Set<Integer> present = new TreeSet<>();
        old.units().forEach(u -> present.add(u.unit()));
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        return new ResultsFile(file, header, present, w, true);
      }
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return start(file, header, StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new InvalidInput(flag, file + " cannot be written (" + e.getMessage() + ")");
    }
  }

  /** A fresh file: the header line, then the units. */
  private static ResultsFile start(Path file, Header header, StandardOpenOption mode)
      throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, mode,
        StandardOpenOption.WRITE);
    ResultsFile f = new ResultsFile(file, header, new TreeSet<>(), w, false);
    f.writeLine(JsonReport.line(header));
    return f;
  }

  private static String decode(String place, Path file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidInput(place, file + " is not UTF-8 text (not a results file); nothing was"
          + " written to it");
    }
  }

  /** The units already in the file (resumed), which the run need not judge again. */
  public Set<Integer> present() {
    return Set.copyOf(present);
  }

  /** The header this file was opened with. */
  public Header header() {
    return header;
  }

  /** A unit line: {@code payload} is written with {@link JsonReport#line}. */
  public static String unitLine(int unit, String id, Object payload) {
    return JsonReport.line(new Line(id, payload, unit));
  }

  /**
   * Appends one unit line (from {@link #unitLine}) and flushes it, so a killed run loses at most
   * the unit in progress.
   */
  public synchronized void append(String unitLine) {
    try {
      writeLine(unitLine);
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot be written (" + e.getMessage() + ")");
    }
  }

  private void writeLine(String line) throws IOException {
    out.write(line);
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot be written (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads a results file.
   *
   * @throws InvalidInput naming file:line if it cannot be read, a line is not JSON, the header lacks
   *     a kind or is of another format, or a unit line lacks its number or id or lies outside
   *     0 … units − 1
   */
  public static Contents read(Path file) {
    return read(file, false);
  }

  /**
   * @param repair drop a last line without its newline (a run killed while writing it) from the
   *     file instead of refusing it; used when resuming
   */
  private static Contents read(Path file, boolean repair) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw InvalidInput.file(file, "is a folder, not a results file");
      }
      text = decode(file.toString(), file, Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw InvalidInput.file(file, "no such file (a results file)");
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot be read (" + e.getMessage() + ")");
    }
    int end = text.lastIndexOf('\n') + 1;
    if (end == 0) {
      throw InvalidInput.at(file, 1, text.isEmpty() ? "empty: a results file starts with its"
          + " header line" : "not a results file (no complete line; a run cut off while writing"
          + " its header? run it again)");
    }
    String[] lines = text.substring(0, end - 1).split("\n", -1);
    Header header = header(file, lines[0]); // before any repair: another file is never touched
    if (end < text.length()) {
      if (!repair) {
        throw InvalidInput.at(file, lines.length + 1, "the last line has no newline: the run that"
            + " wrote it was cut off; resume it (the same command; verify with --resume)");
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
      } catch (IOException e) {
        throw InvalidInput.file(file, "cannot drop its incomplete last line (" + e.getMessage() + ")");
      }
      System.err.println(file + ": dropped an incomplete last line (a unit cut off by the previous"
          + " run); it is judged again");
    }
    boolean fixed = !header.units().isEmpty();
    List<Unit> units = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int lineNo = i + 1;
      Unit u = parseLine(file, lineNo, lines[i]);
      int unit = u.unit();
      if (fixed && (unit < 0 || unit >= header.units().size())) {
        throw InvalidInput.at(file, lineNo, "unit " + unit + " outside 0.." + (header.units().size() - 1)
            + " (the header lists " + header.units().size() + " units)");
      }
      if (fixed && !header.units().get(unit).equals(u.id())) {
        throw InvalidInput.at(file, lineNo, "unit " + unit + " is '" + u.id()
            + "' but the header says '" + header.units().get(unit) + "'");
      }
      units.add(u);
    }
    return new Contents(file, header, units);
  }

  private static Header header(Path file, String line) {
    try {
      JsonNode h = JsonReport.tree(line);
      if (h == null || !h.isObject() || !h.hasNonNull("kind") || !h.has("format")) {
        throw InvalidInput.at(file, 1, "not a results file (its first line is no results-file"
            + " header: no kind or format)");
      }
      if (h.get("format").asInt() != FORMAT) {
        throw InvalidInput.at(file, 1, "format " + h.get("format") + "; this build reads format "
            + FORMAT);
      }
      return JsonReport.convert(h, Header.class);
    } catch (IOException e) {
      throw InvalidInput.at(file, 1, "not a results file (its first line is no results-file"
          + " header: " + firstLine(e.getMessage()) + ")");
    }
  }

  /**
   * One unit line (as {@link #unitLine} wrote it), read without its header's checks.
   *
   * @throws InvalidInput naming file:line if it is not JSON or lacks its whole-number unit or id
   */
  public static Unit parseLine(Path file, int lineNo, String text) {
    JsonNode n;
    try {
      n = JsonReport.tree(text);
    } catch (IOException e) {
      throw InvalidInput.at(file, lineNo, "not a JSON line: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.has("unit") || !n.get("unit").isInt() || !n.hasNonNull("id")) {
      throw InvalidInput.at(file, lineNo, "a unit line needs a whole-number 'unit' and an 'id'");
    }
    return new Unit(n.get("unit").asInt(), n.get("id").asText(), n.get("payload"), file, lineNo);
  }

  /**
   * The units of one run, from files that together hold each exactly once, in unit order.
   *
   * @throws InvalidInput as {@link #checkShardsOfOneRun}; naming the unit and the files if a unit
   *     is missing or appears twice
   */
  public static List<Unit> combine(List<Contents> files) {
    checkShardsOfOneRun(files);
    Contents first = files.get(0);
    Unit[] byUnit = new Unit[first.header().units().size()];
    for (Contents c : files) {
      for (Unit u : c.units()) {
        Unit seen = byUnit[u.unit()];
        if (seen != null) {
          throw InvalidInput.at(u.file(), u.line(), "unit " + u.unit() + " (" + u.id()
              + ") appears twice: also at " + seen.file() + ":" + seen.line());
        }
        byUnit[u.unit()] = u;
      }
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < byUnit.length; i++) {
      if (byUnit[i] == null) {
        missing.add(i + " (" + first.header().units().get(i) + ")");
      }
    }
    if (!missing.isEmpty()) {
      List<String> names = files.stream().map(c -> c.file().toString()).toList();
      throw new InvalidInput("merge", "unit" + (missing.size() == 1 ? " " : "s ") + shorten(missing)
          + " of " + byUnit.length + " in none of " + String.join(", ", names)
          + " (a shard missing or unfinished? resume it with --resume)");
    }
    return List.of(byUnit);
  }

  /**
   * Checks that {@code files} are distinct shards of one run: the same kind (a verify and a sweep
   * file together are refused as such), equal headers (else the differing flag is named), and no
   * file and no shard twice (merging a file twice is refused for every kind alike; a shard's points
   * are in its one file).
   *
   * @throws InvalidInput naming {@code merge} for mixed kinds, else the file
   */
  public static void checkShardsOfOneRun(List<Contents> files) {
    if (files.isEmpty()) {
      throw new InvalidInput("merge", "give at least one results file");
    }
    Contents first = files.get(0);
    for (int i = 0; i < files.size(); i++) {
      Contents c = files.get(i);
      if (!c.header().kind().equals(first.header().kind())) {
        throw new InvalidInput("merge", first.file() + " holds " + first.header().kind()
            + " results but " + c.file() + " holds " + c.header().kind() + " results: merge"
            + " combines the shards of one run, give the files of one command");
      }
      Difference diff = c.header().difference(first.header());
      if (diff != null) {
        throw InvalidInput.file(c.file(), "comes from another run than " + first.file() + " ("
            + diff.text() + ", this file vs that): merge combines the shards of one run");
      }
      for (int j = 0; j < i; j++) {
        Contents earlier = files.get(j);
        if (sameFile(c.file(), earlier.file())) {
          throw InvalidInput.file(c.file(), "is given twice: give each shard's file once");
        }
        if (c.header().shard().equals(earlier.header().shard())) {
          throw InvalidInput.file(c.file(), "holds shard " + c.header().shard() + ", as "
              + earlier.file() + " does: give each shard's file once (two runs of one shard? keep"
              + " the complete one)");
        }
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static String shorten(List<String> xs) {
    List<String> s = xs.stream().limit(20).toList();
    return String.join(", ", s) + (xs.size() > 20 ? ", … (" + xs.size() + " in all)" : "");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

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
 * A results file ({@code --results FILE.jsonl}): the judged work units of one run, or of one shard
 * of it, as JSON lines, so that {@code merge} can assemble the report a single run writes.
 *
 * <p>Line 1 is the {@link Header}: the kind of run ({@code verify}; {@code sweep} may follow), the
 * format, the program version, every argument that decides the results, the number of units of
 * the whole run, and the shard. Every further line is one {@link Unit}: {@code {"id": …,
 * "payload": …, "unit": n}}, with the unit's number in the run's fixed order and a kind-specific
 * payload written by {@link JsonReport#line} (exact doubles). Units appear in the order they
 * finished; the order does not matter to {@code merge}.
 *
 * <p>Nothing is overwritten unasked: {@link #create} refuses an existing file unless resuming, and a
 * resumed file keeps every complete line (a last line cut off by a killed run is dropped).
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
   * @param units the ids of the whole run's units, in unit order (unit n is {@code units[n]})
   * @param shard the shard this file holds ({@code I/N}); not compared by {@code merge}
   */
  public record Header(String kind, int format, String version, Map<String, String> arguments,
      List<String> units, String shard) {
    public Header {
      Objects.requireNonNull(kind, "kind");
      arguments = new LinkedHashMap<>(arguments);
      units = List.copyOf(units);
    }

    /** The header with another shard (what resuming and merging do not compare). */
    public Header withShard(String s) {
      return new Header(kind, format, version, arguments, units, s);
    }

    /**
     * The first key on which this header and {@code other} disagree (shard aside), as
     * {@code key: this vs other}, or null if they agree.
     */
    String difference(Header other) {
      if (!kind.equals(other.kind)) {
        return "kind: '" + kind + "' vs '" + other.kind + "'";
      }
      if (format != other.format) {
        return "format: " + format + " vs " + other.format;
      }
      if (!Objects.equals(version, other.version)) {
        return "version: '" + version + "' vs '" + other.version + "'";
      }
      Set<String> keys = new TreeSet<>(arguments.keySet());
      keys.addAll(other.arguments.keySet());
      for (String k : keys) {
        if (!Objects.equals(arguments.get(k), other.arguments.get(k))) {
          return "arguments." + k + ": " + show(arguments.get(k)) + " vs " + show(other.arguments.get(k));
        }
      }
      if (!units.equals(other.units)) {
        return "units: " + units + " vs " + other.units;
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
      if (Files.exists(file)) {
        if (!resume) {
          throw new InvalidInput(flag, file + " exists; pass --resume to continue it (units in it"
              + " are not judged again) or choose another file");
        }
        Contents old = read(file, true);
        String diff = header.difference(old.header());
        if (diff == null && !header.shard().equals(old.header().shard())) {
          diff = "shard: '" + header.shard() + "' vs '" + old.header().shard() + "'";
        }
        if (diff != null) {
          throw InvalidInput.file(file, "cannot resume: it holds another run (" + diff
              + ", this run vs the file)");
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
      BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      ResultsFile f = new ResultsFile(file, header, new TreeSet<>(), w, false);
      f.writeLine(JsonReport.line(header));
      return f;
    } catch (IOException e) {
      throw new InvalidInput(flag, file + " cannot be written (" + e.getMessage() + ")");
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
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw InvalidInput.file(file, "no such results file");
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot be read (" + e.getMessage() + ")");
    }
    int end = text.lastIndexOf('\n') + 1;
    if (end < text.length()) {
      if (!repair) {
        throw InvalidInput.at(file, text.substring(0, end).split("\n", -1).length,
            "the last line has no newline: the run that wrote it was cut off; resume it with"
                + " --resume");
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
      } catch (IOException e) {
        throw InvalidInput.file(file, "cannot drop its incomplete last line (" + e.getMessage() + ")");
      }
      System.err.println(file + ": dropped an incomplete last line (a unit cut off by the previous"
          + " run); it is judged again");
      text = text.substring(0, end);
    }
    String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length == 0) {
      throw InvalidInput.at(file, 1, "empty: a results file starts with its header line");
    }
    Header header;
    try {
      JsonNode h = JsonReport.tree(lines[0]);
      if (h == null || !h.hasNonNull("kind") || !h.has("format")) {
        throw InvalidInput.at(file, 1, "not a results-file header (no kind or format)");
      }
      if (h.get("format").asInt() != FORMAT) {
        throw InvalidInput.at(file, 1, "format " + h.get("format") + "; this build reads format "
            + FORMAT);
      }
      header = JsonReport.convert(h, Header.class);
    } catch (IOException e) {
      throw InvalidInput.at(file, 1, "not a results-file header: " + firstLine(e.getMessage()));
    }
    List<Unit> units = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int lineNo = i + 1;
      Unit u = parseLine(file, lineNo, lines[i]);
      int unit = u.unit();
      if (unit < 0 || unit >= header.units().size()) {
        throw InvalidInput.at(file, lineNo, "unit " + unit + " outside 0.." + (header.units().size() - 1)
            + " (the header lists " + header.units().size() + " units)");
      }
      if (!header.units().get(unit).equals(u.id())) {
        throw InvalidInput.at(file, lineNo, "unit " + unit + " is '" + u.id()
            + "' but the header says '" + header.units().get(unit) + "'");
      }
      units.add(u);
    }
    return new Contents(file, header, units);
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
   * @throws InvalidInput naming the file and key if a header differs from the first file's, naming
   *     the unit and the files if a unit is missing or appears twice
   */
  public static List<Unit> combine(List<Contents> files) {
    if (files.isEmpty()) {
      throw new InvalidInput("merge", "give at least one results file");
    }
    Contents first = files.get(0);
    Unit[] byUnit = new Unit[first.header().units().size()];
    for (Contents c : files) {
      String diff = c.header().difference(first.header());
      if (diff != null) {
        throw InvalidInput.file(c.file(), "comes from another run than " + first.file() + " ("
            + diff + ", this file vs that)");
      }
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

package ncverify.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncverify.core.InvalidInput;

/**
 * A sweep's results file ({@code --results FILE.jsonl}): one JSON object per line. The first line
 * is the header ({@link SweepSpec#header()}); each further line is one point (grid or bisection),
 * appended as soon as it is judged:
 * <pre>{"values":[0.001],"setting":"loss=ce …","label":"VERIFIED","optimal_value":0.17,"reason":"…"}</pre>
 * A rerun with the same arguments reads the points back and judges only the others; a header that
 * differs is a bad input naming the flag. A last line without its newline (the run was killed
 * while writing it) is dropped and cut from the file; any other unreadable line is a bad input
 * naming file:line. Lines are self-contained, so files of runs that judged parts of one sweep can
 * be concatenated (after their headers) and read as one.
 */
public final class ResultsFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded point. */
  public record Entry(double[] values, String setting, Judge.Judgement judgement) {}

  private final Path path;
  private final int dimensions;
  private final List<Entry> entries = new ArrayList<>();

  private ResultsFile(Path path, int dimensions) {
    this.path = path;
    this.dimensions = dimensions;
  }

  /**
   * Opens (creating it with the header) or resumes the file at {@code path} for {@code spec}.
   *
   * @throws InvalidInput naming --results (unreadable file, bad line) or the flag whose value
   *     differs from the recorded header
   */
  public static ResultsFile open(Path path, SweepSpec spec) {
    ResultsFile f = new ResultsFile(path, spec.axes().size());
    try {
      String header = JSON.writeValueAsString(spec.header());
      if (Files.isRegularFile(path) && Files.size(path) > 0) {
        String partial = decode("--results", Files.readAllBytes(path));
        if (!partial.contains("\n") && !header.startsWith(partial)) { // someone else's file
          throw new InvalidInput("--results", path + " is not empty and not a sweep results file; "
              + "nothing was written to it, name another file");
        }
      }
      Contents c = read("--results", path, true);
      if (c == null) { // new, empty, or killed while writing this header
        Files.writeString(path, header + "\n", StandardCharsets.UTF_8);
        return f;
      }
      spec.requireSameAs(c.header, path);
      f.addLines(c.lines);
      return f;
    } catch (IOException e) {
      throw new InvalidInput("--results", path + ": cannot read or write (" + e.getMessage() + ")");
    }
  }

  /**
   * Whether {@code file} starts with a sweep results header (so that {@code ncverify merge} can
   * hand it to {@code sweep --merge}); false for anything unreadable.
   */
  public static boolean isSweepResults(Path file) {
    try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && JSON.readTree(first).has("sweep");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A merged set of results files: the sweep their headers record, and every point in them. */
  public record Merged(SweepSpec spec, ResultsFile points) {
    /**
     * The judge of a merge: every point must come from the files, so it judges nothing and
     * refuses a missing point (a shard that did not finish), naming --merge and the point.
     */
    public Judge refuseMissing() {
      String key = spec.claimId() == null ? Judge.STRUCTURE : Judge.VERDICT;
      return new Judge() {
        @Override
        public Judgement judge(ncverify.problem.Setting s) {
          throw new InvalidInput("--merge", "the files lack the point '" + s + "': a shard has not "
              + "finished (rerun it with the same arguments and --results file, then merge again)");
        }

        @Override
        public String labelKey() {
          return key;
        }
      };
    }
  }

  /**
   * Reads the results files of the shards of one sweep (read only; a last line cut short is
   * ignored) into one in-memory set of points, deduplicated by their values.
   *
   * @throws InvalidInput naming --merge: an unreadable file, a file of another sweep (the first
   *     differing field), or two files that disagree on a point
   */
  public static Merged merge(List<Path> files) {
    if (files.isEmpty()) {
      throw new InvalidInput("--merge", "needs at least one results file");
    }
    SweepSpec spec = null;
    Path first = null;
    ResultsFile union = null;
    Map<String, Entry> bySetting = new LinkedHashMap<>();
    Map<List<Double>, Boolean> seen = new LinkedHashMap<>();
    for (Path file : files) {
      Contents c;
      try {
        c = read("--merge", file, false);
      } catch (IOException e) {
        throw new InvalidInput("--merge", file + ": cannot read (" + e.getMessage() + ")");
      }
      if (c == null) {
        throw new InvalidInput("--merge", file + ": empty, no sweep header");
      }
      if (spec == null) {
        spec = SweepSpec.fromHeader(c.header, file);
        first = file;
        union = new ResultsFile(null, spec.axes().size());
      } else {
        try {
          spec.requireSameAs(c.header, file);
        } catch (InvalidInput e) {
          throw new InvalidInput("--merge", file + " is not a shard of the sweep in " + first + ": "
              + e.rule());
        }
      }
      ResultsFile one = new ResultsFile(file, spec.axes().size());
      one.addLines(c.lines);
      for (Entry e : one.entries) {
        Entry other = bySetting.putIfAbsent(e.setting(), e);
        if (other != null && !other.judgement().label().equals(e.judgement().label())) {
          throw new InvalidInput("--merge", file + ": the point '" + e.setting() + "' is "
              + e.judgement().label() + " here but " + other.judgement().label() + " in an earlier "
              + "file (written by different versions?)");
        }
        List<Double> key = java.util.Arrays.stream(e.values()).boxed().toList();
        if (seen.put(key, true) == null) {
          union.entries.add(e);
        }
      }
    }
    return new Merged(spec, union);
  }

  /** A results file's header and its complete lines after it (1-based line numbers kept). */
  private record Contents(Map<String, Object> header, List<String> lines) {}

  /**
   * The file's header and point lines, or null if it has no complete line. A last line without
   * its newline (cut by a kill) is ignored; with {@code repair} it is also cut from the file, so
   * that appending starts a fresh line.
   */
  private static Contents read(String flag, Path path, boolean repair) throws IOException {
    if (Files.isDirectory(path)) {
      throw new InvalidInput(flag, path + " is a folder, not a file");
    }
    if (!repair && !Files.exists(path)) {
      throw new InvalidInput(flag, path + ": no such file");
    }
    String text = Files.exists(path) ? decode(flag, Files.readAllBytes(path)) : "";
    int complete = text.lastIndexOf('\n') + 1;
    if (complete == 0) {
      return null;
    }
    if (repair && complete < text.length()) {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
        ch.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
      }
    }
    List<String> lines = List.of(text.substring(0, complete).split("\n", -1));
    Map<String, Object> header = readObject(path, 1, lines.get(0));
    if (!header.containsKey("sweep")) {
      throw InvalidInput.at(path, 1, "is not a sweep results header (a results file of another command?)");
    }
    return new Contents(header, lines.subList(1, lines.size() - 1));
  }

  private void addLines(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      entries.add(parseEntry(i + 2, lines.get(i)));
    }
  }

  private static String decode(String flag, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInput(flag, "the file is not UTF-8 text");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readObject(Path path, int line, String text) {
    try {
      Object o = JSON.readValue(text, Object.class);
      if (o instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw InvalidInput.at(path, line, "not a JSON object (a sweep results line)");
  }

  private Entry parseEntry(int line, String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw InvalidInput.at(path, line, "not a JSON object (a sweep results line)");
    }
    JsonNode values = n.get("values");
    if (n.get("setting") == null || !n.get("setting").isTextual() || n.get("label") == null
        || !n.get("label").isTextual() || values == null || !values.isArray()
        || values.size() != dimensions) {
      throw InvalidInput.at(path, line, "a point needs values (" + dimensions + " numbers), setting "
          + "and label");
    }
    double[] v = new double[dimensions];
    for (int a = 0; a < dimensions; a++) {
      if (!values.get(a).isNumber()) {
        throw InvalidInput.at(path, line, "values must be numbers");
      }
      v[a] = values.get(a).doubleValue();
    }
    JsonNode value = n.get("optimal_value");
    double optimal = value == null || !value.isNumber() ? Double.NaN : value.doubleValue();
    JsonNode reason = n.get("reason");
    return new Entry(v, n.get("setting").asText(), new Judge.Judgement(n.get("label").asText(),
        optimal, reason == null ? "" : reason.asText()));
  }

  /** The points recorded so far (from earlier runs), in file order. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Appends one judged point as one line, at once (a killed run loses at most that line). */
  public void append(Entry e) {
    if (path == null) { // merged, in memory only
      entries.add(e);
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", e.values());
    m.put("setting", e.setting());
    m.put("label", e.judgement().label());
    m.put("optimal_value", Double.isFinite(e.judgement().optimalValue()) ? e.judgement().optimalValue() : null);
    m.put("reason", e.judgement().reason());
    try {
      Files.writeString(path, JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException ex) {
      throw new InvalidInput("--results", path + ": cannot append (" + ex.getMessage() + ")");
    }
    entries.add(e);
  }
}

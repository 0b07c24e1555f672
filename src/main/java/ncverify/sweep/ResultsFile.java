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
      if (Files.isDirectory(path)) {
        throw new InvalidInput("--results", path + " is a folder, not a file");
      }
      String text = Files.exists(path) ? decode(Files.readAllBytes(path)) : "";
      int complete = text.lastIndexOf('\n') + 1; // bytes of whole lines (ASCII newline)
      String[] lines = text.substring(0, complete).split("\n", -1);
      if (complete == 0) { // new, empty, or killed while writing the header
        Files.writeString(path, JSON.writeValueAsString(spec.header()) + "\n", StandardCharsets.UTF_8);
        return f;
      }
      if (complete < text.length()) { // a line cut short by a kill: judged again
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
          ch.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
        }
      }
      Map<String, Object> header = readObject(path, 1, lines[0]);
      if (!header.containsKey("sweep")) {
        throw InvalidInput.at(path, 1, "is not a sweep results header (a results file of another command?)");
      }
      spec.requireSameAs(header, path);
      for (int i = 1; i < lines.length - 1; i++) {
        f.entries.add(f.parseEntry(i + 1, lines[i]));
      }
      return f;
    } catch (IOException e) {
      throw new InvalidInput("--results", path + ": cannot read or write (" + e.getMessage() + ")");
    }
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInput("--results", "the file is not UTF-8 text");
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

package ncverify.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import ncverify.problem.Setting;
import ncverify.symbolic.ProofTranscript;
import ncverify.symbolic.StepResult;

/**
 * claims.json: the whole model, machine-readable. Keys are the record component names, sorted
 * alphabetically at every level; nulls are written (so every claim has the same keys); pretty
 * printed with two-space indentation and {@code \n} line endings on every platform. The domain
 * types are written as they are, with two adjustments made here rather than in their packages: a
 * {@link Setting} is written in its one-line form (and parsed back), and the proof checker's
 * timings are left out (they would make the same results give different bytes).
 */
final class JsonReport {
  /** Bumped when a key is renamed or removed, so consumers can detect incompatible files. */
  static final int FORMAT_VERSION = 2;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .addMixIn(Setting.class, SettingAsText.class)
      .addMixIn(ProofTranscript.class, WithoutTimings.class)
      .addMixIn(StepResult.class, WithoutTimings.class)
      .build();

  /** A setting is written as its one-line form, copy-pasteable into a command. */
  abstract static class SettingAsText {
    @JsonValue
    @Override
    public abstract String toString();

    @JsonCreator
    static Setting parse(String text) {
      return Setting.parse(text);
    }
  }

  /** Wall-clock timings are not results: leaving them out keeps the bytes reproducible. */
  @JsonIgnoreProperties("millis")
  abstract static class WithoutTimings {
  }

  private JsonReport() {
  }

  /** The JSON document: {@code {"formatVersion": 1, "report": <model>}}. */
  static String render(ReportModel model) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    try {
      return MAPPER.writer(printer).writeValueAsString(new Document(FORMAT_VERSION, model)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the report model", e);
    }
  }

  /**
   * Reads a claims.json back into the model (for re-rendering without re-running). Rejects files
   * of another format version.
   */
  static ReportModel parse(String json) throws IOException {
    Document d = MAPPER.readValue(json, Document.class);
    if (d.formatVersion() != FORMAT_VERSION) {
      throw new IOException("claims.json has format version " + d.formatVersion()
          + "; this build reads version " + FORMAT_VERSION);
    }
    return d.report();
  }

  /**
   * {@code value} as one line of JSON (no line breaks), with the same keys and conventions as
   * claims.json: a results file ({@link ResultsFile}) holds one such line per work unit. Doubles
   * are written by Java's shortest round-trip conversion and read back by
   * {@link Double#parseDouble}, so every finite double survives the trip exactly; NaN and the
   * infinities are written as the strings "NaN", "Infinity", "-Infinity" and read back as such.
   */
  static String line(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads what {@link #line} wrote. */
  static <T> T readLine(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /** Reads one line as a tree (to look at its keys before choosing a type). */
  static com.fasterxml.jackson.databind.JsonNode tree(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  /** Reads a tree (from {@link #tree}) as {@code type}. */
  static <T> T convert(com.fasterxml.jackson.databind.JsonNode node, Class<T> type) throws IOException {
    return MAPPER.treeToValue(node, type);
  }

  /** Top level of claims.json. */
  record Document(int formatVersion, ReportModel report) {
  }
}

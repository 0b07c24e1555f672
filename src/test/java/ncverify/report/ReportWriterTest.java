package ncverify.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ncverify.claim.SourceStatus;
import ncverify.claim.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @TempDir
  Path tmp;

  private static final List<String> FILES = List.of("claims.md", "claims.json", "index.html",
      "claims/p1-ce-balanced-deep-etf.md", "claims/p1-mse-imbalanced-deep.md",
      "claims/p2-ce-relu-imbalanced.md");

  @Test
  void writesEveryFile() throws IOException {
    ReportWriter.write(SyntheticReport.model(), tmp);
    for (String f : FILES) {
      assertTrue(Files.size(tmp.resolve(f)) > 0, f);
    }
  }

  @Test
  void sameModelGivesSameBytesEvenUnderAnotherDefaultLocale() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    ReportWriter.write(SyntheticReport.model(), a);
    Locale saved = Locale.getDefault();
    try {
      // German formats 0.5 as "0,5": any locale-dependent formatting would change the bytes.
      Locale.setDefault(Locale.GERMANY);
      ReportWriter.write(SyntheticReport.model(), b);
    } finally {
      Locale.setDefault(saved);
    }
    for (String f : FILES) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
  }

  @Test
  void differentDataGivesDifferentBytes() throws IOException {
    // Negative control for the determinism test: it must be able to see a change.
    ReportModel m = SyntheticReport.model();
    ReportModel changed = new ReportModel(m.title(), m.provenance(), m.claims(), new Plots(
        m.plots().run(), m.plots().lengths(), null));
    assertNotEquals(HtmlReport.render(m), HtmlReport.render(changed));
  }

  @Test
  void claimOrderDoesNotDependOnInputOrder() {
    ReportModel m = SyntheticReport.model();
    List<ClaimEntry> reversed = new ArrayList<>(m.claims());
    java.util.Collections.reverse(reversed);
    ReportModel r = new ReportModel(m.title(), m.provenance(), reversed, m.plots());
    assertEquals(JsonReport.render(m), JsonReport.render(r));
    assertEquals(MarkdownReport.summary(m), MarkdownReport.summary(r));
  }

  @Test
  void jsonHasAVerdictPerClaimAndSortedKeys() throws IOException {
    ReportWriter.write(SyntheticReport.model(), tmp);
    String text = Files.readString(tmp.resolve("claims.json"));
    assertFalse(text.contains("\r"), "line endings must be \\n");
    JsonNode root = new ObjectMapper().readTree(text);
    assertEquals(JsonReport.FORMAT_VERSION, root.get("formatVersion").asInt());
    JsonNode claims = root.get("report").get("claims");
    assertEquals(3, claims.size());
    List<String> ids = new ArrayList<>();
    for (JsonNode c : claims) {
      ids.add(c.get("id").asText());
      String verdict = c.get("verdict").asText();
      assertTrue(List.of("VERIFIED", "REFUTED", "INCONCLUSIVE").contains(verdict), verdict);
    }
    assertEquals(ids.stream().sorted().toList(), ids);
    assertEquals("REFUTED", claims.get(0).get("verdict").asText());
    assertEquals(42, claims.get(0).get("counterexample").get("seed").asLong());
    assertEquals(2, stepsWithStatus(claims.get(1), "VERIFIED_SYMBOLIC"));
    assertEquals(1, stepsWithStatus(claims.get(1), "CHECKED_NUMERIC"));
    // Each proof step is published with its relation and the proof's prose.
    JsonNode step = claims.get(1).get("symbolic").get("steps").get(0);
    assertFalse(step.get("expression").asText().isEmpty());
    assertFalse(step.get("prose").asText().isEmpty());
    assertFalse(claims.get(1).get("statement").asText().isEmpty());
    assertKeysSorted(root);
    // Every claim has the same key set (nulls are written, not dropped).
    List<String> keys0 = fieldNames(claims.get(0));
    for (JsonNode c : claims) {
      assertEquals(keys0, fieldNames(c));
    }
  }

  @Test
  void nonFiniteNumbersStayValidJson() throws IOException {
    ClaimEntry c = new ClaimEntry("nan-claim", "t", "s", SourceStatus.CONJECTURE, "", null, "", null,
        Verdict.INCONCLUSIVE, 1, "diverged", List.of(new CheckResult("objective-gap",
            Double.NaN, 1e-6, "OPTIMISATION_REL", "r", false)), null, null);
    String json = JsonReport.render(new ReportModel("t", "", List.of(c), null));
    // A strict parser rejects bare NaN tokens; Jackson writes non-finite doubles as strings.
    JsonNode check = new ObjectMapper().readTree(json).get("report").get("claims").get(0)
        .get("checks").get(0);
    assertEquals("NaN", check.get("worstDeviation").asText());
    assertTrue(HtmlReport.render(new ReportModel("t", "", List.of(c), null))
        .contains("<td>NaN</td>"));
  }

  @Test
  void jsonReadsBackIntoTheSameModel() throws IOException {
    ReportModel m = SyntheticReport.model();
    ReportWriter.write(m, tmp);
    ReportModel back = ReportWriter.readJson(tmp.resolve("claims.json"));
    assertEquals(m, back);
    // Negative control: a changed file does not read back into the same model.
    Files.writeString(tmp.resolve("changed.json"), Files.readString(tmp.resolve("claims.json"))
        .replace("\"seed\" : 42", "\"seed\" : 43"));
    assertNotEquals(m, ReportWriter.readJson(tmp.resolve("changed.json")));
  }

  @Test
  void sortedKeyCheckRejectsUnsortedJson() throws IOException {
    // Negative control for assertKeysSorted.
    JsonNode unsorted = new ObjectMapper().readTree("{\"b\":1,\"a\":{\"y\":1,\"x\":2}}");
    assertThrows(AssertionError.class, () -> assertKeysSorted(unsorted));
  }

  @Test
  void markdownTableHasOneRowPerClaimAndEscapesCells() throws IOException {
    ReportWriter.write(SyntheticReport.model(), tmp);
    List<String> lines = Files.readAllLines(tmp.resolve("claims.md"));
    List<String> rows = lines.stream().filter(l -> l.startsWith("| [")).toList();
    assertEquals(3, rows.size());
    int header = countUnescapedPipes(lines.stream().filter(l -> l.startsWith("| id |"))
        .findFirst().orElseThrow());
    for (String row : rows) {
      assertEquals(header, countUnescapedPipes(row), row);
    }
    String refutedPage = Files.readString(tmp.resolve("claims/p1-ce-balanced-deep-etf.md"));
    assertTrue(refutedPage.contains("&lt;script&gt;"));
    assertFalse(refutedPage.contains("<script>"));
    assertTrue(refutedPage.contains("\\| pipes"));
    // The setting is shown verbatim in a fenced block so it can be copied into a command.
    assertTrue(refutedPage.contains("```\n" + SyntheticReport.COUNTEREXAMPLE_SETTING + "\n```"));
    assertTrue(refutedPage.contains("- seed: 42"));
    assertTrue(refutedPage.contains("- competing objective: " + 1.0736122886681098));
  }

  @Test
  void htmlHasThreePlotsEscapedTextAndTheCounterexample() throws IOException {
    ReportWriter.write(SyntheticReport.model(), tmp);
    String html = Files.readString(tmp.resolve("index.html"));
    // Report-wide (a), (b), (c) plus the per-claim (b) of p1-mse-imbalanced-deep.
    assertEquals(4, count(html, "<svg "));
    assertEquals(4, count(html, "</svg>"));
    assertTrue(html.contains("ncv-report-a-svg") && html.contains("ncv-report-b-svg")
        && html.contains("ncv-report-c-svg"));
    assertTrue(html.contains("Objective and NC metrics during training"));
    assertTrue(html.contains("value (log scale)"));
    assertTrue(html.contains("predicted threshold n_k = 16"));
    assertTrue(html.contains("measured = predicted"));
    assertTrue(html.contains("1 value(s) that were zero"));
    // Negative control: the hostile title appears, but only escaped.
    assertFalse(html.contains("<script"));
    assertTrue(html.contains("Means &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | pipes "
        + "&amp; &quot;quotes&quot;"));
    // No external resources: the page is self-contained.
    assertFalse(html.contains("src="));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("href=\"http") || html.contains("href='http"));
    assertFalse(html.contains("url(http"));
    assertTrue(html.contains("<pre class=\"counterexample\"><code>"
        + SyntheticReport.COUNTEREXAMPLE_SETTING + "</code></pre>"));
    assertTrue(html.contains("<li>seed: 42</li>"));
    assertTrue(html.contains("<li>predicted objective: 1.0986122886681098</li>"));
    assertTrue(html.contains("<li>competing − predicted: -0.025</li>"));
    assertTrue(html.contains("<code>proofs/p1-mse-imbalanced-deep.m:9</code>"));
    // One status vocabulary: the proof checker's (proofs/README.md), also in the report.
    assertTrue(html.contains("2 VERIFIED_SYMBOLIC, 1 CHECKED_NUMERIC, 0 FAILED"));
    assertTrue(html.contains("<code>D[g[x], x] == 0</code>"), "a step's relation is shown");
    assertTrue(html.contains("the closed-form root is stationary"), "a step's prose is shown");
    assertTrue(html.contains("W W^T and H^T H are diagonal"), "the claim's statement is shown");
    // Clip-path ids must be unique across the page when several charts share it.
    Matcher m = Pattern.compile("<clipPath id=[\"']([^\"']+)[\"']").matcher(html);
    List<String> clipIds = new ArrayList<>();
    while (m.find()) {
      clipIds.add(m.group(1));
    }
    assertFalse(clipIds.isEmpty());
    assertEquals(clipIds.size(), clipIds.stream().distinct().count(), clipIds.toString());
  }

  @Test
  void staleClaimPagesAreRemoved() throws IOException {
    Path stale = tmp.resolve("claims/old-claim.md");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "old");
    ReportWriter.write(SyntheticReport.model(), tmp);
    assertFalse(Files.exists(stale));
    try (Stream<Path> s = Files.list(tmp.resolve("claims"))) {
      assertEquals(3, s.count());
    }
  }

  @Test
  void modelRejectsInconsistentEntries() {
    ClaimEntry v = SyntheticReport.verified();
    assertThrows(IllegalArgumentException.class, () -> new ClaimEntry(v.id(), v.title(),
        v.source(), v.status(), v.statement(), v.finding(), v.domain(), v.symbolic(), Verdict.REFUTED, v.tries(), "",
        v.checks(), null, null));
    assertThrows(IllegalArgumentException.class, () -> new ClaimEntry(v.id(), v.title(),
        v.source(), v.status(), v.statement(), v.finding(), v.domain(), v.symbolic(), Verdict.VERIFIED, 0, "",
        v.checks(), null, null));
    List<CheckResult> oneFailed = List.of(v.checks().get(0), new CheckResult("x", 1, 0.1, "T",
        "r", false));
    assertThrows(IllegalArgumentException.class, () -> new ClaimEntry(v.id(), v.title(),
        v.source(), v.status(), v.statement(), v.finding(), v.domain(), v.symbolic(), Verdict.VERIFIED, v.tries(), "",
        oneFailed, null, null));
    assertThrows(IllegalArgumentException.class, () -> new ClaimEntry("Bad Id", v.title(),
        v.source(), v.status(), v.statement(), v.finding(), v.domain(), v.symbolic(), v.verdict(), v.tries(), "",
        v.checks(), null, null));
    assertThrows(IllegalArgumentException.class, () -> new ReportModel("t", "", List.of(v, v),
        null));
  }

  private static long stepsWithStatus(JsonNode claim, String status) {
    long n = 0;
    for (JsonNode step : claim.get("symbolic").get("steps")) {
      n += status.equals(step.get("status").asText()) ? 1 : 0;
    }
    return n;
  }

  static void assertKeysSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = fieldNames(node);
      assertEquals(names.stream().sorted().toList(), names, "keys not sorted");
      node.elements().forEachRemaining(ReportWriterTest::assertKeysSorted);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(ReportWriterTest::assertKeysSorted);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static int countUnescapedPipes(String row) {
    int n = 0;
    for (int i = 0; i < row.length(); i++) {
      if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
        n++;
      }
    }
    return n;
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}

package ncverify.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes {@code reports/}: claims.md, claims.json, index.html and claims/&lt;id&gt;.md.
 *
 * <p>Deterministic: the same model gives the same bytes (no timestamps, no random ids, Locale.ROOT
 * number formats, {@code \n} line endings, UTF-8, claims sorted by id).
 */
public final class ReportWriter {
  public static final String CLAIMS_MD = "claims.md";
  public static final String CLAIMS_JSON = "claims.json";
  public static final String INDEX_HTML = "index.html";
  public static final String CLAIMS_DIR = "claims";

  private ReportWriter() {
  }

  /**
   * Writes every report file into {@code dir} (created if missing). Per-claim pages of claims no
   * longer in the model are deleted so the directory reflects exactly this model.
   */
  public static void write(ReportModel model, Path dir) throws IOException {
    Path claimsDir = dir.resolve(CLAIMS_DIR);
    Files.createDirectories(claimsDir);
    write(dir.resolve(CLAIMS_MD), MarkdownReport.summary(model));
    write(dir.resolve(CLAIMS_JSON), JsonReport.render(model));
    write(dir.resolve(INDEX_HTML), HtmlReport.render(model));
    Set<Path> pages = new HashSet<>();
    for (ClaimEntry c : model.claims()) {
      Path page = claimsDir.resolve(c.id() + ".md");
      write(page, MarkdownReport.claimPage(c));
      pages.add(page);
    }
    try (DirectoryStream<Path> old = Files.newDirectoryStream(claimsDir, "*.md")) {
      for (Path p : old) {
        if (!pages.contains(p)) {
          Files.delete(p);
        }
      }
    }
  }

  /** Reads a claims.json written by {@link #write} back into the model it was written from. */
  public static ReportModel readJson(Path claimsJson) throws IOException {
    return JsonReport.parse(Files.readString(claimsJson, StandardCharsets.UTF_8));
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}

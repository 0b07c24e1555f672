package ncverify.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ncverify.core.ReportFolder;

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
  /** The files every verify report writes at the folder's top (checked before a run starts). */
  public static final java.util.List<String> TOP_FILES = java.util.List.of(CLAIMS_MD, CLAIMS_JSON,
      INDEX_HTML);

  private ReportWriter() {
  }

  /**
   * Writes every report file into {@code dir} (created if missing): first into a staging folder,
   * then moved into place only when all are complete ({@link ReportFolder}), so a failure half-way
   * leaves the previous report whole. Per-claim pages that an earlier write made for claims no
   * longer in the model are deleted; no other file in {@code dir} is touched.
   */
  public static void write(ReportModel model, Path dir) throws IOException {
    write(model, dir, true);
  }

  /**
   * As {@link #write(ReportModel, Path)}; with {@code complete} false (a run of some claims only)
   * the pages of other claims written earlier are kept.
   */
  public static void write(ReportModel model, Path dir, boolean complete) throws IOException {
    Path staging = ReportFolder.stage(dir);
    try {
      Path claimsDir = staging.resolve(CLAIMS_DIR);
      Files.createDirectories(claimsDir);
      write(staging.resolve(CLAIMS_MD), MarkdownReport.summary(model));
      write(staging.resolve(CLAIMS_JSON), JsonReport.render(model));
      write(staging.resolve(INDEX_HTML), HtmlReport.render(model));
      for (ClaimEntry c : model.claims()) {
        write(claimsDir.resolve(c.id() + ".md"), MarkdownReport.claimPage(c));
      }
      ReportFolder.publish(staging, dir, "verify", complete);
    } finally {
      ReportFolder.discard(staging);
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

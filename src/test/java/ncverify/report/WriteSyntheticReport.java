package ncverify.report;

import java.nio.file.Path;

/**
 * Writes the synthetic report to a directory, for looking at it in a browser and for the
 * render check: {@code java -cp ... ncverify.report.WriteSyntheticReport target/synthetic-report}.
 */
public final class WriteSyntheticReport {
  private WriteSyntheticReport() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    ReportWriter.write(SyntheticReport.model(), Path.of(args[0]));
  }
}

package ncverify.soundness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;

/**
 * Measurement tool, not a test (no surefire pattern matches it): re-judges chosen settings exactly
 * as the -Psoundness sweep does ({@link Soundness#judge} with {@link Soundness#sweepVerifier}, one
 * native thread, seed 1) and prints, per setting, the verdict, its thread CPU seconds and the
 * reason, tab-separated, so the same settings can be compared between two commits.
 * Usage: java -cp … ncverify.soundness.ReJudge CLAIM SETTINGS_FILE (one setting per line).
 */
public final class ReJudge {
  private ReJudge() {}

  public static void main(String[] args) throws Exception {
    SweepPool.oneNativeThread();
    TheoryClaim claim = Catalogue.byId(args[0]).orElseThrow();
    List<String> lines = Files.readAllLines(Path.of(args[1]));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double total = 0;
    int i = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      Setting s = Setting.parse(line.trim());
      long t0 = mx.getCurrentThreadCpuTime();
      SettingOutcome o = Soundness.judge(Soundness.sweepVerifier(), claim, s, 1L).orElse(null);
      double cpu = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
      total += cpu;
      System.out.printf(Locale.ROOT, "%d\t%s\t%.3f\t%s\t%s%n", ++i, o == null ? "OUTSIDE" : o.verdict(), cpu,
          line.trim(), o == null ? "" : o.reason());
      System.out.flush();
    }
    System.out.printf(Locale.ROOT, "#total\t%d\t%.2f%n", i, total);
  }
}

package ncverify.soundness;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;

/**
 * Measurement tool (not a test): judges listed settings exactly as the -Psoundness sweep does
 * ({@link Soundness#judge} with {@link Soundness#sweepVerifier()}, seed 1, one native thread) and
 * prints, per setting, the verdict, the thread CPU seconds and the reason. Input: lines
 * "CLAIM&lt;TAB&gt;SETTING". Used to compare a branch with main on the same settings.
 */
public final class JudgeSettings {
  private JudgeSettings() {}

  public static void main(String[] args) throws Exception {
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
    org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(1);
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    var bean = ManagementFactory.getThreadMXBean();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\t");
      TheoryClaim claim = Catalogue.byId(parts[0]).orElseThrow();
      Setting s = Setting.parse(parts[1]);
      long t0 = bean.getCurrentThreadCpuTime();
      Optional<SettingOutcome> o = Soundness.judge(Soundness.sweepVerifier(), claim, s, 1L);
      double cpu = (bean.getCurrentThreadCpuTime() - t0) / 1e9;
      String verdict = o.map(x -> x.verdict().toString()).orElse("OUTSIDE");
      String reason = o.map(x -> x.reason() == null ? "" : x.reason()).orElse("");
      System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%s\t%s%n", parts[0], verdict, cpu, parts[1],
          reason.length() > 200 ? reason.substring(0, 200) : reason);
      System.out.flush();
    }
  }
}

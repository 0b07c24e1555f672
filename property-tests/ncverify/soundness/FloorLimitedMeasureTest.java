package ncverify.soundness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ncverify.claim.SettingOutcome;
import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import ncverify.verify.Verifier;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check (skipped unless {@code -Dncverify.floor.settings=FILE}): re-judges
 * chosen soundness settings exactly as the sweep does ({@link Soundness#judge} with
 * {@link Soundness#sweepVerifier}, seed 1, one native thread as {@link SweepPool#oneNativeThread} sets)
 * and writes each verdict, its thread CPU seconds and its reason to
 * {@code -Dncverify.floor.out} (tab-separated). FILE has lines "claim TAB index TAB setting"
 * (the columns of the sweep's CLAIM.progress). Used to compare the tiny-λ rules before and after
 * on the same settings (issue 11).
 */
class FloorLimitedMeasureTest {
  @Test
  void measure() throws IOException {
    String in = System.getProperty("ncverify.floor.settings");
    assumeTrue(in != null && !in.isEmpty(), "a measurement: -Dncverify.floor.settings=FILE");
    SweepPool.oneNativeThread();
    Path out = Path.of(System.getProperty("ncverify.floor.out", "target/floor-measure.tsv"));
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Verifier verifier = Soundness.sweepVerifier();
    List<String> lines = Files.readAllLines(Path.of(in));
    Files.deleteIfExists(out);
    for (String line : lines) {
      String[] cols = line.split("\t");
      if (cols.length < 3) {
        continue;
      }
      TheoryClaim claim = Catalogue.byId(cols[0]).orElseThrow();
      Setting s = Setting.parse(cols[2]);
      if ("descent".equals(System.getProperty("ncverify.floor.phases"))) {
        Files.writeString(out, cols[0] + "\t" + cols[1] + "\t" + descent(claim, s) + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        continue;
      }
      if ("all".equals(System.getProperty("ncverify.floor.phases"))) {
        Files.writeString(out, cols[0] + "\t" + cols[1] + "\t" + phases(claim, s, bean) + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        continue;
      }
      long t0 = bean.getCurrentThreadCpuTime();
      Optional<SettingOutcome> o = Soundness.judge(verifier, claim, s, 1L);
      double cpu = (bean.getCurrentThreadCpuTime() - t0) * 1e-9;
      List<String> row = new ArrayList<>(List.of(cols[0], cols[1],
          o.map(x -> x.verdict().toString()).orElse("OUTSIDE"), String.format("%.3f", cpu), cols[2],
          o.map(SettingOutcome::reason).orElse("")));
      Files.writeString(out, String.join("\t", row) + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** CPU seconds of the judge's phases, run separately: descent, first search, escalation. */
  private static String phases(TheoryClaim claim, Setting s, ThreadMXBean bean) {
    ncverify.verify.CompetitorSearch search = new ncverify.verify.CompetitorSearch(
        new ncverify.verify.Effort(List.of(1.0), 1, true, Soundness.SWEEP_ITERATIONS, false));
    ncverify.theory.Prediction p = claim.predict(s).orElseThrow();
    ncverify.problem.Objective f = new ncverify.problem.Objective(s);
    double fStar = p.optimalValue();
    double reached = fStar + Verifier.atOptimum(fStar, p.valueErrorBound());
    long t0 = bean.getCurrentThreadCpuTime();
    ncverify.train.Run d = search.certifying().minimize(f, p.minimiser());
    long t1 = bean.getCurrentThreadCpuTime();
    List<ncverify.verify.CompetitorSearch.Candidate> first = search.competitors(f, p, 1L);
    long t2 = bean.getCurrentThreadCpuTime();
    List<ncverify.verify.CompetitorSearch.Candidate> esc = search.escalation(s, 1L, reached);
    long t3 = bean.getCurrentThreadCpuTime();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("descent %.3f r=%.3g f-f*=%.3g it=%d | first %.3f n=%d | esc %.3f n=%d",
        (t1 - t0) * 1e-9, d.residual(), d.objective() - fStar, d.iterations(), (t2 - t1) * 1e-9,
        first.size(), (t3 - t2) * 1e-9, esc.size()));
    for (ncverify.verify.CompetitorSearch.Candidate c : esc) {
      sb.append(String.format(" [%s r=%.3g f=%.6g it=%d]", c.origin(), c.run().residual(),
          c.run().objective(), c.run().iterations()));
    }
    sb.append(String.format(" floor=%.3g", ncverify.train.Certificate.roundOffFloor(f, p.minimiser())));
    return sb.toString();
  }

  /** The predicted point's residual, its RMS floor, and rule (b)'s descent from it. */
  private static String descent(TheoryClaim claim, Setting s) {
    ncverify.verify.CompetitorSearch search = new ncverify.verify.CompetitorSearch(
        new ncverify.verify.Effort(List.of(1.0), 1, true, Soundness.SWEEP_ITERATIONS, false));
    ncverify.theory.Prediction p = claim.predict(s).orElseThrow();
    ncverify.problem.Objective f = new ncverify.problem.Objective(s);
    double fStar = p.optimalValue();
    double rHat = ncverify.train.Certificate.residual(f, p.minimiser());
    double floor = ncverify.train.Certificate.roundOffFloor(f, p.minimiser());
    ncverify.train.Run d = search.certifying().minimize(f, p.minimiser());
    return String.format("%.4g\t%.4g\t%.4g\t%.4g\t%d\t%s\t%s", rHat, floor, d.residual(),
        (d.objective() - fStar) / Verifier.atOptimum(fStar, p.valueErrorBound()), d.iterations(),
        d.termination(), p.atThreshold());
  }
}

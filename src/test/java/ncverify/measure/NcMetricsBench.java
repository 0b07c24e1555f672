package ncverify.measure;

import java.util.Arrays;
import java.util.Random;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * Cost of one {@link NcMetrics#of(Layout, double[])} call at the size the training loop uses
 * (K = 10, d = 64, N = 1000). Not a test: run by hand with
 * {@code java -cp target/classes:target/test-classes:<deps> ncverify.measure.NcMetricsBench}.
 * Prints wall-clock and thread-CPU medians over timed batches after a warm-up (on a loaded
 * machine the thread-CPU time is the better estimate of the cost).
 */
public final class NcMetricsBench {
  private NcMetricsBench() {}

  public static void main(String[] args) {
    for (String line : new String[] {
        "loss=mse bias=none features=free n=100,100,100,100,100,100,100,100,100,100 d=64 M=1"
            + " lambdaW=5e-4 lambdaH=5e-4",
        "loss=ce bias=free features=free n=100,100,100,100,100,100,100,100,100,100 d=64 M=3"
            + " lambdaW=5e-4 lambdaH=5e-4"}) {
      Setting s = Setting.parse(line);
      Layout layout = new Layout(s);
      Random rng = new Random(1);
      double[] x = new double[layout.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = 0.1 * rng.nextGaussian();
      }
      double sink = 0;
      for (int i = 0; i < 300; i++) { // warm-up (JIT)
        sink += NcMetrics.of(layout, x).nc1();
      }
      int batches = 30;
      int perBatch = 20;
      double[] ms = new double[batches];
      double[] cpu = new double[batches];
      java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int b = 0; b < batches; b++) {
        long c0 = bean.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < perBatch; i++) {
          sink += NcMetrics.of(layout, x).nc1();
        }
        ms[b] = (System.nanoTime() - t0) / 1e6 / perBatch;
        cpu[b] = (bean.getCurrentThreadCpuTime() - c0) / 1e6 / perBatch;
      }
      Arrays.sort(ms);
      Arrays.sort(cpu);
      System.out.printf("%s%n  NcMetrics.of: wall median %.3f ms (p10 %.3f, p90 %.3f); thread CPU"
          + " median %.3f ms (p10 %.3f) per call (checksum %.6g)%n", s, ms[batches / 2],
          ms[batches / 10], ms[batches * 9 / 10], cpu[batches / 2], cpu[batches / 10], sink);
    }
  }
}

package ncverify.cli;

import java.io.PrintWriter;
import java.util.Locale;
import ncverify.core.Limits;
import ncverify.problem.Setting;

/**
 * The estimate of time and memory printed (on standard error) before a legal but expensive request
 * starts: a setting with more than {@link Limits#EXPENSIVE_PARAMETERS} parameters.
 */
final class CostEstimate {
  /**
   * Floating-point operations per second assumed for the estimate: a conservative figure for ND4J's
   * gemm on 2 cores (measure yours with the {@code bench} command).
   */
  static final double FLOPS = 2e9;

  private CostEstimate() {}

  /** Prints the estimate for {@code s} if it is expensive; returns whether it printed. */
  static boolean announce(String command, Setting s, int iterations, PrintWriter err) {
    long p = s.parameters();
    if (p <= Limits.EXPENSIVE_PARAMETERS) {
      return false;
    }
    double flopsPerEvaluation = 0;
    for (int m = 1; m <= s.depth(); m++) {
      // forward and backward products through layer m for N samples
      flopsPerEvaluation += 6.0 * s.layerIn(m) * s.layerOut(m) * s.N();
    }
    double seconds = flopsPerEvaluation / FLOPS;
    err.printf(Locale.ROOT, "%s: %d parameters (limit %d); estimated memory %.1f GB; about %.3g s "
        + "per objective evaluation, so up to %.3g h for %d iterations%n", command, p,
        Limits.MAX_PARAMETERS, Limits.optimiserBytes(p) / 1e9, seconds, seconds * iterations / 3600,
        iterations);
    err.flush();
    return true;
  }
}

package ncverify.core;

import java.lang.management.ManagementFactory;

/**
 * CPU time, the one clock for reported costs: on a shared machine wall time measures the load, not
 * the work (the project's machines run at loads of 5–15), so every figure a command prints as "the
 * time it took" is CPU time, and wall time is labelled as such where it is shown at all.
 */
public final class CpuTime {
  private CpuTime() {}

  /**
   * CPU seconds used so far by the whole process: every thread, including native BLAS threads,
   * the JIT compilers and the garbage collector. Falls back to this thread's CPU time on a JVM
   * without the {@code com.sun.management} extension.
   */
  public static double processSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() * 1e-9;
    }
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() * 1e-9;
  }
}

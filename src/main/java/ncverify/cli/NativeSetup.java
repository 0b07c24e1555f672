package ncverify.cli;

/**
 * JVM-wide settings for ND4J's native memory, applied before ND4J is first touched.
 * ND4J frees off-heap memory only when the GC runs; without a cap it grew to 3.3 GB in long runs
 * (shared/STACK.md). The cap is JavaCPP's {@value #MAX_PHYSICAL_KEY}, default
 * {@value #MAX_PHYSICAL}: the whole process's resident memory (heap included). When an ND4J
 * allocation would pass it, JavaCPP runs the GC (which frees the arrays no longer referenced) and
 * retries before it gives up with an OutOfMemoryError. Measured (1.0.0-M2.1): 40 arrays of 80 MB
 * allocated in turn stayed at 0.73 GB resident under a 700M cap and reached 1.7 GB without one;
 * the default {@code verify} stays at about 0.45 GB. JavaCPP's other cap,
 * {@code org.bytedeco.javacpp.maxbytes}, does not apply: ND4J's data buffers are not among the
 * pointers it counts ({@code Pointer.totalBytes()} stayed at bytes while they held gigabytes).
 *
 * <p>A user-supplied value wins: {@code java -Dorg.bytedeco.javacpp.maxphysicalbytes=8G -jar …}
 * (or in {@code JAVA_TOOL_OPTIONS}); raise it with the heap ({@code -Xmx}) for settings near the
 * parameter limit, whose optimiser vectors (about 2 GB) live on the heap. The workers of
 * {@code --jobs} inherit it; each worker has its own cap.
 */
final class NativeSetup {
  private NativeSetup() {}

  static final String MAX_PHYSICAL_KEY = "org.bytedeco.javacpp.maxphysicalbytes";
  static final String MAX_PHYSICAL = "3G";

  static void configure() {
    setIfAbsent(MAX_PHYSICAL_KEY, MAX_PHYSICAL);
  }

  /**
   * Threads for ND4J's own loops and its BLAS: {@code requested}, or half the cores (at least 1).
   * The default leaves the other half to the JVM and to other processes: with as many threads as
   * cores, ND4J's spinning OpenMP/BLAS threads competed with everything else and an epoch of the
   * practical preset took 2.7x longer than with one thread on a loaded 2-core machine
   * ({@code bench}, part iv). Returns the number set.
   */
  static int threads(Integer requested) {
    int n = requested != null ? requested
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    if (n < 1) {
      throw new ncverify.core.InvalidInput("--threads", "must be >= 1, got " + n);
    }
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(n);
    org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(n);
    org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n);
    return n;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

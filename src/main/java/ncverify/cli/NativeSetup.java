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

  /** Environment variable choosing the BLAS: {@code bundled} (default) or {@code system}. */
  static final String BLAS_VARIABLE = "NCVERIFY_BLAS";

  static void configure() {
    setIfAbsent(MAX_PHYSICAL_KEY, MAX_PHYSICAL);
    // An installed OpenBLAS (found as libopenblas.so on the library path, e.g. Debian's
    // libopenblas-dev) runs the practical preset's products faster than the OpenBLAS 0.3.19 that
    // ND4J bundles (bench, part iv, prints which library was loaded), but it is opt-in
    // (NCVERIFY_BLAS=system): Debian's libopenblas has no LAPACKE, and ND4J's JNI layer then
    // kills the JVM with "undefined symbol: LAPACKE_dsyev_work" at the first eigendecomposition
    // (the CE logit-convex Newton step uses one), which a default must never risk.
    if ("system".equals(System.getenv(BLAS_VARIABLE))) {
      setIfAbsent("org.bytedeco.openblas.load", "openblas");
    }
  }

  /**
   * Threads for ND4J's own loops and its BLAS: {@code requested}, or half the cores (at least 1).
   * The default leaves the other half to the JVM and to other processes: with as many threads as
   * cores, ND4J's spinning OpenMP/BLAS threads competed with everything else and an epoch of the
   * practical preset took 2.7x longer than with one thread on a loaded 2-core machine
   * ({@code bench}, part iv). Returns the number set.
   */
  /**
   * One native thread for judging (verify, check, sweep), in the parent and in every worker alike:
   * LAPACK's eigendecomposition (the CE logit-convex Newton step) is not bit-identical across
   * OpenBLAS thread counts, and a report must have the same bytes whatever --jobs is (a single
   * process left at ND4J's default of all cores differed from --jobs 2 in the 10th digit of
   * hong-ce-imbalanced-no-relu's residuals). Judging works on small matrices, so one thread costs
   * little.
   */
  static void judgingThreads() {
    threads(1);
  }

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

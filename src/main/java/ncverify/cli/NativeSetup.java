package ncverify.cli;

import com.sun.jna.platform.unix.LibC;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

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
    chooseBlasKernels();
  }

  /** The environment variable through which OpenBLAS's DYNAMIC_ARCH builds take their kernels. */
  static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";

  /** CPU flags (Linux /proc/cpuinfo names) that OpenBLAS's SkylakeX kernels need. */
  static final Set<String> AVX512_KERNEL_FLAGS =
      Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

  /**
   * Makes the OpenBLAS that ND4J bundles (0.3.19, DYNAMIC_ARCH) use its SkylakeX (AVX-512)
   * kernels on a CPU that has AVX-512, unless the user set {@value #CORETYPE_VARIABLE}. Why:
   * 0.3.19 does not know AMD Zen 4 (family 25, with AVX-512) and falls back to its Zen kernels
   * (Haswell's, AVX2); later OpenBLAS releases use AVX-512 kernels there (NumPy 2.4's OpenBLAS
   * 0.3.31 picks SkylakeX on this machine, Debian's 0.3.21 Cooperlake). Measured here (C, CPU
   * time, one thread, the practical preset's products): SkylakeX 2.84–2.89 ms per batch,
   * Cooperlake 2.92–3.01, Zen 3.21–3.34. On Intel CPUs with AVX-512 this is the choice 0.3.19
   * already makes. OpenBLAS reads the variable once, when the library is loaded, so it is set in
   * the C environment (JNA's libc binding) before ND4J is first touched; later it changes
   * nothing. Every process of a run (the workers of {@code --jobs} included) makes the same
   * choice, so reports do not depend on {@code --jobs}. Anything unexpected (no /proc/cpuinfo, no
   * libc binding) leaves OpenBLAS's own choice: a slower kernel, never a wrong one.
   */
  static void chooseBlasKernels() {
    if (System.getenv(CORETYPE_VARIABLE) != null) {
      return;
    }
    try {
      String core = blasCoreFor(cpuFlags());
      if (core != null) {
        LibC.INSTANCE.setenv(CORETYPE_VARIABLE, core, 0);
      }
    } catch (RuntimeException | LinkageError e) {
      // leave OpenBLAS's own choice (see above)
    }
  }

  /** SKYLAKEX for a CPU with the AVX-512 subsets its kernels use; null (no choice) otherwise. */
  static String blasCoreFor(Set<String> flags) {
    return flags.containsAll(AVX512_KERNEL_FLAGS) ? "SKYLAKEX" : null;
  }

  /** The first processor's flags in /proc/cpuinfo; empty where there is none (not Linux). */
  static Set<String> cpuFlags() {
    Path info = Path.of("/proc/cpuinfo");
    if (!System.getProperty("os.name", "").startsWith("Linux")
        || !"amd64".equals(System.getProperty("os.arch")) || !Files.isReadable(info)) {
      return Set.of();
    }
    try (Stream<String> lines = Files.lines(info)) {
      return lines.filter(l -> l.startsWith("flags")).findFirst()
          .map(l -> (Set<String>) new HashSet<>(
              Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
          .orElse(Set.of());
    } catch (IOException | UncheckedIOException e) {
      return Set.of();
    }
  }

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

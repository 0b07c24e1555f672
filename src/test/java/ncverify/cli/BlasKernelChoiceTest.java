package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeSetup#chooseBlasKernels}: OpenBLAS's AVX-512 kernels exactly when the CPU has the
 * subsets they use, set before ND4J loads OpenBLAS, and never over the user's own choice.
 */
class BlasKernelChoiceTest {
  /** A Zen 4 flag line's AVX-512 part (this machine's lscpu) plus AVX2 basics. */
  private static final Set<String> ZEN4 = Set.of("avx", "avx2", "fma", "avx512f", "avx512dq",
      "avx512cd", "avx512bw", "avx512vl", "avx512_bf16", "avx512vbmi");

  @Test
  void avx512CpusGetSkylakeXAndOthersKeepOpenBlasChoice() {
    assertEquals("SKYLAKEX", NativeSetup.blasCoreFor(ZEN4));
    // controls: AVX2 only, and AVX-512 without one of the subsets the kernels use
    assertNull(NativeSetup.blasCoreFor(Set.of("avx", "avx2", "fma")));
    for (String missing : NativeSetup.AVX512_KERNEL_FLAGS) {
      Set<String> flags = new HashSet<>(ZEN4);
      flags.remove(missing);
      assertNull(NativeSetup.blasCoreFor(flags), missing);
    }
  }

  /** Forks {@link Probe}: the kernels the loaded OpenBLAS reports, under {@code coretype}. */
  private static String probe(String coretype) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Probe.class.getName())
        .redirectErrorStream(true);
    pb.environment().remove(NativeSetup.CORETYPE_VARIABLE);
    if (coretype != null) {
      pb.environment().put(NativeSetup.CORETYPE_VARIABLE, coretype);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe timed out");
    return out;
  }

  @Test
  void theChoiceReachesTheLoadedOpenBlasAndTheUsersChoiceWins() throws Exception {
    String core = NativeSetup.blasCoreFor(NativeSetup.cpuFlags());
    assumeTrue(core != null, "this CPU has no AVX-512: nothing is chosen");
    String chosen = probe(null);
    // both copies ND4J loads (its own and the cblas one NativeMatrices calls) use it
    assertTrue(chosen.contains("libopenblas.so.0 (OpenBLAS 0.3.19 DYNAMIC_ARCH NO_AFFINITY SkylakeX")
        && chosen.contains("libopenblas_nolapack.so.0 (OpenBLAS 0.3.19 DYNAMIC_ARCH NO_AFFINITY "
        + "SkylakeX"), chosen);
    String users = probe("HASWELL");
    assertTrue(users.contains("NO_AFFINITY Haswell") && !users.contains("SkylakeX"), users);
  }

  /** Configures as the command line does, loads ND4J, prints the loaded BLAS's configuration. */
  public static final class Probe {
    public static void main(String[] args) {
      NativeSetup.configure();
      org.nd4j.linalg.factory.Nd4j.create(1);
      org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
      System.out.println(ncverify.practical.EpochBench.blas());
    }
  }
}

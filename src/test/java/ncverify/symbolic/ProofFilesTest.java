package ncverify.symbolic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real check: every derivation in proofs/ passes (no step FAILED). */
class ProofFilesTest {

  @Test
  void everyProofFilePasses() {
    List<Path> files = ProofChecker.proofFiles(Path.of("proofs"));
    assertFalse(files.isEmpty(), "no proof files found");
    List<ProofTranscript> all = new ProofChecker().checkAll(files);
    String failed = all.stream().flatMap(t -> t.steps().stream())
        .filter(s -> s.status() == StepStatus.FAILED)
        .map(s -> s.location() + " " + s.name() + ": " + s.detail())
        .collect(Collectors.joining("\n"));
    assertTrue(failed.isEmpty(), "failed steps:\n" + failed);
  }
}

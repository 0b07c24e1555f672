package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ncverify.symbolic.ProofTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof process of {@code verify --jobs J} really delivers the transcripts: its fallback (the
 * files checked again in the parent) gives the same transcripts, so the report bytes alone cannot
 * tell the two apart, and a proof process that always failed went unnoticed while the default
 * verify's parent spent about 25 s of CPU re-checking every proof (issue 16).
 */
class ProofProcessTest {
  /** A small proof file of the catalogue. */
  private static final Path PROOF = Path.of("proofs", "hong-ce-imbalanced-no-relu.m");

  @TempDir
  Path tmp;

  @Test
  void transcriptsComeFromTheProofProcess() {
    ProofProcess p = ProofProcess.start(List.of(PROOF));
    Map<String, ProofTranscript> t = p.transcripts();
    assertFalse(p.checkedHere(), "the proof process delivered no transcripts; the parent checked");
    assertEquals(List.of(PROOF.toString()), List.copyOf(t.keySet()));
  }

  @Test
  void anExistingOutputFileIsRefusedAndTheParentChecks() throws Exception {
    // Negative control: the old start (a transcripts file made by createTempFile, so it exists) is
    // refused by prove --json, and the parent checks the file itself, with the same transcript.
    Path existing = Files.createFile(tmp.resolve("existing.json"));
    ProofProcess p = ProofProcess.start(List.of(PROOF), existing);
    Map<String, ProofTranscript> fallback = p.transcripts();
    assertTrue(p.checkedHere());
    ProofProcess fresh = ProofProcess.start(List.of(PROOF));
    assertEquals(outcomes(fresh.transcripts()), outcomes(fallback));
    assertFalse(fresh.checkedHere());
  }

  /** Each step's line, name, status and detail (its CPU milliseconds vary from run to run). */
  private static List<String> outcomes(Map<String, ProofTranscript> t) {
    return t.values().stream().flatMap(x -> x.steps().stream())
        .map(s -> s.file() + ":" + s.line() + " " + s.name() + " " + s.status() + " " + s.detail())
        .toList();
  }
}

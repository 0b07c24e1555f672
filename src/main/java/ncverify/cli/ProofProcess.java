package ncverify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncverify.symbolic.ProofChecker;
import ncverify.symbolic.ProofTranscript;

/**
 * The proof files of a {@code verify --jobs J} run (J ≥ 2), checked by one process of their own
 * ({@code prove --json}) while the judging workers run: one Symja engine and one warm-up for all
 * files instead of one per worker, and the workers never load Symja.
 *
 * <p>That process runs with the client compiler only ({@link #JIT_OPTION}): measured on the whole
 * proofs/ folder (thread CPU time, /proc), the server compiler spent 12.4 s compiling Symja for
 * 12.8 s of Symja's own work (30.1 s in all), while with the client compiler alone the work took
 * 15.0 s and compiling 1.4 s (18.3 s in all). Compiled code computes the same bits at every tier
 * (Java's floating point is strict), and the time limits count CPU time, so the transcripts equal
 * those of an in-process check (the report bytes are compared in the tests).
 */
final class ProofProcess {
  /** Client compiler only: Symja's code runs too briefly to repay the server compiler. */
  static final String JIT_OPTION = Workers.CLIENT_COMPILER;

  private final Process process;
  private final Path json;
  private final List<Path> files;
  /** Whether json's folder is this run's own temporary folder (removed with it). */
  private final boolean ownFolder;
  /** Whether the last {@link #transcripts} call had to check the files in this process. */
  private boolean checkedHere;

  private ProofProcess(Process process, Path json, List<Path> files, boolean ownFolder) {
    this.process = process;
    this.json = json;
    this.files = files;
    this.ownFolder = ownFolder;
  }

  /**
   * Starts checking {@code files} (proof file paths as the claims give them). The transcripts go
   * to a file that does not exist yet, in a fresh temporary folder: {@code prove --json} refuses
   * an existing file (nothing overwritten unasked), and a file made by
   * {@link Files#createTempFile} exists, so the process exited 2 at once and every proof was
   * checked a second time here, with the server compiler (measured: the default verify's parent
   * process spent about 25 s of CPU on it, 71 s in all instead of about 50).
   */
  static ProofProcess start(List<Path> files) {
    try {
      return start(files, Files.createTempDirectory("ncverify-proofs").resolve("transcripts.json"),
          true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the proof process: " + e.getMessage(), e);
    }
  }

  /** {@link #start(List)} writing the transcripts to {@code json} (a test names the file). */
  static ProofProcess start(List<Path> files, Path json) {
    return start(files, json, false);
  }

  private static ProofProcess start(List<Path> files, Path json, boolean ownFolder) {
    try {
      List<String> args = new ArrayList<>(List.of("prove", "--json", json.toString()));
      files.forEach(f -> args.add(f.toString()));
      ProcessBuilder pb = new ProcessBuilder(Workers.command(List.of(JIT_OPTION), args))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      return new ProofProcess(pb.start(), json, files, ownFolder);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the proof process: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the last {@link #transcripts} came from this process's own check (the process did
   * not deliver them) rather than from the proof process.
   */
  boolean checkedHere() {
    return checkedHere;
  }

  /**
   * Waits for the process and returns each file's transcript by its path string. If it did not
   * write them (a malformed proof file: exit 2), the files are checked here, which reports the
   * error with its place as an in-process check would.
   */
  Map<String, ProofTranscript> transcripts() {
    try {
      int code = process.waitFor();
      if (code == ExitCode.OK.code() || code == ExitCode.FAILED.code()) {
        ProofTranscript[] read = new ObjectMapper().readValue(json.toFile(),
            ProofTranscript[].class);
        Map<String, ProofTranscript> out = new LinkedHashMap<>();
        for (ProofTranscript t : read) {
          out.put(t.file(), t);
        }
        if (out.size() == files.size()) {
          return out;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the proof process", e);
    } catch (IOException e) {
      // unreadable output: check here
    } finally {
      process.destroy();
      try {
        Files.deleteIfExists(json);
        if (ownFolder) {
          Files.deleteIfExists(json.getParent());
        }
      } catch (IOException e) {
        // a temporary file left behind; nothing depends on it
      }
    }
    checkedHere = true;
    Map<String, ProofTranscript> out = new LinkedHashMap<>();
    ProofChecker checker = new ProofChecker();
    for (Path f : files) {
      out.put(f.toString(), checker.check(f));
    }
    return out;
  }
}

package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import ncverify.data.SyntheticImages;
import ncverify.practical.TorchWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code practical --engine torch} end to end, and its bad-input exits (which need no torch). */
class PracticalTorchCommandTest {
  @TempDir Path dir;

  private String[] args(Path data, Path out, String... more) {
    String[] head = {"practical", "--data", data.toString(), "--out", out.toString(), "--profile",
        "balanced", "--loss", "ce", "--widths", "24,16", "--epochs", "6", "--batch", "20",
        "--measure-every", "3", "--per-class", "6", "--no-progress"};
    String[] all = new String[head.length + more.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(more, 0, all, head.length, more.length);
    return all;
  }

  private Path data() {
    Path data = dir.resolve("data");
    data.toFile().mkdirs();
    SyntheticImages.write(data, 10, 20, 3);
    return data;
  }

  @Test
  void theTorchEngineWritesTheSameReportFormatNamingItselfAndRepeatsOnTheCpu() throws Exception {
    Optional<TorchWorker.Runtime> rt = TorchWorker.available();
    assumeTrue(rt.isPresent(), "no Python with torch and numpy among " + TorchWorker.DEFAULT_PYTHONS);
    Path data = data();
    CliRun r = CliRun.of(args(data, dir.resolve("a"), "--engine", "torch", "--device", "cpu"));
    assertTrue(r.code() == 0 || r.code() == ExitCode.FAILED.code(), r.err());
    assertTrue(r.out().contains("engine pytorch " + rt.get().torchVersion() + " (cpu)"), r.out());
    Path json = dir.resolve("a").resolve("practical-balanced-ce.json");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("pytorch " + rt.get().torchVersion() + " (cpu)", root.get("engine").asText());
    assertEquals(3, root.get("history").size(), "epochs 0, 3, 6");
    assertEquals(9, root.get("verdicts").size(), "the same checks as the nd4j engine");
    assertTrue(Files.readString(dir.resolve("a").resolve("practical-balanced-ce.md"))
        .contains("| engine | pytorch "));
    // deterministic on the CPU: the same seed gives the same bytes
    CliRun again = CliRun.of(args(data, dir.resolve("b"), "--engine", "torch", "--device", "cpu"));
    assertEquals(r.code(), again.code());
    assertEquals(Files.readString(json),
        Files.readString(dir.resolve("b").resolve("practical-balanced-ce.json")));
  }

  @Test
  void aPythonThatCannotRunIsBadInputNamingTheFlag() {
    CliRun r = CliRun.of(args(data(), dir.resolve("c"), "--engine", "torch", "--python",
        dir.resolve("no-such-python").toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r.err());
    assertTrue(r.err().startsWith("error: --python: ") && r.err().contains("cannot be run"), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(dir.resolve("c").resolve("practical-balanced-ce.json")));
  }

  @Test
  void engineAndDeviceValuesAreChecked() {
    Path data = data();
    CliRun bad = CliRun.of(args(data, dir.resolve("d"), "--engine", "jax"));
    assertEquals(ExitCode.BAD_INPUT.code(), bad.code());
    assertTrue(bad.err().startsWith("error: --engine: must be nd4j or torch"), bad.err());
    CliRun stray = CliRun.of(args(data, dir.resolve("d"), "--device", "cuda"));
    assertEquals(ExitCode.BAD_INPUT.code(), stray.code());
    assertTrue(stray.err().startsWith("error: --device: only applies to --engine torch"), stray.err());
    // ls without its α: the loss flag's own message, before any engine is looked for (no torch
    // needed: the flags are checked first)
    CliRun ls = CliRun.of("practical", "--data", data.toString(), "--out",
        dir.resolve("d").toString(), "--engine", "torch", "--loss", "ls", "--no-progress");
    assertEquals(ExitCode.BAD_INPUT.code(), ls.code());
    assertEquals("error: --smoothing: missing; --loss ls needs --smoothing α (0 <= α < 1)",
        ls.err().strip());
    CliRun device = CliRun.of(args(data, dir.resolve("d"), "--engine", "torch", "--device", "tpu"));
    assertEquals(ExitCode.BAD_INPUT.code(), device.code());
    assertTrue(device.err().startsWith("error: --device: must be cpu, cuda or auto"), device.err());
  }

  /**
   * A stand-in for python (needs no torch): answers the probe like a CPU-only torch, and runs the
   * worker as {@code body} says (bash; $2 is the config file).
   */
  private Path fakePython(String body) throws Exception {
    Path p = dir.resolve("fake-python");
    Files.writeString(p, String.join("\n", "#!/bin/bash",
        "if [ \"$1\" = -c ]; then echo '9.9.9 False'; exit 0; fi",
        "out=$(grep -o '\"out\":\"[^\"]*\"' \"$2\" | cut -d'\"' -f4)",
        body, ""));
    assertTrue(p.toFile().setExecutable(true));
    return p;
  }

  @Test
  void aCrashingWorkerExits70NamingTheFileWithItsStderr() throws Exception {
    Path python = fakePython("echo 'epoch 1 0.5'; echo 'Traceback (most recent call last):' >&2; "
        + "echo 'RuntimeError: CUDA error: out of memory' >&2; exit 1");
    CliRun r = CliRun.of(args(data(), dir.resolve("f"), "--engine", "torch", "--python",
        python.toString()));
    assertEquals(ExitCode.INTERNAL.code(), r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("error: the PyTorch worker (" + python + ", torch 9.9.9) exited "
        + "with code 1: RuntimeError: CUDA error: out of memory; its stderr tail is in "), r.err());
    Path tail = Path.of(r.err().strip().substring(r.err().indexOf(" is in ") + 7));
    assertTrue(Files.readString(tail).contains("Traceback"), "the tail holds the traceback");
    Files.delete(tail);
    assertFalse(Files.exists(dir.resolve("f").resolve("practical-balanced-ce.json")));
  }

  @Test
  void aCheckpointMissingAnArrayExits70NamingTheArray() throws Exception {
    Path bad = new ncverify.data.NpzFiles().floats("features", true, new int[] {60, 16},
        new double[60 * 16]).write(dir.resolve("bad.npz"));
    Path python = fakePython("cp " + bad + " $out/checkpoint-0.npz; "
        + "echo \"checkpoint 0 $out/checkpoint-0.npz\"");
    CliRun r = CliRun.of(args(data(), dir.resolve("g"), "--engine", "torch", "--python",
        python.toString()));
    assertEquals(ExitCode.INTERNAL.code(), r.code(), r.err());
    assertTrue(r.err().startsWith("error: the PyTorch worker wrote a bad checkpoint: ")
        && r.err().contains("checkpoint-0.npz: array 'labels': is missing"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    Path kept = Path.of(r.err().substring(r.err().indexOf("kept as ") + 8, r.err().lastIndexOf(')')));
    assertTrue(Files.size(kept) > 0, "the bad checkpoint is kept for the report");
    Files.delete(kept);
  }

  @Test
  void cudaWithoutAGpuIsBadInputNamingTheDevice() {
    Optional<TorchWorker.Runtime> rt = TorchWorker.available();
    assumeTrue(rt.isPresent() && !rt.get().cudaAvailable(), "needs torch without a CUDA device");
    CliRun r = CliRun.of(args(data(), dir.resolve("e"), "--engine", "torch", "--device", "cuda"));
    assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r.err());
    assertTrue(r.err().startsWith("error: --device: cuda was asked for"), r.err());
  }

  /** The command that --worker-export printed (TorchWorker.handoffCommand), with this Python. */
  private static String handoffCommand(CliRun export, String python) {
    String out = export.out();
    String command = out.substring(out.indexOf("run it where torch is as: ") + 26,
        out.indexOf("; bring back "));
    return command.replace("python3 ", python + " ");
  }

  @Test
  void anExportedFolderRunElsewhereAndReplayedGivesTheSameReportBytesAsADirectRun()
      throws Exception {
    Optional<TorchWorker.Runtime> rt = TorchWorker.available();
    assumeTrue(rt.isPresent(), "no Python with torch and numpy among " + TorchWorker.DEFAULT_PYTHONS);
    Path data = data();
    Path handoff = dir.resolve("handoff");
    CliRun export = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device", "cpu",
        "--worker-export", handoff.toString()));
    assertEquals(0, export.code(), export.err());
    assertFalse(Files.exists(dir.resolve("x").resolve("practical-balanced-ce.json")),
        "an export writes no report");
    for (String f : new String[] {"config.json", "input.npz", "torch_worker.py"}) {
      assertTrue(Files.isRegularFile(handoff.resolve(f)), f);
    }
    // "the other machine": the printed command, from another working directory
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", handoffCommand(export, rt.get().python()))
        .directory(dir.toFile()).redirectErrorStream(true);
    // a shell's environment, as TorchWorker gives its worker: without environment() the child would
    // inherit the OPENBLAS_CORETYPE that NativeSetup set natively in this JVM, and torch's OpenBLAS
    // would round differently
    pb.environment().remove("OPENBLAS_CORETYPE");
    Process p = pb.start();
    String said = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), said);
    CliRun replay = CliRun.of(args(data, dir.resolve("r"), "--engine", "torch", "--device", "cpu",
        "--worker-replay", handoff.toString()));
    assertEquals(0, replay.code(), replay.err());
    CliRun direct = CliRun.of(args(data, dir.resolve("d"), "--engine", "torch", "--device", "cpu",
        "--python", rt.get().python()));
    assertEquals(Files.readString(dir.resolve("d").resolve("practical-balanced-ce.json")),
        Files.readString(dir.resolve("r").resolve("practical-balanced-ce.json")));
    // negative control: a replay of the same folder under another command line is refused
    CliRun other = CliRun.of(args(data, dir.resolve("o"), "--engine", "torch", "--device", "cpu",
        "--seed", "2", "--worker-replay", handoff.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), other.code(), other.err());
    assertEquals("error: --worker-replay: " + handoff + " was exported for another run: config.json "
        + "has seed = 1, this run 2", other.err().strip());
  }

  @Test
  void handOffFoldersAreCheckedWithoutTorch() throws Exception {
    Path data = data();
    Path handoff = dir.resolve("h");
    // --device auto cannot be resolved for another machine
    CliRun auto = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--worker-export",
        handoff.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), auto.code(), auto.err());
    assertTrue(auto.err().startsWith("error: --device: must be cpu or cuda with --worker-export"),
        auto.err());
    CliRun nd4j = CliRun.of(args(data, dir.resolve("x"), "--worker-replay", handoff.toString()));
    assertEquals("error: --worker-replay: only applies to --engine torch", nd4j.err().strip());
    // an export needs no Python; the folder must be new
    CliRun export = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device", "cuda",
        "--worker-export", handoff.toString()));
    assertEquals(0, export.code(), export.err());
    assertTrue(Files.readString(handoff.resolve("config.json")).contains("\"device\":\"cuda\""));
    CliRun again = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device", "cuda",
        "--worker-export", handoff.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), again.code());
    assertTrue(again.err().startsWith("error: --worker-export: " + handoff + " exists and is not "
        + "empty"), again.err());
    // replay: runtime.txt missing, then a different data subset (same config: the images differ)
    CliRun noRuntime = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device",
        "cuda", "--worker-replay", handoff.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), noRuntime.code());
    assertTrue(noRuntime.err().startsWith("error: --worker-replay: " + handoff.resolve("runtime.txt")
        + ": cannot be read"), noRuntime.err());
    Files.writeString(handoff.resolve("runtime.txt"), "2.11.0+cu130 True\n");
    String[] more = {"--engine", "torch", "--device", "cuda", "--worker-replay", handoff.toString()};
    Path otherImages = dir.resolve("data2");
    otherImages.toFile().mkdirs();
    SyntheticImages.write(otherImages, 10, 20, 4);
    CliRun otherData = CliRun.of(args(otherImages, dir.resolve("x"), more));
    assertEquals(ExitCode.BAD_INPUT.code(), otherData.code(), otherData.err());
    assertEquals("error: --worker-replay: " + handoff + " was exported for another run: array 'X' "
        + "of input.npz differs from this run's", otherData.err().strip());
    CliRun noStdout = CliRun.of(args(data, dir.resolve("x"), more));
    assertEquals(ExitCode.BAD_INPUT.code(), noStdout.code());
    assertTrue(noStdout.err().startsWith("error: --worker-replay: " + handoff.resolve("stdout.txt")
        + ": cannot be read"), noStdout.err());
  }

  /**
   * User pass 7: a replayed run must be the whole run. A stdout.txt cut after epoch 1 of 6 was
   * judged as a one-measurement run (exit 0); a checkpoint not brought back was exit 70, as if the
   * worker had failed. Both are the user's input: exit 2 naming the file.
   */
  @Test
  void aReplayOfAnIncompleteRunIsRefusedNamingTheFile() throws Exception {
    Path data = data();
    Path handoff = dir.resolve("h");
    CliRun missingFolder = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device",
        "cpu", "--worker-replay", handoff.toString()));
    assertEquals(ExitCode.BAD_INPUT.code(), missingFolder.code(), missingFolder.err());
    assertTrue(missingFolder.err().startsWith("error: --worker-replay: " + handoff
        + ": no such folder"), missingFolder.err());
    CliRun export = CliRun.of(args(data, dir.resolve("x"), "--engine", "torch", "--device", "cpu",
        "--worker-export", handoff.toString()));
    assertEquals(0, export.code(), export.err());
    Files.writeString(handoff.resolve("runtime.txt"), "1.13.0 False\n");
    String[] more = {"--engine", "torch", "--device", "cpu", "--worker-replay", handoff.toString()};
    // the other machine's absolute paths, as the worker prints them
    String full = "checkpoint 0 /elsewhere/./checkpoint-0.npz\n" + "epoch 1 2.3\nepoch 2 2.1\n"
        + "epoch 3 2.0\ncheckpoint 3 /elsewhere/./checkpoint-3.npz\nepoch 4 1.9\nepoch 5 1.9\n"
        + "epoch 6 1.9\ncheckpoint 6 /elsewhere/./checkpoint-6.npz\n";
    Files.writeString(handoff.resolve("stdout.txt"), full.substring(0, full.indexOf("epoch 2")));
    CliRun cut = CliRun.of(args(data, dir.resolve("x"), more));
    assertEquals(ExitCode.BAD_INPUT.code(), cut.code(), cut.err());
    assertTrue(cut.err().startsWith("error: --worker-replay: " + handoff.resolve("stdout.txt")
        + ": the run is incomplete: no line 'checkpoint 6 …' (the run has 6 epochs; the file ends "
        + "with 'epoch 1 2.3')"), cut.err());
    // control: the whole stdout passes that check and stops at the first checkpoint not brought back
    Files.writeString(handoff.resolve("stdout.txt"), full);
    CliRun missing = CliRun.of(args(data, dir.resolve("x"), more));
    assertEquals(ExitCode.BAD_INPUT.code(), missing.code(), missing.err());
    assertTrue(missing.err().startsWith("error: --worker-replay: "
        + handoff.resolve("checkpoint-0.npz") + ": missing (stdout.txt names it for epoch 0)"),
        missing.err());
    // a checkpoint cut in transfer
    Files.write(handoff.resolve("checkpoint-0.npz"), new byte[] {'P', 'K', 3, 4, 0});
    CliRun broken = CliRun.of(args(data, dir.resolve("x"), more));
    assertEquals(ExitCode.BAD_INPUT.code(), broken.code(), broken.err());
    assertTrue(broken.err().startsWith("error: --worker-replay: "
        + handoff.resolve("checkpoint-0.npz") + ": not the worker's checkpoint as written"),
        broken.err());
    // a run that diverged ends early and is complete
    Files.writeString(handoff.resolve("stdout.txt"), "diverged 1 nan\n");
    CliRun diverged = CliRun.of(args(data, dir.resolve("x"), more));
    assertTrue(!diverged.err().contains("incomplete"), diverged.err());
  }
}

package ncverify.cli;

import ncverify.core.Progress;
import ncverify.core.InvalidInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncverify.symbolic.ProofChecker;
import ncverify.symbolic.ProofTranscript;
import ncverify.symbolic.StepResult;
import ncverify.symbolic.StepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ncverify prove [FILE…]}: checks proof files with Symja (format: proofs/README.md).
 * Exit 0 if no step failed, 1 if one did, 2 for a malformed or refused file.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
    description = "Check the symbolic derivations in proofs/ (or the files named) with Symja.")
public final class ProveCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Proof files (default: all *.m in --dir).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--dir", defaultValue = "proofs", description = "Proof directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the transcript as JSON to FILE (a new file: an existing one is refused).")
  Path json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json != null) {
      ncverify.core.TextFile.newOutput("--json", json);
    }
    List<Path> todo = files.isEmpty() ? ProofChecker.proofFiles(dir) : files;
    if (todo.isEmpty()) {
      throw InvalidInput.file(dir, "no proof files (*.m)");
    }
    ProofChecker checker = new ProofChecker();
    List<ProofTranscript> all = new ArrayList<>();
    long t0 = System.nanoTime();
    for (Path f : todo) {
      ProofTranscript t = checker.check(f);
      all.add(t);
      if (todo.size() > 1) { // whole lines, not a bar: standard output prints whole lines too
        spec.commandLine().getErr().println(Progress.line("prove", all.size(), todo.size(),
            System.nanoTime() - t0));
      }
      for (StepResult s : t.steps()) {
        out.printf(Locale.ROOT, "%-45s %-18s %6d ms  %s%n", s.location(), s.status(), s.millis(),
            s.name());
        if (s.status() == StepStatus.FAILED) {
          out.println("    " + s.detail());
        }
      }
      out.flush();
    }
    long total = (System.nanoTime() - t0) / 1_000_000;
    long v = 0;
    long n = 0;
    long f = 0;
    for (ProofTranscript t : all) {
      v += t.count(StepStatus.VERIFIED_SYMBOLIC);
      n += t.count(StepStatus.CHECKED_NUMERIC);
      f += t.count(StepStatus.FAILED);
    }
    out.printf(Locale.ROOT, "%d files, %d steps: %d verified symbolically, %d checked numerically "
        + "only, %d failed (%.1f s)%n", all.size(), v + n + f, v, n, f, total / 1000.0);
    if (json != null) {
      try {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), all);
      } catch (IOException e) {
        throw new InvalidInput(json.toString(), "cannot write (" + e.getMessage() + ")");
      }
    }
    return f > 0 ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }
}

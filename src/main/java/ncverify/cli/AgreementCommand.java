package ncverify.cli;

import ncverify.core.Progress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ncverify.agreement.Agreement;
import ncverify.agreement.AgreementFamilies;
import ncverify.agreement.AgreementFamily;
import ncverify.agreement.AgreementTable;
import ncverify.core.InvalidInput;
import ncverify.core.ReportFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncverify agreement [--family F]… [--settings N] [--seed S] [--json] [--out FILE]}:
 * prediction against independent certified training, per theory family (issue 13's closing
 * figure). A command rather than a test profile: the full run takes tens of CPU minutes, users
 * want it for one family and another seed, and its output is a table, not a pass/fail.
 */
@Command(name = "agreement", mixinStandardHelpOptions = true,
    description = "Per theory family: draw settings from its domain, train independent certified "
        + "runs, report the worst and median relative error |f_best - f*|/|f*|, certified points "
        + "below f*, the structural distance, and a negative control (f* x (1+1e-3)).")
final class AgreementCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--family", paramLabel = "ID",
      description = "Only this family (repeatable); default every family. Ids: see --list.")
  List<String> families = new ArrayList<>();

  @Option(names = "--list", description = "List the family ids and exit.")
  boolean list;

  @Option(names = "--settings", paramLabel = "N",
      description = "Settings drawn per family (default 20).")
  Integer settings;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the draws and the runs (default 1).")
  Long seed;

  @Option(names = "--restarts", paramLabel = "R",
      description = "Random starts per initial scale (0.3, 1, 3), default 2.")
  Integer restarts;

  @Option(names = "--no-structured",
      description = "Only random starts (default: also the theory's structured starts).")
  boolean noStructured;

  @Option(names = "--lbfgs",
      description = "Also run L-BFGS on the full problem from the random starts' seeds (a second "
          + "local method, the verifier's default; about twice the time).")
  boolean lbfgs;

  @Option(names = "--json", description = "Print JSON instead of the Markdown table.")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Also write the Markdown table to FILE (refused if it exists).")
  java.nio.file.Path out;

  @Override
  public Integer call() throws Exception {
    NativeSetup.judgingThreads();
    List<AgreementFamily> all = AgreementFamilies.all();
    var stdout = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (list) {
      all.forEach(f -> stdout.println(f.id() + "  [" + f.kind().label() + "]"));
      return 0;
    }
    Agreement.Options o = Agreement.Options.defaults();
    if (settings != null) {
      if (settings < 1 || settings > ncverify.core.Limits.MAX_TRIES) {
        throw new InvalidInput("--settings", "must be 1.." + ncverify.core.Limits.MAX_TRIES
            + ", got " + settings);
      }
      o = o.withSettings(settings);
    }
    if (seed != null) {
      o = o.withSeed(seed);
    }
    if (restarts != null) {
      if (restarts < 1 || restarts > MAX_RESTARTS) {
        throw new InvalidInput("--restarts", "must be 1.." + MAX_RESTARTS + ", got " + restarts);
      }
      o = o.withPerScale(restarts);
    }
    o = o.withStructured(!noStructured).withFullLbfgs(lbfgs);
    List<AgreementFamily> chosen = new ArrayList<>();
    for (String id : families) {
      if (chosen.stream().anyMatch(f -> f.id().equals(id))) { // it ran twice, with two table rows
        throw new InvalidInput("--family", "'" + id + "' is given twice");
      }
      chosen.add(all.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() ->
          new InvalidInput("--family", "unknown family '" + id + "'; one of: "
              + String.join(", ", all.stream().map(AgreementFamily::id).toList()))));
    }
    if (chosen.isEmpty()) {
      chosen = all;
    }
    if (out != null && java.nio.file.Files.isDirectory(out)) {
      throw new InvalidInput("--out", out + " is a folder; name a file (e.g. " + out.resolve(
          "agreement.md") + ")");
    }
    if (out != null && java.nio.file.Files.exists(out)) {
      throw new InvalidInput("--out", out + " exists; it is not overwritten (remove it or name "
          + "another file)");
    }
    java.nio.file.Path outFolder = out == null ? null
        : out.toAbsolutePath().normalize().getParent();
    if (outFolder != null) { // refused now, not after the run (the folder is made when written)
      ReportFolder.validate("--out", outFolder.toString());
    }
    List<Agreement.FamilyResult> results = new ArrayList<>();
    // Each setting's line is prefixed with the whole run's progress and estimate (settings of
    // all families; a family whose domain has fewer distinct settings ends early).
    long total = (long) chosen.size() * o.settings();
    long start = System.nanoTime();
    long[] done = {0};
    for (AgreementFamily f : chosen) {
      Agreement.FamilyResult r = Agreement.run(f, o, line -> {
        done[0]++;
        err.println(Progress.line("agreement", done[0], total, "setting", System.nanoTime() - start,
            (System.nanoTime() - start) / 1e9 / done[0] * Math.max(0, total - done[0])) + ": "
            + line);
        err.flush();
      });
      err.printf(java.util.Locale.ROOT, "%s: %s, worst rel. error %.2e, %d lower, %.1f s CPU%n",
          f.id(), r.verdict(), r.worstRelativeError(), r.lowerCount(), r.cpuSeconds());
      err.flush();
      results.add(r);
    }
    String md = AgreementTable.markdown(results, o);
    if (out != null) {
      try {
        java.nio.file.Files.createDirectories(outFolder);
        java.nio.file.Files.writeString(out, md, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (java.io.IOException e) {
        throw InvalidInput.file(out, "cannot write the table (" + e + ")");
      }
    }
    if (json) {
      try {
        stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(AgreementTable.json(results, o)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      stdout.print(md);
    }
    stdout.flush(); // print() does not flush an autoflush PrintWriter
    return 0;
  }

  /** Random starts per scale: far above any use (each is a certified Newton search). */
  static final int MAX_RESTARTS = 100;
}

package ncverify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ncverify.claim.Verdict;
import ncverify.core.InvalidInput;
import ncverify.core.ReportFolder;
import ncverify.report.ReportWriter;
import ncverify.report.ResultsFile;
import ncverify.report.VerifyUnit;
import ncverify.sweep.SweepResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ncverify merge FILE… --report-dir DIR}: combines the results files of a sharded run
 * ({@code verify --shard I/N --results FILE}) into exactly the report the single run writes (the
 * same bytes: the report is written by the same code from the same data, and every number went
 * through the results file exactly), and prints the verdict lines the single run prints.
 *
 * <p>It refuses files of different runs (naming the file and the first differing flag), of
 * different commands, a file or a shard given twice, and any unit missing from every file
 * (naming the unit and the files). The header's {@code kind} says what made the units: this
 * command merges {@code verify} results and hands the results files of a sweep's shards
 * ({@code sweep --shard I/N --results FILE}) to {@code sweep --merge}.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Combine the results files of a sharded run (verify --shard I/N --results FILE)"
        + " into the report a single run writes (same bytes), printing its verdict lines.")
final class MergeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Results files, in any order.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--report-dir", required = true, description = "Write the report here.")
  String reportDir;

  @Option(names = "--fail-on", defaultValue = "never",
      description = "Exit 1 if a verdict is at least this bad: never, refuted, inconclusive (default ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = {"-v", "--verbose"}, description = "Also print every setting's verdict and reason.")
  boolean verbose;

  @Override
  public Integer call() {
    VerifyCommand.validateFailOn(failOn);
    List<ResultsFile.Contents> contents = new ArrayList<>();
    for (Path f : files) {
      contents.add(ResultsFile.read(f));
    }
    ResultsFile.checkShardsOfOneRun(contents); // one kind, one run, each shard once
    ResultsFile.Header header = contents.get(0).header();
    if (header.kind().equals(SweepResults.KIND)) { // shards of a sweep
      if (!"never".equals(failOn)) {
        // A sweep maps where a claim holds; its REFUTED points are findings, not a failed run.
        throw new ncverify.core.InvalidInput("--fail-on",
            "applies to verify results only; these are a sweep's results files");
      }
      SweepCommand sweep = new SweepCommand();
      sweep.spec = spec;
      sweep.mergeFiles = files;
      sweep.reportDir = reportDir;
      return sweep.call();
    }
    Path dir = ReportFolder.validate("--report-dir", reportDir, ReportWriter.TOP_FILES);
    if (!header.kind().equals(VerifyUnit.KIND)) {
      throw InvalidInput.file(contents.get(0).file(), "holds '" + header.kind() + "' results; this"
          + " build merges '" + VerifyUnit.KIND + "' results");
    }
    List<VerifyUnit> units = new ArrayList<>();
    for (ResultsFile.Unit u : ResultsFile.combine(contents)) {
      VerifyUnit v = u.payload(VerifyUnit.class);
      if (v.figures() == null && v.claim() == null) {
        throw InvalidInput.at(u.file(), u.line(), "unit " + u.unit() + " (" + u.id() + ") has no"
            + " report entry");
      }
      units.add(v);
    }
    if (units.stream().noneMatch(u -> u.figures() != null)) {
      throw InvalidInput.file(contents.get(0).file(), "its run has no figures unit");
    }
    Verdict worst = Verdict.VERIFIED;
    for (VerifyUnit u : units) {
      u.lines().forEach(spec.commandLine().getOut()::println);
      if (verbose) {
        u.verbose().forEach(spec.commandLine().getOut()::println);
      }
      if (u.verdict() != null) {
        worst = worst.and(u.verdict());
      }
    }
    spec.commandLine().getOut().flush();
    VerifyCommand.writeReport(units, dir, header.arguments().getOrDefault("claims", "").isEmpty(),
        header.arguments().getOrDefault(ResultsFile.PROVENANCE, ""));
    return VerifyCommand.exitCode(failOn, worst);
  }
}

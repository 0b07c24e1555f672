package ncverify.sweep;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ncverify.core.InvalidInput;
import ncverify.core.Shard;
import ncverify.report.ResultsFile;

/**
 * A sweep's points in a results file ({@code --results FILE.jsonl}), in the one results-file
 * format of {@link ResultsFile} (kind {@value #KIND}): the header records the sweep's arguments
 * ({@link SweepSpec#arguments()}) and shard, and each further line is one judged point (grid or
 * bisection), appended as soon as it is judged, its payload a {@link PointLine}. The unit number
 * counts the file's points; the id is the point's setting.
 *
 * <p>A rerun with the same arguments reads the points back and judges only the others; another
 * sweep's file is a bad input naming the flag that differs; a last line cut by a kill is dropped;
 * a file that is not a results file is refused and left untouched ({@link ResultsFile#create}).
 */
public final class SweepResults implements Closeable {
  /** The kind of a sweep's results file. */
  public static final String KIND = "sweep";

  /** One recorded point. */
  public record Entry(double[] values, String setting, Judge.Judgement judgement) {}

  /**
   * A point's line payload.
   *
   * @param values the varied parameters' values (one per axis), exact
   * @param setting the setting judged
   * @param label the verdict or structure
   * @param optimalValue the predicted optimal value, NaN if none
   * @param reason why, in one line
   */
  public record PointLine(double[] values, String setting, String label, double optimalValue,
      String reason) {}

  private final ResultsFile file; // null: in memory only
  private final java.util.function.Consumer<String> sink; // a --jobs worker's standard output
  private final int dimensions;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<double[], Boolean> values = new TreeMap<>(java.util.Arrays::compare);
  private int nextUnit;

  private SweepResults(ResultsFile file, int dimensions) {
    this(file, null, dimensions);
  }

  private SweepResults(ResultsFile file, java.util.function.Consumer<String> sink, int dimensions) {
    this.file = file;
    this.sink = sink;
    this.dimensions = dimensions;
  }

  /** Points in memory only (a {@code --jobs} parent collecting its workers' points). */
  public static SweepResults inMemory(SweepSpec spec) {
    return new SweepResults(null, spec.axes().size());
  }

  /**
   * A {@code --jobs} worker's points: {@code known} (judged before, not judged again), and each
   * newly judged point handed to {@code sink} as a results-file unit line at once.
   */
  public static SweepResults streaming(SweepSpec spec, List<Entry> known,
      java.util.function.Consumer<String> sink) {
    SweepResults r = new SweepResults(null, sink, spec.axes().size());
    known.forEach(r::record);
    return r;
  }

  /** The points of a results file of {@code spec}'s sweep, read without writing to it. */
  public static List<Entry> read(Path path, SweepSpec spec) {
    SweepResults r = new SweepResults(null, spec.axes().size());
    r.add(ResultsFile.read(path).units());
    return r.entries();
  }

  /**
   * One unit line a {@code --jobs} worker wrote.
   *
   * @throws InvalidInput naming the worker's output if it is not a sweep point's line
   */
  public static Entry parseLine(String line, SweepSpec spec) {
    SweepResults r = new SweepResults(null, spec.axes().size());
    r.add(List.of(ResultsFile.parseLine(Path.of("(sweep worker output)"), 1, line)));
    return r.entries.get(0);
  }

  /**
   * Records {@code e} (appending its line) unless a point with its values is recorded already.
   *
   * @return whether it was new
   */
  public boolean record(Entry e) {
    if (values.containsKey(e.values())) {
      return false;
    }
    append(e);
    return true;
  }

  /** The header of {@code spec}'s results file for {@code shard}, written by {@code version}. */
  public static ResultsFile.Header header(SweepSpec spec, String version, Shard shard) {
    return new ResultsFile.Header(KIND, ResultsFile.FORMAT, version, spec.arguments(), List.of(),
        shard.toString());
  }

  /**
   * Opens (creating it with the header) or resumes the file at {@code path} for {@code spec}.
   *
   * @throws InvalidInput naming --results (a folder, not a results file, unwritable), file:line (a
   *     bad line) or the flag whose value differs from the recorded header
   */
  public static SweepResults open(Path path, SweepSpec spec, String version, Shard shard) {
    ResultsFile f = ResultsFile.create("--results", path, header(spec, version, shard), true);
    SweepResults r = new SweepResults(f, spec.axes().size());
    if (f.resumed()) {
      r.add(ResultsFile.read(path).units());
    }
    return r;
  }

  private void add(List<ResultsFile.Unit> units) {
    for (ResultsFile.Unit u : units) {
      PointLine p = u.payload(PointLine.class);
      if (p.values() == null || p.values().length != dimensions || p.setting() == null
          || p.label() == null) {
        throw InvalidInput.at(u.file(), u.line(), "a sweep point needs values (" + dimensions
            + " numbers), setting and label");
      }
      Entry e = new Entry(p.values(), p.setting(), new Judge.Judgement(p.label(),
          p.optimalValue(), p.reason() == null ? "" : p.reason()));
      entries.add(e);
      values.put(e.values(), true);
      nextUnit++;
    }
  }

  /** A merged set of results files: the sweep their headers record, and every point in them. */
  public record Merged(SweepSpec spec, SweepResults points) {
    /**
     * The judge of a merge: every point must come from the files, so it judges nothing and
     * refuses a missing point (a shard that did not finish), naming --merge and the point.
     */
    public Judge refuseMissing() {
      return SweepResults.refuseMissing(spec, "--merge", "the files lack the point '%s': a shard"
          + " has not finished (rerun it with the same arguments and --results file, then merge"
          + " again)");
    }
  }

  /**
   * A judge that judges nothing: for a sweep whose points all come from elsewhere (merged files,
   * {@code --jobs} workers); a missing point is a bad input naming {@code place}, with
   * {@code rule} formatted with the point's setting.
   */
  public static Judge refuseMissing(SweepSpec spec, String place, String rule) {
    String key = spec.claimId() == null ? Judge.STRUCTURE : Judge.VERDICT;
    return new Judge() {
      @Override
      public Judgement judge(ncverify.problem.Setting s) {
        throw new InvalidInput(place, String.format(java.util.Locale.ROOT, rule, s));
      }

      @Override
      public String labelKey() {
        return key;
      }
    };
  }

  /**
   * Reads the results files of the shards of one sweep (read only) into one in-memory set of
   * points. Neighbouring shards share grid ends, so a point in two files is kept once.
   *
   * @throws InvalidInput as {@link ResultsFile#read} and {@link ResultsFile#checkShardsOfOneRun}
   *     (a file given twice, two files of one shard, another sweep naming the flag, files of
   *     another command), naming the file if it holds another kind, naming --merge if two files
   *     disagree on a point
   */
  public static Merged merge(List<Path> files) {
    if (files.isEmpty()) {
      throw new InvalidInput("--merge", "needs at least one results file");
    }
    List<ResultsFile.Contents> contents = files.stream().map(ResultsFile::read).toList();
    ResultsFile.checkShardsOfOneRun(contents);
    ResultsFile.Contents first = contents.get(0);
    if (!first.header().kind().equals(KIND)) {
      throw InvalidInput.file(first.file(), "holds " + first.header().kind() + " results, not a"
          + " sweep's ('ncverify merge' combines them)");
    }
    SweepSpec spec = SweepSpec.fromArguments(first.header().arguments(), first.file());
    SweepResults union = new SweepResults(null, spec.axes().size());
    Map<String, Entry> bySetting = new LinkedHashMap<>();
    for (ResultsFile.Contents c : contents) {
      SweepResults one = new SweepResults(null, spec.axes().size());
      one.add(c.units());
      for (Entry e : one.entries) {
        Entry other = bySetting.putIfAbsent(e.setting(), e);
        if (other != null && !other.judgement().label().equals(e.judgement().label())) {
          throw new InvalidInput("--merge", c.file() + ": the point '" + e.setting() + "' is "
              + e.judgement().label() + " here but " + other.judgement().label() + " in an earlier "
              + "file (written by different versions?)");
        }
        union.record(e);
      }
    }
    return new Merged(spec, union);
  }

  /** The points recorded so far (from earlier runs), in file order. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Appends one judged point as one line, at once (a killed run loses at most that line). */
  public void append(Entry e) {
    if (file != null || sink != null) {
      String line = ResultsFile.unitLine(nextUnit, e.setting(), new PointLine(e.values(),
          e.setting(), e.judgement().label(), e.judgement().optimalValue(),
          e.judgement().reason()));
      if (file != null) {
        file.append(line);
      } else {
        sink.accept(line);
      }
    }
    nextUnit++;
    entries.add(e);
    values.put(e.values(), true);
  }

  @Override
  public void close() {
    if (file != null) {
      file.close();
    }
  }
}

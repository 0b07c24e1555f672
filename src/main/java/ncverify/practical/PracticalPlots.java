package ncverify.practical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ncverify.report.ClassLength;
import ncverify.report.IterationPoint;
import ncverify.report.LengthComparison;
import ncverify.report.Plots;
import ncverify.report.ReportModel;
import ncverify.report.ReportWriter;
import ncverify.report.TrainingTrace;

/**
 * Plots of a practical run, drawn by {@code ncverify.report} (no SVG here): (a) objective, NC1,
 * NC2 = nd(H̄ᵀH̄, I) and NC3 = nd(W, H̄ᵀ) against the epoch, (b) measured against predicted
 * class-mean norms and margins. Written as a report of its own into
 * {@code <out>/practical-<profile>-<loss>/} (index.html with inline SVG), so the main report's
 * claims files are never touched.
 */
public final class PracticalPlots {
  private PracticalPlots() {}

  /** Measured against predicted ‖h̄_k‖ and margins, or null without a prediction. */
  static LengthComparison lengths(String setting, int[] counts, NcMeasures m,
      java.util.Optional<UfmPrediction> prediction) {
    if (prediction.isEmpty()) {
      return null;
    }
    UfmPrediction p = prediction.get();
    List<ClassLength> cls = new ArrayList<>();
    double[] norms = m.classMeanNorms();
    double[] margins = m.margins();
    double[] pn = p.classMeanNorms();
    double[] pm = p.margins();
    for (int k = 0; k < norms.length; k++) {
      cls.add(new ClassLength("‖h̄_k‖", k, counts[k], pn[k], norms[k]));
    }
    for (int k = 0; k < margins.length; k++) {
      if (!Double.isNaN(pm[k])) {
        cls.add(new ClassLength("margin", k, counts[k], pm[k], margins[k]));
      }
    }
    return new LengthComparison(setting, cls);
  }

  public static Path write(PracticalResult r, Path outDir) {
    List<IterationPoint> points = new ArrayList<>();
    for (EpochRecord e : r.history()) {
      points.add(new IterationPoint(e.epoch(), e.objective(), e.nc1(), e.nc2OrthoH(), e.nc3()));
    }
    TrainingTrace run = new TrainingTrace(r.setting().toString(), r.config().seed(),
        EpochRecord.CONVENTIONS + "; iteration = epoch", points);
    LengthComparison lengths = lengths(r.setting().toString(), r.subset().counts(),
        r.finalMeasures(), r.prediction());
    Path dir = outDir.resolve(PracticalReport.baseName(r));
    try {
      ReportWriter.write(new ReportModel("Practical: " + PracticalReport.baseName(r),
          "ncverify practical, " + r.subset().describe() + ", " + r.shape().describe()
              + "; UFM prediction: " + r.predictionNote(),
          List.of(), new Plots(run, lengths, null)), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve(ReportWriter.INDEX_HTML);
  }
}

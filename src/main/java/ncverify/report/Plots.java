package ncverify.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The three plots of the report; each may be absent (null). Used both for the report as a whole
 * and for a single claim.
 *
 * @param run     plot (a): objective and NC1–NC3 against iteration
 * @param lengths plot (b): predicted vs measured per-class lengths
 * @param sweep   plot (c): minority collapse against n_k
 */
public record Plots(TrainingTrace run, LengthComparison lengths, CollapseSweep sweep) {
  public static final Plots NONE = new Plots(null, null, null);

  @JsonIgnore
  public boolean isEmpty() {
    return run == null && lengths == null && sweep == null;
  }
}

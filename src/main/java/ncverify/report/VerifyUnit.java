package ncverify.report;

import java.util.List;
import ncverify.claim.Verdict;

/**
 * The payload of one unit of a {@code verify} results file ({@link ResultsFile}): either one
 * judged claim or the report-wide figures, with what {@code verify} prints for it.
 *
 * @param lines what {@code verify} prints on standard output for this unit (the claim's verdict
 *     line, which may span lines); empty for the figures
 * @param verbose the per-setting lines {@code verify --verbose} adds; empty for the figures
 * @param verdict the claim's verdict, or null for the figures unit
 * @param claim the claim's report entry; null for the figures unit, and for a claim unit only in
 *     the stream of a {@code --jobs} worker whose run writes neither report nor results file
 * @param figures the report-wide plots (a) and (c), or null for a claim unit
 */
public record VerifyUnit(List<String> lines, List<String> verbose, Verdict verdict, ClaimEntry claim,
    Plots figures) {
  /** The kind written into a verify results file's header. */
  public static final String KIND = "verify";
  /** The id of the figures unit (not kebab-case, so no claim id can clash with it). */
  public static final String FIGURES = "(figures)";

  public VerifyUnit {
    lines = lines == null ? List.of() : List.copyOf(lines);
    verbose = verbose == null ? List.of() : List.copyOf(verbose);
    if ((verdict == null) == (figures == null) || claim != null && figures != null
        || claim != null && claim.verdict() != verdict) {
      throw new IllegalArgumentException("a verify unit holds a claim's verdict (and entry) or the"
          + " figures");
    }
  }
}

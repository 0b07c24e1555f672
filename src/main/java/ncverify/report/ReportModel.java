package ncverify.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link ReportWriter} writes. Immutable; claims are kept sorted by id so the output
 * does not depend on the order in which results were collected.
 *
 * @param title      heading of the report
 * @param provenance how the results were produced (command, seed, tries, version); no timestamps,
 *                   so that the same results give the same bytes. Never null.
 * @param claims     one entry per claim, unique ids
 * @param plots      report-wide plots ({@link Plots#NONE} if none)
 */
public record ReportModel(String title, String provenance, List<ClaimEntry> claims, Plots plots) {
  public ReportModel {
    Objects.requireNonNull(title, "title");
    provenance = provenance == null ? "" : provenance;
    List<ClaimEntry> sorted = new ArrayList<>(claims);
    sorted.sort(Comparator.comparing(ClaimEntry::id));
    Set<String> seen = new HashSet<>();
    for (ClaimEntry c : sorted) {
      if (!seen.add(c.id())) {
        throw new IllegalArgumentException("duplicate claim id " + c.id());
      }
    }
    claims = List.copyOf(sorted);
    plots = plots == null ? Plots.NONE : plots;
  }
}

/**
 * Writers of {@code reports/} only: no theory, no training. They read the domain types as they
 * are (the claim's status, statement and finding, the verifier's verdict and counterexample, the
 * proof checker's transcript with each step's relation, prose and status), gathered in a
 * {@link ncverify.report.ReportModel} by {@code ncverify.verify.Suite}, and
 * {@link ncverify.report.ReportWriter#write} writes
 * <ul>
 *   <li>{@code claims.md}: one table row per claim (id, source, status, statement, symbolic
 *       summary, numeric verdict with tries and worst deviations, named tolerances);</li>
 *   <li>{@code claims/<id>.md}: per claim, the statement and finding, the counterexample (setting
 *       verbatim in a code fence), checks, and the proof transcript (relation and prose per
 *       step);</li>
 *   <li>{@code claims.json}: the whole model, keys sorted at every level, nulls written;</li>
 *   <li>{@code index.html}: the table, the plots as inline SVG drawn by JFreeChart through
 *       JFreeSVG, and one section per claim. Self-contained: no scripts, no external files.</li>
 * </ul>
 *
 * <p>Same model, same bytes: no timestamps or random ids; JFreeSVG's clock-derived defs prefix is
 * replaced by a fixed per-chart prefix; all number formats use {@code Locale.ROOT} (tested by
 * writing under a German default locale); fonts are the logical {@code SansSerif}, emitted as the
 * CSS generic {@code sans-serif}; rotated labels and log-axis ticks are kept as SVG text rather
 * than glyph outlines. Label positions still use the JVM's metrics for the machine's fonts, so a
 * machine with different fonts may produce slightly different SVG coordinates.
 *
 * <p>{@code scripts/render-check.sh} renders a page in headless Chromium and fails if the DOM
 * loses an SVG, the page logs console messages, or the screenshot is blank.
 */
package ncverify.report;

package ncverify.report;

import static ncverify.report.Text.html;
import static ncverify.report.MarkdownReport.nullToEmpty;
import static ncverify.report.Text.num;

import ncverify.claim.Counterexample;
import ncverify.symbolic.ProofTranscript;
import ncverify.symbolic.StepResult;
import ncverify.symbolic.StepStatus;

/**
 * index.html: self-contained (inline CSS and inline SVG, no scripts, no external resources) so it
 * can be archived, mailed or opened offline.
 */
final class HtmlReport {
  private static final String CSS = """
      body{font-family:sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
      table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
      th,td{border:1px solid #bbb;padding:0.3em 0.5em;text-align:left;vertical-align:top}
      th{background:#f0f0f0}
      code,pre{font-family:monospace;background:#f6f6f6}
      pre{padding:0.5em;overflow-x:auto;white-space:pre-wrap}
      figure{margin:1.5em 0}
      figure svg{max-width:100%;height:auto;border:1px solid #ddd}
      figcaption{font-size:0.9em;color:#444;max-width:720px}
      .VERIFIED{color:#006400;font-weight:bold}
      .REFUTED{color:#b00000;font-weight:bold}
      .INCONCLUSIVE{color:#8a6d00;font-weight:bold}
      .fail{color:#b00000;font-weight:bold}
      section.claim{border-top:2px solid #ccc;margin-top:2em}
      """;

  private HtmlReport() {
  }

  static String render(ReportModel model) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(html(model.title())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(html(model.title())).append("</h1>\n");
    if (!model.provenance().isEmpty()) {
      b.append("<p class=\"provenance\">").append(html(model.provenance())).append("</p>\n");
    }
    b.append("<h2>Claims</h2>\n");
    summaryTable(b, model);
    if (!model.plots().isEmpty()) {
      b.append("<h2>Plots</h2>\n");
      plots(b, model.plots(), "ncv-report-");
    }
    b.append("<h2>Claim details</h2>\n");
    for (ClaimEntry c : model.claims()) {
      claimSection(b, c);
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void summaryTable(StringBuilder b, ReportModel model) {
    b.append("<table class=\"claims\">\n<thead><tr><th>id</th><th>title</th><th>source</th>")
        .append("<th>status</th><th>statement</th><th>symbolic</th><th>numeric verdict</th>")
        .append("<th>tolerances</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (ClaimEntry c : model.claims()) {
      b.append("<tr><td><a href=\"#claim-").append(c.id()).append("\">").append(html(c.id()))
          .append("</a></td><td>").append(html(c.title()))
          .append("</td><td>").append(html(c.source()))
          .append("</td><td>").append(c.status())
          .append("</td><td>").append(html(c.statement()))
          .append("</td><td>").append(html(MarkdownReport.symbolicCell(c)))
          .append("</td><td><span class=\"").append(c.verdict()).append("\">")
          .append(c.verdict()).append("</span>, ")
          .append(html(MarkdownReport.verdictDetails(c)))
          .append("</td><td>").append(html(MarkdownReport.tolerancesCell(c)))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void claimSection(StringBuilder b, ClaimEntry c) {
    b.append("<section class=\"claim\" id=\"claim-").append(c.id()).append("\">\n");
    b.append("<h3>").append(html(c.id())).append("</h3>\n");
    b.append("<p>").append(html(c.title())).append("</p>\n<ul>\n");
    b.append("<li>source: ").append(html(c.source())).append("</li>\n");
    b.append("<li>status: ").append(c.status()).append("</li>\n");
    if (!c.statement().isEmpty()) {
      b.append("<li>statement: ").append(html(c.statement())).append("</li>\n");
    }
    if (c.finding() != null) {
      b.append("<li>finding: ").append(html(c.finding().summary())).append("</li>\n");
    }
    if (!c.domain().isEmpty()) {
      b.append("<li>domain: ").append(html(c.domain())).append("</li>\n");
    }
    b.append("<li>symbolic: ").append(html(MarkdownReport.symbolicCell(c))).append("</li>\n");
    b.append("<li>numeric verdict: <span class=\"").append(c.verdict()).append("\">")
        .append(c.verdict()).append("</span> after ").append(c.tries()).append(" tries</li>\n");
    if (!c.verdictNote().isEmpty()) {
      b.append("<li>note: ").append(html(c.verdictNote())).append("</li>\n");
    }
    b.append("</ul>\n");

    Counterexample x = c.counterexample();
    if (x != null) {
      b.append("<h4>Counterexample</h4>\n");
      b.append("<pre class=\"counterexample\"><code>").append(html(x.setting().toString()))
          .append("</code></pre>\n<ul>\n");
      b.append("<li>kind: ").append(x.kind()).append("</li>\n");
      b.append("<li>seed: ").append(x.seed()).append("</li>\n");
      b.append("<li>predicted objective: ").append(x.predictedObjective()).append("</li>\n");
      b.append("<li>competing objective: ").append(x.competingObjective()).append("</li>\n");
      b.append("<li>competing − predicted: ")
          .append(html(num(x.competingObjective() - x.predictedObjective()))).append("</li>\n");
      b.append("<li>found by: ").append(html(x.origin())).append("</li>\n");
      if (!x.detail().isEmpty()) {
        b.append("<li>detail: ").append(html(x.detail())).append("</li>\n");
      }
      b.append("</ul>\n");
    }

    b.append("<h4>Checks</h4>\n");
    if (c.checks().isEmpty()) {
      b.append("<p>No numeric checks.</p>\n");
    } else {
      b.append("<table class=\"checks\">\n<thead><tr><th>check</th><th>worst deviation</th>")
          .append("<th>tolerance</th><th>reason</th><th>result</th></tr></thead>\n<tbody>\n");
      for (CheckResult k : c.checks()) {
        b.append("<tr><td>").append(html(k.name()))
            .append("</td><td>").append(html(num(k.worstDeviation())))
            .append("</td><td>").append(html(k.toleranceName())).append(" = ")
            .append(html(num(k.tolerance())))
            .append("</td><td>").append(html(k.reason()))
            .append("</td><td>").append(k.passed() ? "pass" : "<span class=\"fail\">FAIL</span>")
            .append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }

    b.append("<h4>Proof transcript</h4>\n");
    ProofTranscript s = c.symbolic();
    if (s == null) {
      b.append("<p>No proof file.</p>\n");
    } else {
      b.append("<p>Proof file <code>").append(html(s.file())).append("</code>: ")
          .append(html(s.summary())).append(".</p>\n");
      b.append("<table class=\"transcript\">\n<thead><tr><th>location</th><th>step</th>")
          .append("<th>relation</th><th>why (the proof's prose)</th><th>status</th>")
          .append("<th>detail</th></tr></thead>\n<tbody>\n");
      for (StepResult p : s.steps()) {
        b.append("<tr><td><code>").append(html(p.location()))
            .append("</code></td><td>").append(html(p.name()))
            .append("</td><td><code>").append(html(nullToEmpty(p.expression())))
            .append("</code></td><td>").append(html(nullToEmpty(p.prose())))
            .append("</td><td>").append(p.status() == StepStatus.FAILED
                ? "<span class=\"fail\">FAILED</span>" : p.status().name())
            .append("</td><td>").append(html(nullToEmpty(p.detail())))
            .append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
    if (!c.plots().isEmpty()) {
      b.append("<h4>Plots</h4>\n");
      plots(b, c.plots(), "ncv-claim-" + c.id() + "-");
    }
    b.append("</section>\n");
  }

  /** Each chart gets its own defs prefix so clip-path ids stay unique across the page. */
  private static void plots(StringBuilder b, Plots plots, String prefix) {
    if (plots.run() != null) {
      TrainingTrace r = plots.run();
      figure(b, Charts.run(r, prefix + "a-"), "(a) Objective and NC1–NC3 against iteration "
          + "(log scale) for " + r.setting() + ", seed " + r.seed()
          + (r.conventions().isEmpty() ? "." : ". Metrics: " + r.conventions()));
    }
    if (plots.lengths() != null) {
      LengthComparison l = plots.lengths();
      figure(b, Charts.lengths(l, prefix + "b-"), "(b) Predicted vs measured per-class values "
          + "for " + l.setting() + "; points on the dashed line agree exactly.");
      lengthTable(b, l);
    }
    if (plots.sweep() != null) {
      CollapseSweep s = plots.sweep();
      figure(b, Charts.sweep(s, prefix + "c-"), "(c) Minority collapse: measured "
          + s.quantity() + " against n_k, from " + s.setting()
          + "; theory predicts collapse for n_k ≤ " + num(s.predictedThreshold()) + ".");
    }
  }

  /** The numbers behind plot (b): small points near the origin are hard to read off a plot. */
  private static void lengthTable(StringBuilder b, LengthComparison l) {
    b.append("<table class=\"lengths\">\n<thead><tr><th>quantity</th><th>class k</th>")
        .append("<th>n_k</th><th>predicted</th><th>measured</th><th>measured − predicted</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (ClassLength c : l.points()) {
      b.append("<tr><td>").append(html(c.quantity()))
          .append("</td><td>").append(c.classIndex())
          .append("</td><td>").append(c.n())
          .append("</td><td>").append(html(num(c.predicted())))
          .append("</td><td>").append(html(num(c.measured())))
          .append("</td><td>").append(html(num(c.measured() - c.predicted())))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void figure(StringBuilder b, Charts.Svg chart, String caption) {
    b.append("<figure>\n").append(chart.svg()).append("\n<figcaption>").append(html(caption));
    if (!chart.note().isEmpty()) {
      b.append(caption.endsWith(".") ? " " : ". ").append(html(chart.note()));
    }
    b.append("</figcaption>\n</figure>\n");
  }
}

package scratch;

import java.io.PrintWriter;
import ncverify.claim.catalog.Catalogue;
import ncverify.verify.ClaimRunner;
import org.junit.jupiter.api.Test;

class AgreementScratchTest {
  @Test
  void run() throws Exception {
    try (PrintWriter out = new PrintWriter("/tmp/theory-agreement.txt")) {
      for (String id : System.getProperty("ids").split(",")) {
        var r = new ClaimRunner().run(Catalogue.byId(id).orElseThrow(), 7, 20, o -> { });
        double worst = 0;
        int live = 0;
        for (var o : r.outcomes()) {
          double rel = Math.abs(o.bestObjective() - o.predictedObjective()) / Math.max(1, Math.abs(o.predictedObjective()));
          worst = Math.max(worst, rel);
          out.println(id + " " + o.verdict() + " f*=" + o.predictedObjective() + " best=" + o.bestObjective() + " rel=" + rel + " '" + o.setting() + "'");
        }
        out.println("SUMMARY " + id + " " + r.verdict() + " settings=" + r.outcomes().size() + " worstRel=" + worst + " worstDev=" + r.outcomes().stream().flatMap(o -> o.deviations().entrySet().stream()).filter(e -> !e.getKey().contains("stationarity")).mapToDouble(e -> e.getValue()).max().orElse(0));
        out.flush();
      }
    }
  }
}

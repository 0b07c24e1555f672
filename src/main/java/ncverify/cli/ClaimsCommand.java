package ncverify.cli;

import java.util.concurrent.Callable;
import ncverify.claim.catalog.Catalogue;
import ncverify.claim.Claim;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ncverify claims}: every claim with its id, source, status and domain. */
@Command(name = "claims", mixinStandardHelpOptions = true,
    description = "List every claim with its id, source, status and domain.")
final class ClaimsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    for (Claim c : Catalogue.all()) {
      spec.commandLine().getOut().println(c.id() + "  [" + c.status() + "]  " + c.title());
      spec.commandLine().getOut().println("    source: " + c.source());
      spec.commandLine().getOut().println("    domain: " + c.domain().description());
      spec.commandLine().getOut().println("    proof:  " + c.proofFile());
    }
    return 0;
  }
}

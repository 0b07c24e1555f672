package ncverify.cli;

import java.util.concurrent.Callable;
import ncverify.claim.catalog.Catalogue;
import ncverify.claim.Claim;
import picocli.CommandLine.Command;

/** {@code ncverify claims}: every claim with its id, source, status and domain. */
@Command(name = "claims", mixinStandardHelpOptions = true,
    description = "List every claim with its id, source, status and domain.")
final class ClaimsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Claim c : Catalogue.all()) {
      System.out.println(c.id() + "  [" + c.status() + "]  " + c.title());
      System.out.println("    source: " + c.source());
      System.out.println("    domain: " + c.domain().description());
      System.out.println("    proof:  " + c.proofFile());
    }
    return 0;
  }
}

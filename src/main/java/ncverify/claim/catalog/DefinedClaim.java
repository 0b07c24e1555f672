package ncverify.claim.catalog;

import ncverify.claim.Domain;
import ncverify.claim.SourceStatus;
import ncverify.claim.TheoryClaim;
import ncverify.theory.Theory;

/** A catalogue claim: its metadata, the theory that predicts for it and a domain shape. */
abstract class DefinedClaim extends TheoryClaim {
  private final String id;
  private final String title;
  private final String source;
  private final SourceStatus status;
  private final String statement;
  private final Theory theory;
  private final Domain domain;

  DefinedClaim(String id, String title, String source, SourceStatus status, String statement,
      Theory theory, Domains.Shape shape) {
    this.id = id;
    this.title = title;
    this.source = source;
    this.status = status;
    this.statement = statement;
    this.theory = theory;
    this.domain = Domains.of(describe(shape), shape, this::predict);
  }

  private static String describe(Domains.Shape s) {
    String ks = "K=2.." + Domains.MAX_K;
    String counts = s.balanced() ? "n_k=n in 1.." + Domains.MAX_COUNT
        : "n_k in 1.." + Domains.MAX_COUNT + " (imbalance up to " + Domains.MAX_COUNT + ":1)";
    String depth = s.minDepth() == s.maxDepth() ? "M=" + s.minDepth() : "M=" + s.minDepth() + ".." + s.maxDepth();
    return "loss=" + s.loss().name().toLowerCase() + " bias=" + s.bias().name().toLowerCase()
        + " features=" + s.features().name().toLowerCase() + ", " + ks + ", " + counts
        + ", d=min width..+2, " + depth + ", lambdas at 10^(" + s.minPressure() + "/8).."
        + "10^(" + s.maxPressure() + "/8) x the collapse boundary";
  }

  @Override public String id() { return id; }
  @Override public String title() { return title; }
  @Override public String source() { return source; }
  @Override public SourceStatus status() { return status; }
  @Override public String statement() { return statement; }
  @Override public Domain domain() { return domain; }
  @Override public Theory theory() { return theory; }
}

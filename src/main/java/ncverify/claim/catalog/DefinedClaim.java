package ncverify.claim.catalog;

import ncverify.claim.Domain;
import java.util.Optional;
import java.util.function.Function;
import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.claim.TheoryClaim;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import ncverify.theory.Theory;

/**
 * A catalogue claim: its metadata, the theory that predicts for it, a domain shape, what the suite
 * found and a control setting (a setting of the domain with a live class) for negative controls.
 */
abstract class DefinedClaim extends TheoryClaim {
  private final String id;
  private final String title;
  private final String source;
  private final SourceStatus status;
  private final String statement;
  private final Theory theory;
  private final Finding finding;
  private final Setting controlSetting;
  private final Domain domain;
  /** The shape the domain was built from, or null for a claim with its own generator. */
  private Domains.Shape shape;

  DefinedClaim(String id, String title, String source, SourceStatus status, String statement,
      Theory theory, Domains.Shape shape, Finding finding, String controlSetting) {
    this(id, title, source, status, statement, theory,
        predict -> Domains.of(describe(shape), shape, predict), finding, controlSetting);
    this.shape = shape;
  }

  /**
   * A claim with a domain shape (its rules for {@link #outsideDomain}) whose settings come from
   * its own generator (e.g. {@link DeepCeDomains#withLowRankRegion}).
   */
  DefinedClaim(String id, String title, String source, SourceStatus status, String statement,
      Theory theory, Domains.Shape shape,
      java.util.function.BiFunction<Domains.Shape, Function<Setting, Optional<Prediction>>, Domain> domainOf,
      Finding finding, String controlSetting) {
    this(id, title, source, status, statement, theory,
        predict -> domainOf.apply(shape, predict), finding, controlSetting);
    this.shape = shape;
  }

  /** A claim whose domain is built by its own generator from the claim's prediction. */
  DefinedClaim(String id, String title, String source, SourceStatus status, String statement,
      Theory theory, Function<Function<Setting, Optional<Prediction>>, Domain> domainOf,
      Finding finding, String controlSetting) {
    this.id = id;
    this.title = title;
    this.source = source;
    this.status = status;
    this.statement = statement;
    this.theory = theory;
    this.finding = finding;
    this.controlSetting = Setting.parse(controlSetting);
    this.domain = domainOf.apply(this::predict);
  }

  /**
   * The domain rules, in the setting's own keys: the loss and the feature constraint of the
   * shape; equal counts for a balanced claim; M = 1 for a claim about the plain UFM, M at least
   * the shape's least depth for a claim about deep heads; the shape's
   * bias unless the claim's theory also covers the given bias; and finally the theory must cover
   * the setting (positive regularisers).
   */
  @Override
  public java.util.Optional<ncverify.core.InvalidInput> outsideDomain(ncverify.problem.Setting s) {
    String claim = "claim " + id + " ";
    if (s.activation() != ncverify.problem.Activation.LINEAR
        && !theory.coversActivation(s.activation())) {
      return outside("activation", claim + "speaks about a linear head only (no activation between "
          + "the layers), got activation=" + name(s.activation()));
    }
    if (shape == null) {
      return Theory.applies(theory, s) ? java.util.Optional.empty() : diagnosed(s, claim);
    }
    if (!s.loss().sameKind(shape.loss())) {
      return outside("loss", claim + "speaks about loss=" + shape.loss().key() + " only, got "
          + s.loss().key());
    }
    if (s.features() != shape.features()) {
      return outside("features", claim + "speaks about features=" + name(shape.features())
          + " only, got " + name(s.features()));
    }
    if (shape.balanced() && !s.balanced()) {
      return outside("n", claim + "speaks about balanced classes only (every n_k equal)");
    }
    if (shape.maxDepth() == 1 && s.depth() != 1) {
      return outside("M", claim + "speaks about M = 1 only, got M = " + s.depth());
    }
    if (s.depth() < shape.minDepth()) { // a statement about deep heads says nothing about M = 1
      return outside("M", claim + "speaks about M >= " + shape.minDepth() + " only, got M = "
          + s.depth());
    }
    if (s.bias() != shape.bias() && !Theory.applies(theory, s)) {
      return outside("bias", claim + "speaks about bias=" + name(shape.bias()) + ", got "
          + name(s.bias()));
    }
    if (!Theory.applies(theory, s)) {
      return uncovered(s, claim);
    }
    return java.util.Optional.empty();
  }

  /**
   * For a claim without a shape (its own generator): the one setting key whose change brings s
   * inside the theory (the loss, the feature constraint, the bias, or equal counts), so the
   * message names what to change; else {@link #uncovered}. Why probes: such a claim's rules live
   * only in its theory's {@code covers}, and naming an arbitrary key misleads (a user pass gave
   * imbalanced counts to a ReLU DNC claim and was told the key was 'loss').
   */
  private java.util.Optional<ncverify.core.InvalidInput> diagnosed(Setting s, String claim) {
    for (ncverify.problem.Loss l : java.util.List.of(ncverify.problem.Loss.MSE, ncverify.problem.Loss.CE)) {
      if (!s.loss().sameKind(l) && coveredAfter(() -> new Setting(l, s.bias(), s.features(),
          s.counts(), s.d(), s.innerWidths(), s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation()))) {
        return outside("loss", claim + "speaks about loss=" + l.key() + " only, got " + s.loss().key());
      }
    }
    for (ncverify.problem.Features f : ncverify.problem.Features.values()) {
      if (f != s.features() && coveredAfter(() -> new Setting(s.loss(), s.bias(), f, s.counts(),
          s.d(), s.innerWidths(), s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation()))) {
        return outside("features", claim + "speaks about features=" + name(f) + " only, got "
            + name(s.features()));
      }
    }
    for (ncverify.problem.Bias b : ncverify.problem.Bias.values()) {
      if (b != s.bias() && coveredAfter(() -> new Setting(s.loss(), b, s.features(), s.counts(),
          s.d(), s.innerWidths(), s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation()))) {
        return outside("bias", claim + "speaks about bias=" + name(b) + ", got " + name(s.bias()));
      }
    }
    int[] equal = java.util.Arrays.stream(s.counts()).map(n -> s.counts()[0]).toArray();
    if (!s.balanced() && coveredAfter(() -> s.withCounts(equal))) {
      return outside("n", claim + "speaks about balanced classes only (every n_k equal), got n = "
          + java.util.Arrays.toString(s.counts()));
    }
    return uncovered(s, claim);
  }

  /** Whether the theory covers the changed setting (false when the change is itself invalid). */
  private boolean coveredAfter(java.util.function.Supplier<Setting> changed) {
    try {
      return Theory.applies(theory, changed.get());
    } catch (ncverify.core.InvalidInput e) {
      return false;
    }
  }

  /**
   * The setting key that takes s outside the theory, and the rule: a regulariser that is not
   * positive, else a width too narrow (the theory covers the same setting with every width raised
   * to K), else the setting as a whole.
   */
  private java.util.Optional<ncverify.core.InvalidInput> uncovered(Setting s, String claim) {
    String needs = claim + "needs a setting its theory " + theory.family(s) + " covers: ";
    if (!(s.lambdaH() > 0)) {
      return outside("lambdaH", needs + "every regulariser > 0, got lambdaH = " + s.lambdaH());
    }
    for (int m = 1; m <= s.depth(); m++) {
      if (!(s.lambdaW(m) > 0)) {
        return outside(s.depth() == 1 ? "lambdaW" : "lambdaW" + m, needs
            + "every regulariser > 0, got lambdaW" + (s.depth() == 1 ? "" : m) + " = " + s.lambdaW(m));
      }
    }
    if (s.bias() == ncverify.problem.Bias.REGULARIZED && !(s.lambdaB() > 0)) {
      return outside("lambdaB", needs + "every regulariser > 0, got lambdaB = " + s.lambdaB());
    }
    int[] wider = java.util.Arrays.stream(s.innerWidths()).map(w -> Math.max(w, s.K())).toArray();
    Setting wide = new Setting(s.loss(), s.bias(), s.features(), s.counts(), Math.max(s.d(), s.K()),
        wider, s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation());
    if (s.rank() < s.K() && theory.covers(wide)) {
      boolean dNarrow = s.d() < s.K() && theory.covers(new Setting(s.loss(), s.bias(), s.features(),
          s.counts(), s.K(), s.innerWidths(), s.lambdaW(), s.lambdaH(), s.lambdaB(), s.activation()));
      String key = dNarrow || s.depth() == 1 ? "d" : "widths";
      return outside(key, needs + "width " + key + " too narrow for K = " + s.K() + " (the rank "
          + "min(d, widths) = " + s.rank() + " is below what the theory needs)");
    }
    return java.util.Optional.of(new ncverify.core.InvalidInput("setting", needs
        + "this combination is outside it"));
  }

  /** A setting outside the claim's domain: the setting key and the rule (exit 2). */
  protected static java.util.Optional<ncverify.core.InvalidInput> outside(String key, String rule) {
    return java.util.Optional.of(ncverify.core.InvalidInput.key(key, rule));
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  static String describe(Domains.Shape s) {
    String ks = "K=2.." + Domains.MAX_K;
    String counts = s.balanced() ? "n_k=n in 1.." + Domains.MAX_COUNT
        : "n_k in 1.." + Domains.MAX_COUNT + " (imbalance up to " + Domains.MAX_COUNT + ":1)";
    String depth = s.minDepth() == s.maxDepth() ? "M=" + s.minDepth() : "M=" + s.minDepth() + ".." + s.maxDepth();
    String loss = s.loss() instanceof ncverify.problem.Loss.LabelSmoothing
        ? "ls smoothing=0..0.8" : s.loss() instanceof ncverify.problem.Loss.Focal
        ? "focal gamma=0..5" : s.loss().key();
    return "loss=" + loss + " bias=" + s.bias().name().toLowerCase()
        + " features=" + s.features().name().toLowerCase() + ", " + ks + ", " + counts
        + (s.distinctCounts() ? " (distinct)" : "") + ", " + switch (s.width()) {
          case STANDARD -> "d=min width..+2";
          case ETF_RANK -> "d=K-1";
          case NARROW -> "d=max(1,K-3)..K-1";
        } + (s.bias() == ncverify.problem.Bias.REGULARIZED ? ", lambdaB=10^(-3)..10^2" : "") + ", " + depth + ", lambdas at 10^(" + s.minPressure() + "/8).."
        + "10^(" + s.maxPressure() + "/8) x the collapse boundary";
  }

  @Override public String id() { return id; }
  @Override public String title() { return title; }
  @Override public String source() { return source; }
  @Override public SourceStatus status() { return status; }
  @Override public String statement() { return statement; }
  @Override public Domain domain() { return domain; }
  @Override public Theory theory() { return theory; }
  @Override public Optional<Finding> finding() { return Optional.of(finding); }
  @Override public Optional<Setting> controlSetting() { return Optional.of(controlSetting); }
}

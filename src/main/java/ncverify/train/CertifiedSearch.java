package ncverify.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.ClassMeans;
import ncverify.problem.Objective;
import ncverify.problem.Setting;

/**
 * One local certified search, size- and depth-robust: optimise the reduced problem of
 * {@link ClassMeans#narrow} (K×K blocks instead of N×d), leave saddle points along negative
 * curvature ({@link NegativeCurvature}), lift to the full problem and certify there: the residual
 * reported is {@link Certificate#residual} of the full {@link Objective} at the lifted point; if the
 * lift misses the tolerance (rounding of the reduction, or a box constraint), L-BFGS polishes it on
 * the full problem.
 *
 * <p>Local optimiser on the reduced problem: {@link TrustRegionNewton} when it is unconstrained,
 * {@link Lbfgs} (two-metric projection) for non-negative features. Claims about training keep the
 * papers' {@link GradientDescent} on the full problem; this class is for certified critical points.
 */
public final class CertifiedSearch {
  /** Escapes along negative curvature per start: each is rare and costs a Lanczos run. */
  static final int MAX_ESCAPES = 4;

  /**
   * @param maxIterations iteration budget of each local optimisation (reduced and full polish)
   * @param tolerance certification residual on the full problem
   */
  public record Options(int maxIterations, double tolerance) {
    public static Options defaults() {
      return new Options(20_000, Certificate.CERTIFIED);
    }
  }

  private final Setting setting;
  private final Options options;
  private final ClassMeans reduction;
  private final Objective reduced;
  private Objective full;
  private UnaryOperator<DifferentiableFunction> observer = UnaryOperator.identity();

  public CertifiedSearch(Setting setting, Options options) {
    this.setting = setting;
    this.options = options;
    this.reduction = ClassMeans.narrow(setting);
    this.reduced = reduction.objective();
  }

  public CertifiedSearch(Setting setting) {
    this(setting, Options.defaults());
  }

  public Setting setting() { return setting; }
  public ClassMeans reduction() { return reduction; }
  /** The reduced objective (starts for {@link #fromReduced} live in its layout). */
  public Objective reducedObjective() { return reduced; }

  /** The full objective (built on first use: it holds N×d buffers). */
  public Objective fullObjective() {
    if (full == null) {
      full = new Objective(setting);
    }
    return full;
  }

  /**
   * Has every function this search optimises (the reduced objective, the full one for a polish)
   * passed through {@code wrap} first, e.g. to report progress; the wrapper must pass every call on
   * unchanged, so the search computes exactly what it computes without it. Identity by default.
   */
  public void observe(UnaryOperator<DifferentiableFunction> wrap) {
    this.observer = wrap;
  }

  /** The local optimiser used on the reduced problem. */
  Optimizer local() {
    if (reduced.nonnegativeRange() == null) {
      return new TrustRegionNewton(TrustRegionNewton.Options.defaults()
          .withTolerance(options.tolerance()));
    }
    return new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(options.maxIterations())
        .withTolerance(options.tolerance()));
  }

  /** Searches from a full-problem point (its class means, cut to the reduced widths). */
  public Run fromFull(double[] x, long seed) {
    return fromReduced(reduction.restrict(x), seed);
  }

  /**
   * Searches from a reduced point; the returned run lives on the full problem (x, objective and
   * residual are the full ones). {@code seed} drives the Lanczos start vectors.
   */
  public Run fromReduced(double[] start, long seed) {
    long t0 = System.nanoTime();
    Optimizer local = local();
    DifferentiableFunction observed = observer.apply(reduced);
    Run r = local.minimize(observed, start);
    int iterations = r.iterations();
    int escapes = 0;
    List<String> notes = new ArrayList<>();
    while (escapes < MAX_ESCAPES && reduced.nonnegativeRange() == null
        && r.termination() == Termination.CONVERGED) {
      double[] y = NegativeCurvature.escape(reduced, r.x(), seed + escapes);
      if (y == null) {
        break;
      }
      escapes++;
      notes.add(String.format(Locale.ROOT, "escaped a saddle at f=%.10g", r.objective()));
      r = local.minimize(observed, y);
      iterations += r.iterations();
    }
    double[] x = reduction.lift(r.x());
    Objective f = fullObjective();
    double[] g = new double[x.length];
    double value = f.valueAndGradient(x, g);
    double residual = Certificate.residual(f, x, value, g);
    Termination status = r.termination() == Termination.DIVERGED ? Termination.DIVERGED
        : residual <= options.tolerance() ? Termination.CONVERGED : r.termination();
    String name = "class-means+" + local.name();
    // The lift misses the tolerance, also after a converged reduced run: the residuals of the two
    // problems weigh the blocks differently (counts, cut widths), so a reduced residual below the
    // tolerance can lift to one above it (measured: 5.7e-10 -> 1.6e-7 for K = 10, M = 3).
    if (status != Termination.DIVERGED && !(residual <= options.tolerance())) {
      Run polish = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(options.maxIterations())
          .withTolerance(options.tolerance())).minimize(observer.apply(f), x);
      notes.add("lift residual " + residual + ", polished by L-BFGS on the full problem ("
          + polish.iterations() + " iterations)");
      name += "+lbfgs";
      // Still uncertified (vanishing λ on an MSE head: L-BFGS crawls along the fit manifold):
      // the profiled search and the full problem's polish from there (ProfiledPolish).
      Run better = polish.termination() == Termination.DIVERGED ? null
          : ProfiledPolish.improve(f, polish, options.maxIterations(), options.tolerance());
      if (better != null) {
        notes.add("profiled and polished (" + better.iterations() + " iterations)");
        iterations += polish.iterations();
        polish = better;
        name += "+profiled";
      }
      iterations += polish.iterations();
      x = polish.x();
      value = polish.objective();
      residual = polish.residual();
      status = polish.termination();
    }
    String detail = "reduced " + r.detail() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
        + String.format(Locale.ROOT, "; full residual %.3g", residual);
    return new Run(x, value, residual, iterations, (System.nanoTime() - t0) * 1e-9, status, detail,
        name, null, r.history());
  }
}

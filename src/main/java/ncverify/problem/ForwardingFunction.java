package ncverify.problem;

import java.util.List;

/**
 * A {@link DifferentiableFunction} that passes every call on to another one unchanged: the base of
 * observers that watch an optimiser's evaluations without changing a number (train's progress
 * lines). A re-centred form ({@link #recentre}) is wrapped again by {@link #wrap}, so the
 * observer keeps watching after L-BFGS moves to it.
 */
public abstract class ForwardingFunction implements DifferentiableFunction {
  /** The function every call goes to. */
  protected final DifferentiableFunction f;

  protected ForwardingFunction(DifferentiableFunction f) {
    this.f = f;
  }

  /** The same observer around {@code other} (a re-centred form of {@link #f}). */
  protected abstract DifferentiableFunction wrap(DifferentiableFunction other);

  @Override
  public int dimension() {
    return f.dimension();
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    return f.valueAndGradient(x, gradient);
  }

  @Override
  public int[] nonnegativeRange() {
    return f.nonnegativeRange();
  }

  @Override
  public List<Block> blocks() {
    return f.blocks();
  }

  @Override
  public double[] point(double[] x) {
    return f.point(x);
  }

  @Override
  public Recentred recentre(double[] x) {
    Recentred rc = f.recentre(x);
    return rc == null ? null : new Recentred(wrap(rc.function()), rc.x());
  }

  @Override
  public double kinkViolation(double[] x) {
    return f.kinkViolation(x);
  }

  @Override
  public double[] gradientNoise(double[] x) {
    return f.gradientNoise(x);
  }

  @Override
  public boolean hessianVector(double[] x, double[] v, double[] out) {
    return f.hessianVector(x, v, out);
  }
}

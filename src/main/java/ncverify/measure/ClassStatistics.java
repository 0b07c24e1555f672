package ncverify.measure;

/**
 * First and second moments of labelled features (THEORY §1, §8), the input of every NC1 metric.
 *
 * <p>Features H are d×N, row-major, one column h_i per sample; labels are 0-based classes
 * 0 … K−1, and every class must have at least one sample (a class mean of an empty class does not
 * exist; callers with empty classes must drop them first).
 * <ul>
 *   <li>class means h̄_k = (1/n_k) Σ_{i: y_i = k} h_i, collected in H̄ (d×K);</li>
 *   <li>global mean h̄_G = (1/N) Σ_i h_i = H̄ n / N (sample-weighted, THEORY §1), and the
 *       unweighted mean of means μ̄ = (1/K) Σ_k h̄_k (see {@link MeanCentring});</li>
 *   <li>within-class covariance Σ_W = (1/N) Σ_i (h_i − h̄_{y_i})(h_i − h̄_{y_i})ᵀ;</li>
 *   <li>between-class covariance Σ_B in the variants of {@link BetweenCovariance};</li>
 *   <li>class variances σ_k² = (1/n_k) Σ_{i: y_i = k} ‖h_i − h̄_k‖² (the CDNV numerator).</li>
 * </ul>
 * Cost: O(dN) on construction; the d×d matrix Σ_W (O(d²N)) is formed only on request. NC1 needs
 * only quadratic forms uᵀΣ_W u, which {@link #withinQuadraticForm} evaluates in O(dN) from the
 * samples.
 *
 * <p>Immutable; accessors return copies.
 */
public final class ClassStatistics {
  private final double[][] h;
  private final int[] labels;
  private final int classes;
  private final int dim;
  private final int samples;
  private final int[] counts;
  private final double[][] means;
  private final double[] globalMean;
  private final double[] meanOfMeans;
  private final double[] classVariances;
  private final double withinTrace;
  private volatile double[][] withinCovariance;

  private ClassStatistics(double[][] h, int[] labels, int classes) {
    this.h = h;
    this.labels = labels;
    this.classes = classes;
    this.dim = h.length;
    this.samples = labels.length;
    counts = new int[classes];
    for (int i = 0; i < samples; i++) {
      int y = labels[i];
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("label of sample " + i + " is " + y + ", outside 0.."
            + (classes - 1));
      }
      counts[y]++;
    }
    for (int k = 0; k < classes; k++) {
      if (counts[k] == 0) {
        throw new IllegalArgumentException("class " + k + " has no samples; class statistics need"
            + " n_k ≥ 1 for every class 0.." + (classes - 1));
      }
    }
    means = new double[dim][classes];
    globalMean = new double[dim];
    meanOfMeans = new double[dim];
    double[] sq = new double[classes];
    for (int r = 0; r < dim; r++) {
      double[] hr = h[r];
      double[] mr = means[r];
      double total = 0;
      for (int i = 0; i < samples; i++) {
        mr[labels[i]] += hr[i];
        total += hr[i];
      }
      double mm = 0;
      for (int k = 0; k < classes; k++) {
        mr[k] /= counts[k];
        mm += mr[k];
      }
      globalMean[r] = total / samples;
      meanOfMeans[r] = mm / classes;
      for (int i = 0; i < samples; i++) {
        double e = hr[i] - mr[labels[i]];
        sq[labels[i]] += e * e;
      }
    }
    classVariances = new double[classes];
    double tw = 0;
    for (int k = 0; k < classes; k++) {
      classVariances[k] = sq[k] / counts[k];
      tw += sq[k];
    }
    withinTrace = tw / samples;
  }

  /**
   * @param h features, d×N row-major (one column per sample); copied
   * @param labels class of each sample, 0-based, length N
   * @param classes K; every class 0 … K−1 must occur
   */
  public static ClassStatistics of(double[][] h, int[] labels, int classes) {
    Matrices.requireRectangular(h);
    if (labels.length != h[0].length) {
      throw new IllegalArgumentException("features have " + h[0].length + " columns (samples) but "
          + labels.length + " labels were given");
    }
    if (classes < 1) {
      throw new IllegalArgumentException("need at least one class, got K=" + classes);
    }
    return new ClassStatistics(Matrices.copy(h), labels.clone(), classes);
  }

  /** As {@link #of} but without copying; only for callers that own h and labels. */
  static ClassStatistics wrap(double[][] h, int[] labels, int classes) {
    Matrices.requireRectangular(h);
    if (labels.length != h[0].length) {
      throw new IllegalArgumentException("features have " + h[0].length + " columns (samples) but "
          + labels.length + " labels were given");
    }
    return new ClassStatistics(h, labels, classes);
  }

  /** K. */
  public int classes() { return classes; }
  /** d, the feature dimension. */
  public int dimension() { return dim; }
  /** N. */
  public int samples() { return samples; }
  /** n_k for each class. */
  public int[] counts() { return counts.clone(); }
  /** Labels (0-based), a copy. */
  public int[] labels() { return labels.clone(); }
  /** H (d×N), a copy. */
  public double[][] features() { return Matrices.copy(h); }

  /** H without copying, for callers in this package that only read it. */
  double[][] featuresView() { return h; }

  /** H̄ without copying, for callers in this package that only read it. */
  double[][] meansView() { return means; }

  /** H̄ (d×K): column k is h̄_k. */
  public double[][] means() { return Matrices.copy(means); }

  /** h̄_k. */
  public double[] mean(int k) { return Matrices.column(means, k); }

  /** h̄_G = (1/N) Σ_i h_i (sample-weighted). */
  public double[] globalMean() { return globalMean.clone(); }

  /** μ̄ = (1/K) Σ_k h̄_k (unweighted mean of class means). */
  public double[] meanOfMeans() { return meanOfMeans.clone(); }

  /** The point the given centring subtracts (the zero vector for UNCENTRED). */
  public double[] centre(MeanCentring centring) {
    switch (centring) {
      case UNCENTRED: return new double[dim];
      case GLOBAL_MEAN: return globalMean.clone();
      case MEAN_OF_MEANS: return meanOfMeans.clone();
      default: throw new AssertionError(centring);
    }
  }

  /** H̄ − c1ᵀ (d×K) with c the centre of the given centring. */
  public double[][] centredMeans(MeanCentring centring) {
    double[] c = centre(centring);
    double[][] out = new double[dim][classes];
    for (int r = 0; r < dim; r++) {
      for (int k = 0; k < classes; k++) {
        out[r][k] = means[r][k] - c[r];
      }
    }
    return out;
  }

  /** ‖h̄_k‖² for each class (uncentred). */
  public double[] meanNormsSquared() {
    double[] out = new double[classes];
    for (int r = 0; r < dim; r++) {
      for (int k = 0; k < classes; k++) {
        out[k] += means[r][k] * means[r][k];
      }
    }
    return out;
  }

  /** σ_k² = (1/n_k) Σ_{i∈k} ‖h_i − h̄_k‖², the mean squared distance of class k to its mean. */
  public double[] classVariances() { return classVariances.clone(); }

  /** tr Σ_W = (1/N) Σ_i ‖h_i − h̄_{y_i}‖² = Σ_k (n_k/N) σ_k². */
  public double withinTrace() { return withinTrace; }

  /** uᵀ Σ_W u = (1/N) Σ_i (uᵀ(h_i − h̄_{y_i}))², in O(dN) without forming Σ_W. */
  public double withinQuadraticForm(double[] u) {
    if (u.length != dim) {
      throw new IllegalArgumentException("direction has length " + u.length + ", features have d="
          + dim);
    }
    double[] proj = new double[samples];
    for (int r = 0; r < dim; r++) {
      double ur = u[r];
      if (ur == 0) {
        continue;
      }
      double[] hr = h[r];
      double[] mr = means[r];
      for (int i = 0; i < samples; i++) {
        proj[i] += ur * (hr[i] - mr[labels[i]]);
      }
    }
    double s = 0;
    for (double p : proj) {
      s += p * p;
    }
    return s / samples;
  }

  /** Σ_W (d×d), formed on first request in O(d²N) and cached. */
  public double[][] withinCovariance() {
    double[][] sw = withinCovariance;
    if (sw == null) {
      double[][] e = new double[dim][samples];
      for (int r = 0; r < dim; r++) {
        for (int i = 0; i < samples; i++) {
          e[r][i] = h[r][i] - means[r][labels[i]];
        }
      }
      sw = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        for (int b = a; b < dim; b++) {
          double v = Matrices.dot(e[a], e[b]) / samples;
          sw[a][b] = v;
          sw[b][a] = v;
        }
      }
      withinCovariance = sw;
    }
    return Matrices.copy(sw);
  }

  /**
   * The factor B (d×K) with Σ_B = B Bᵀ for the variant: column k is √ω_k (h̄_k − c).
   * Its singular values s_j give the eigenvalues s_j² of Σ_B without forming Σ_B, which keeps
   * round-off in the structurally zero eigenvalues at O(ε²) relative instead of O(ε).
   */
  public double[][] betweenFactor(BetweenCovariance variant) {
    double[][] c = centredMeans(variant.centring());
    for (int k = 0; k < classes; k++) {
      double s = Math.sqrt(variant.weight(k, counts, samples));
      for (int r = 0; r < dim; r++) {
        c[r][k] *= s;
      }
    }
    return c;
  }

  /** Σ_B (d×d) for the variant. */
  public double[][] betweenCovariance(BetweenCovariance variant) {
    return Matrices.rowGram(betweenFactor(variant));
  }

  /** tr Σ_B = Σ_k ω_k ‖h̄_k − c‖² for the variant. */
  public double betweenTrace(BetweenCovariance variant) {
    double[][] b = betweenFactor(variant);
    double t = 0;
    for (double[] row : b) {
      for (double x : row) {
        t += x * x;
      }
    }
    return t;
  }
}

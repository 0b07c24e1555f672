package ncverify.practical;

/**
 * The history row of one measured epoch: training quantities from the {@link Snapshot} and the
 * standard NC metrics of {@code ncverify.measure} (names and conventions as in
 * {@link ncverify.measure.NcMetrics}).
 *
 * @param nc1 (1/K) tr(Σ_W Σ_B⁺), Σ_B uniform over classes
 * @param nc2EtfW nd(W Wᵀ, P)
 * @param nc2OrthoH nd(H̄ᵀH̄, I), uncentred means
 * @param nc3 nd(W, H̄ᵀ), uncentred means, no scaling
 * @param nc3Centred nd(W, (H̄ − h̄_G 1ᵀ)ᵀ)
 * @param nc4Agreement classifier vs nearest-class-mean agreement
 * @param maxClassMeanCosine max |cos(h̄_j, h̄_k)| over pairs, uncentred
 */
public record EpochRecord(int epoch, double trainError, double dataLoss, double objective,
    double nc1, double nc2EtfW, double nc2OrthoH, double nc3, double nc3Centred,
    double nc4Agreement, double maxClassMeanCosine, double minClassMeanNorm,
    double maxClassMeanNorm) {

  /** Names of the NC conventions recorded here (for captions). */
  public static final String CONVENTIONS = "NC1 = (1/K) tr(Sigma_W Sigma_B^+) (uniform Sigma_B); "
      + "NC2 = nd(H^T H, I) (uncentred class means); NC3 = nd(W, H^T) (uncentred, unscaled)";

  public static EpochRecord of(Snapshot s, NcMeasures m) {
    double[] norms = m.classMeanNorms();
    return new EpochRecord(s.epoch(), s.trainError(), s.dataLoss(), s.objective(), m.nc1(),
        m.metrics().nc2EtfW(), m.metrics().nc2OrthoH(), m.metrics().nc3(),
        m.metrics().nc3Centred(), m.nc4Agreement(), m.metrics().maxMeanCosine(),
        java.util.Arrays.stream(norms).min().orElse(Double.NaN),
        java.util.Arrays.stream(norms).max().orElse(Double.NaN));
  }
}

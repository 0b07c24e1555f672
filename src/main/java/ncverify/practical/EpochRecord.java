package ncverify.practical;

/**
 * The history row of one measured epoch. NaN marks a quantity that could not be computed
 * (see {@link NcMeasures#UNAVAILABLE}).
 */
public record EpochRecord(int epoch, double trainError, double dataLoss, double objective,
    double nc1, double nc4Agreement, double maxClassMeanCosine, double minClassMeanNorm,
    double maxClassMeanNorm) {

  public static EpochRecord of(Snapshot s, java.util.Optional<NcMeasures> m) {
    double nan = Double.NaN;
    if (m.isEmpty()) {
      return new EpochRecord(s.epoch(), s.trainError(), s.dataLoss(), s.objective(), nan, nan, nan,
          nan, nan);
    }
    NcMeasures q = m.get();
    double maxCos = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < q.classMeanCosines().length; j++) {
      for (int k = j + 1; k < q.classMeanCosines().length; k++) {
        maxCos = Math.max(maxCos, q.classMeanCosines()[j][k]);
      }
    }
    double min = java.util.Arrays.stream(q.classMeanNorms()).min().orElse(nan);
    double max = java.util.Arrays.stream(q.classMeanNorms()).max().orElse(nan);
    return new EpochRecord(s.epoch(), s.trainError(), s.dataLoss(), s.objective(), q.nc1(),
        q.nc4Agreement(), maxCos, min, max);
  }
}

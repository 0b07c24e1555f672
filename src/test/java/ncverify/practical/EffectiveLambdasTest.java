package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The papers' batch objective c·mean_B ℓ + (wd/2)‖W‖² + (fd/2)Σ_B‖h_i‖², averaged over the
 * batches of one epoch (equal batches partitioning the samples), must equal c·F with F the UFM
 * objective at {@link EffectiveLambdas#fromPaperCode}'s λ's. The batch sums are computed here
 * directly, sample by sample; the data term L is any number (it enters both sides as c·L).
 */
class EffectiveLambdasTest {
  @Test
  void thePapersBatchObjectiveAveragesToTheUfmWithTheEffectiveLambdas() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 24, d = 3, batch = 6;
    double[][] h = new double[n][d];
    double hSq = 0;
    for (double[] row : h) {
      for (int r = 0; r < d; r++) {
        row[r] = rnd.nextDouble(-2, 2);
        hSq += row[r] * row[r];
      }
    }
    double wSq = 3.7, dataLoss = 0.81;
    for (double c : new double[] {0.5, 0.2, 0.1}) {
      double wd = 1e-4, fd = 1e-5;
      double average = 0;
      for (int from = 0; from < n; from += batch) {
        double batchFeatures = 0;
        for (int i = from; i < from + batch; i++) {
          for (double v : h[i]) {
            batchFeatures += v * v;
          }
        }
        average += (c * dataLoss + wd / 2 * wSq + fd / 2 * batchFeatures) / (n / batch);
      }
      EffectiveLambdas e = EffectiveLambdas.fromPaperCode(c, wd, fd, batch, n);
      double ufm = dataLoss + e.lambdaW() / 2 * wSq + e.lambdaH() / 2 * hSq;
      assertEquals(c * ufm, average, 1e-15);
      // negative control: reading fd as a mean over the batch (the old mapping) is wrong
      double meanForm = dataLoss + wd / 2 * wSq + fd / n / 2 * hSq;
      assertEquals(false, Math.abs(c * meanForm - average) < 1e-9);
    }
  }

  @Test
  void theTrainersMappingRoundTrips() {
    EffectiveLambdas e = new EffectiveLambdas(2e-4, 1.7e-6);
    assertEquals(e, EffectiveLambdas.of(2e-4, e.trainerFeaturePenalty(3000), 3000));
  }

  @Test
  void theP2RecipesFeaturePenaltyIs512TimesTheOldDefault() {
    // old default: fd = 1e-5 read as a mean over the batch, lambda_H,eff = 1e-5 / N
    double old = EffectiveLambdas.of(1e-4, 1e-5, 3000).lambdaH();
    assertEquals(512, Recipe.P2_FMNIST.effective().lambdaH() / old, 1e-9);
    assertEquals(2e-4, Recipe.P2_FMNIST.effective().lambdaW(), 1e-18);
    assertEquals(1e-4, Recipe.P1_IMBALANCED.effective().lambdaH(), 1e-18);
  }

  @Test
  void stepSchedulesMatchPyTorchsStepLr() {
    // StepLR(step_size=2000, gamma=0.1) over 4000 epochs: 0-based epoch 2000 is the first decayed
    Schedule p2 = Recipe.P2_FMNIST.schedule();
    assertEquals(1.0, p2.multiplier(2000, 4000));
    assertEquals(0.1, p2.multiplier(2001, 4000), 1e-15);
    Schedule p1 = Recipe.P1_BALANCED.schedule(); // StepLR(50) over 200 epochs
    assertEquals(1.0, p1.multiplier(50, 200));
    assertEquals(0.1, p1.multiplier(51, 200), 1e-15);
    assertEquals(1e-3, p1.multiplier(200, 200), 1e-17);
    assertEquals(Schedule.parse("step:0.25,0.5,0.75:0.1"), p1);
    assertEquals(1.0, Schedule.parse("constant").multiplier(200, 200));
  }
}

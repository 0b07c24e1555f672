package ncverify.practical;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import ncverify.data.ClassSubset;
import ncverify.problem.Loss;

/**
 * The papers' training recipes, read from their code, as named presets, each with a CPU-scaled
 * default that keeps the effective UFM λ's ({@link EffectiveLambdas#fromPaperCode}, computed
 * from the paper's own N and batch size) and the schedule's shape (decay points as fractions of
 * the run) but uses a narrower network, fewer epochs and a larger learning rate.
 *
 * <p>Sources (the fetched repositories, file and line of the values):
 * <ul>
 *   <li><b>p2-fmnist</b>: Fsoft-AIC/Cross-Entropy-Imbalanced {@code run_fashionmnist.sh} (MLP
 *       line): {@code --no-bias --depth_relu 6 --depth_linear 1 --width 1024 --sep_decay
 *       --batch_size 256 --feature_decay_rate 1e-5 --loss CrossEntropy --lr 1e-4
 *       --weight_decay 1e-4 --optimizer Adam --epochs 4000 --patience 2000}; StepLR γ = 0.1
 *       ({@code args_unbalance.py}); counts {@code FashionMNIST_TRAIN_SAMPLES} = (100,100,…,500,500);
 *       {@code CustomSubsetRandomSampler} yields the indices in a fixed order (no shuffling);
 *       {@code models/mlp.py} with batchnorm=False: 6 × (Linear, ReLU), a Linear, then ReLU: the
 *       features are ReLU outputs; {@code loss_compute}: loss/2 + (wd/2)Σ‖W‖² + (fd/2)Σ_B‖h‖².</li>
 *   <li><b>p1-balanced</b>: Fsoft-AIC/Neural-Collapse-in-Deep-Linear-Networks README (MLP,
 *       {@code train_1st_order.py --depth_relu 6 --depth_linear 1 --width 512 --loss MSE --lr 1e-4
 *       --optimizer Adam --sep_decay}) with {@code args.py} defaults: batch 128, 200 epochs, StepLR
 *       every 50 epochs γ = 0.1, wd = fd = 1e-4, bias on, full training set shuffled; MLP with
 *       BatchNorm (features = BatchNorm output, sign-free); {@code nn.MSELoss} not halved.</li>
 *   <li><b>p1-imbalanced</b>: same repository, {@code train_1st_order_unbalanced.py --depth_relu 6
 *       --depth_linear 1 --width 2048 --no-bias --loss MSE --lr 1e-4 --weight_decay 1e-5
 *       --optimizer Adam --sep_decay --epochs 12000 --patience 6000}, fd = 1e-5
 *       ({@code args_unbalance.py}), batch = N = 3000 (full batch, set in the script), counts
 *       (100,100,…,500,500), features = output of a Linear layer (no ReLU, sign-free), loss/2.</li>
 * </ul>
 *
 * <p>Each preset's feature layer is the paper's ({@link MlpShape.FeatureLayer}): P2's ReLU
 * outputs (UFM features ≥ 0), P1-balanced's BatchNorm and P1-imbalanced's linear layer (UFM
 * features free). Deviations of every preset from the paper, stated in the report: input 784 raw
 * pixels in [0, 1] (the papers resize to 3×32×32 and normalise); P1-balanced's BatchNorm after
 * every hidden ReLU layer is left out (only the feature BatchNorm is kept; the paper's last block
 * ends in two BatchNorms in a row, which act as one); BatchNorm is measured with the training
 * subset's own statistics ({@link Mlp}); the paper's orthogonal initialisation is replaced by
 * this engine's.
 *
 * @param name the preset's name ({@code --recipe})
 * @param source the paper and script
 * @param loss training loss
 * @param dataScale c of {@link EffectiveLambdas#fromPaperCode}
 * @param dataScaleReason where c comes from
 * @param weightDecay the paper's wd on the head
 * @param featureDecay the paper's fd (sum over the batch)
 * @param paperCounts the paper's class counts n_k
 * @param paperBatch the paper's batch size
 * @param paperWidth the paper's hidden width
 * @param paperReluLayers number of ReLU layers before the features in the paper
 * @param paperEpochs the paper's epochs
 * @param paperLr the paper's learning rate (Adam)
 * @param schedule the paper's schedule as fractions of its epochs
 * @param shuffle whether the paper reshuffles every epoch
 * @param headBias last-layer bias
 * @param featureLayer what the paper's features are (the preset uses the same)
 * @param cpuPerClassScale the CPU default's counts = paper counts × this (rounded, ≥ 1)
 * @param cpuWidths the CPU default's ReLU widths
 * @param cpuEpochs the CPU default's epochs
 * @param cpuLr the CPU default's Adam learning rate
 * @param cpuBatch the CPU default's batch (0 = full)
 */
public record Recipe(String name, String source, Loss loss, double dataScale, String dataScaleReason,
    double weightDecay, double featureDecay, int[] paperCounts, int paperBatch, int paperWidth,
    int paperReluLayers, int paperEpochs, double paperLr, Schedule schedule, boolean shuffle,
    boolean headBias, MlpShape.FeatureLayer featureLayer, double cpuPerClassScale, int[] cpuWidths,
    int cpuEpochs, double cpuLr, int cpuBatch) {

  private static final int K = 10;
  private static final int[] SIX_BY_128 = {128, 128, 128, 128, 128, 128};

  public static final Recipe P2_FMNIST = new Recipe("p2-fmnist",
      "P2 (Dang et al. 2024), Fsoft-AIC/Cross-Entropy-Imbalanced run_fashionmnist.sh (MLP)",
      Loss.CE, 0.5, "loss = CrossEntropyLoss (batch mean) / 2", 1e-4, 1e-5, ClassSubset.p2Step(K),
      256, 1024, 7, 4000, 1e-4, Schedule.step(0.1, 0.5), false, false, MlpShape.FeatureLayer.RELU,
      1.0, SIX_BY_128, 900, 1e-3, 256);

  public static final Recipe P1_BALANCED = new Recipe("p1-balanced",
      "P1 (Dang et al. 2023), Fsoft-AIC/Neural-Collapse-in-Deep-Linear-Networks train_1st_order.py",
      Loss.MSE, 2.0 / K, "nn.MSELoss = mean over b*K entries of (z-y)^2 = (2/K) mean of ||z-y||^2/2",
      1e-4, 1e-4, ClassSubset.balanced(K, 6000), 128, 512, 6, 200, 1e-4,
      Schedule.step(0.1, 0.25, 0.5, 0.75), true, true, MlpShape.FeatureLayer.BATCHNORM,
      0.05, SIX_BY_128, 3000, 1e-3, 128);

  public static final Recipe P1_IMBALANCED = new Recipe("p1-imbalanced",
      "P1 (Dang et al. 2023), Fsoft-AIC/Neural-Collapse-in-Deep-Linear-Networks "
          + "train_1st_order_unbalanced.py (README command)",
      Loss.MSE, 1.0 / K, "nn.MSELoss / 2 = (1/K) mean of ||z-y||^2/2", 1e-5, 1e-5,
      ClassSubset.p2Step(K), 3000, 2048, 6, 12000, 1e-4, Schedule.step(0.1, 0.5), false, false,
      MlpShape.FeatureLayer.LINEAR, 1.0, SIX_BY_128, 6000, 1e-3, 0);

  public static final Recipe[] ALL = {P2_FMNIST, P1_BALANCED, P1_IMBALANCED};

  public static Optional<Recipe> named(String name) {
    return Arrays.stream(ALL).filter(r -> r.name.equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  public int paperSamples() {
    return Arrays.stream(paperCounts).sum();
  }

  /** The effective UFM λ's of the paper's recipe (the CPU default keeps them). */
  public EffectiveLambdas effective() {
    return EffectiveLambdas.fromPaperCode(dataScale, weightDecay, featureDecay, paperBatch,
        paperSamples());
  }

  /** The CPU default's class counts. */
  public int[] cpuCounts() {
    return ClassSubset.scaled(paperCounts, cpuPerClassScale);
  }

  /** What the features are, in words. */
  public String featureText() {
    return switch (featureLayer) {
      case RELU -> "ReLU outputs (>= 0)";
      case BATCHNORM -> "BatchNorm outputs (sign-free)";
      case LINEAR -> "linear-layer outputs (sign-free)";
    };
  }

  private static String fmt(double x) {
    return ncverify.problem.Setting.formatNumber(x);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Recipe r && r.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}

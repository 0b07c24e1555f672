package ncverify.practical;

/**
 * The ONE place where a network's regularisers are mapped onto THEORY §2's UFM objective
 * <pre>  F = (1/N) Σ_i ℓ_i + Σ_m (λ_{W_m}/2)‖W_m‖²_F + (λ_H/2)‖H‖²_F,</pre>
 * ℓ = CE, or ½‖z − e_y‖² for MSE. A mini-batch objective F_B whose expectation over a uniformly
 * drawn batch B (|B| = b) is c·F has the same stationary points as F and, under Adam (invariant
 * to a constant scale of the gradient up to its ε), the same trajectory; so the λ's of F are the
 * network's <b>effective</b> λ's.
 *
 * <p><b>This track's trainer</b> ({@link Mlp}) minimises per batch
 * F_B = (1/b)Σ_B ℓ + (λ_H/2)(1/b)Σ_B‖h_i‖² + Σ(λ_W/2)‖W_m‖², whose expectation is F with
 * <pre>  λ_W,eff = λ_W,   λ_H,eff = λ_H / N       ({@link #of}, inverse {@link #trainerFeaturePenalty}).</pre>
 *
 * <p><b>The papers' code</b> (P2: Fsoft-AIC/Cross-Entropy-Imbalanced, P1: Fsoft-AIC/
 * Neural-Collapse-in-Deep-Linear-Networks, {@code loss_compute} with {@code --sep_decay}) adds to a
 * scaled data term a weight decay (wd/2)Σ‖W_m‖² on the head and a feature decay
 * (fd/2)Σ_{i∈B}‖h_i‖² — a <b>sum</b> over the batch, not a mean. Its expectation is
 * c·(1/N)Σℓ + (wd/2)Σ‖W_m‖² + (fd/2)(b/N)‖H‖² = c·F with
 * <pre>  λ_W,eff = wd / c,   λ_H,eff = fd · b / (c · N)       ({@link #fromPaperCode}),</pre>
 * where c is the data term's scale relative to F's: ½ for P2's CE ({@code loss = loss/2} on the
 * batch-mean {@code nn.CrossEntropyLoss}); 2/K for P1's balanced MSE ({@code nn.MSELoss} is the
 * mean over b·K entries of (z − y)², i.e. (2/K)·mean ½‖z − y‖², not halved); 1/K for P1's
 * imbalanced MSE (the same, halved). So the papers' feature penalty is hundreds to thousands of
 * times the track's old defaults (fd = 1e-5 read as a mean: λ_H,eff = 1e-5/N), not the same.
 * ({@code EffectiveLambdasTest} checks both mappings on a gradient.)
 *
 * @param lambdaW λ_W,eff (every head layer)
 * @param lambdaH λ_H,eff
 */
public record EffectiveLambdas(double lambdaW, double lambdaH) {

  /** This track's trainer: λ_W as given, λ_H (mean over the batch) / N. */
  public static EffectiveLambdas of(double lambdaW, double lambdaHMeanForm, int samples) {
    return new EffectiveLambdas(lambdaW, lambdaHMeanForm / samples);
  }

  /**
   * The papers' code.
   *
   * @param dataScale c, the data term's scale relative to (1/N)Σℓ (see the class comment)
   * @param weightDecay wd, on the head weights, (wd/2)Σ‖W_m‖²
   * @param featureDecay fd, (fd/2)·Σ over the batch of ‖h_i‖²
   * @param batch b
   * @param samples N
   */
  public static EffectiveLambdas fromPaperCode(double dataScale, double weightDecay,
      double featureDecay, int batch, int samples) {
    return new EffectiveLambdas(weightDecay / dataScale,
        featureDecay * batch / (dataScale * samples));
  }

  /** The λ_H (mean over the batch) this track's trainer needs to realise λ_H,eff with N samples. */
  public double trainerFeaturePenalty(int samples) {
    return lambdaH * samples;
  }
}

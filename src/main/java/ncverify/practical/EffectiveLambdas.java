package ncverify.practical;

/**
 * How the network's regularisers map onto THEORY §2's UFM objective.
 *
 * <p>The network is trained on (1/|B|)Σ ℓ + (λ_H/2)(1/|B|)Σ‖h_i‖² + Σ_m (λ_W/2)‖W_m‖² per batch
 * (a mean over samples for the feature penalty, as in the papers' code). Over an epoch this is the
 * UFM objective (1/N)Σ ℓ + (λ_H,eff/2)‖H‖²_F + Σ_m (λ_W,eff/2)‖W_m‖²_F with
 * <pre>  λ_H,eff = λ_H / N,   λ_{W_m},eff = λ_W  (every head layer).</pre>
 * So every threshold of THEORY §4–5 sees the invariant λ_H,eff Π λ_W = λ_H λ_W^M / N.
 * ({@code MlpGradientTest} checks this mapping against problem.Objective.)
 *
 * @param lambdaW λ_W,eff (head layers)
 * @param lambdaH λ_H,eff = λ_H (per-sample mean form) / N
 */
public record EffectiveLambdas(double lambdaW, double lambdaH) {
  public static EffectiveLambdas of(double lambdaW, double lambdaHMeanForm, int samples) {
    return new EffectiveLambdas(lambdaW, lambdaHMeanForm / samples);
  }
}

package ncverify.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncverify.agreement.AgreementFamily.Kind;
import ncverify.agreement.AgreementFamily.Structure;
import ncverify.claim.Domain;
import ncverify.claim.SourceStatus;
import ncverify.claim.TheoryClaim;
import ncverify.claim.catalog.Catalogue;
import ncverify.measure.PointGeometry;
import ncverify.problem.Setting;
import ncverify.theory.CeBalancedEtfTheory;
import ncverify.theory.CeLogitConvexTheory;
import ncverify.theory.NumericalTheory;
import ncverify.theory.Prediction;
import ncverify.theory.Theories;
import ncverify.verify.DeepCeBestKnown;

/**
 * Every theory family the agreement run checks, in table order: one per catalogue claim that
 * asserts a global minimiser (its own domain and theory; the claims about training and the
 * "not global" claim add no prediction of their own), the deep cross-entropy best known point on
 * P1's refuted deep-CE domain (an upper bound), the SELI limit, and the numerical best point
 * where no closed form covers a setting.
 */
public final class AgreementFamilies {
  private AgreementFamilies() {}

  /** The id of the deep cross-entropy best-known family ({@link DeepCeBestKnown}). */
  public static final String DEEP_CE_BEST_KNOWN = "deep-ce-best-known";
  /** The id of the SELI limit family (Thrampoulidis et al. 2022). */
  public static final String SELI = "thrampoulidis-seli-limit";
  /** The id of the numerical family ({@link NumericalTheory}). */
  public static final String NUMERICAL = NumericalTheory.FAMILY;

  /** The catalogue claim whose domain the deep-CE best-known family draws from. */
  static final String DEEP_CE_CLAIM = "p1-ce-balanced-deep";

  /**
   * The derivation of each family in one line (the theory classes' docstrings and proofs/ID.m
   * hold the full one).
   */
  static final Map<String, String> DERIVATIONS = Map.ofEntries(
      Map.entry("p1-mse-imbalanced-deep", "every critical point has h_i = h̄_{y_i}; f splits over "
          + "the singular values of W H̄ D^{1/2} into one scalar problem ĝ_k per class (THEORY §3.3), "
          + "t_k² = Nλ_H x_k^M with x_k the global minimiser of ĝ_k, orthogonal frame"),
      Map.entry("p1-mse-balanced-deep", "the per-class reduction with n_k = n: K equal scalar "
          + "problems, so W Wᵀ = t² I (orthogonal frame), live iff b/n < β_M"),
      Map.entry("p1-mse-balanced-bias-deep", "the free bias is eliminated (b = 1/K·1 − W h̄_G): the "
          + "centred target P gives K−1 equal scalar problems, so a simplex ETF with the bias-free "
          + "scalar solution"),
      Map.entry("p1-mse-minority-collapse", "class k's scalar problem ĝ_k has its global minimiser "
          + "at 0 iff b/n_k ≥ β_M = (M−1)^((M−1)/M)/M (M = 1: n_k ≤ N²λ_Wλ_H), a jump for M ≥ 2"),
      Map.entry("zhu-ce-balanced-ufm", "the minimiser is a simplex ETF; on it G(ρ) = "
          + "log(1+(K−1)e^{−ρ}) + (K−1)sρ, s = √(nλ_Wλ_H), so ρ* = log(1/s − (K−1)) for Ks < 1, "
          + "else collapse"),
      Map.entry("zhou-ls-balanced-ufm", "on the ETF G(ρ) = log(1+(K−1)e^{−ρ}) + α(K−1)ρ/K + "
          + "(K−1)sρ is convex: ρ* = log(1/(s+α/K) − (K−1)) for Ks + α < 1, else collapse"),
      Map.entry("zhou-focal-balanced-ufm", "on the ETF G(ρ) = u^γ log(1+(K−1)e^{−ρ}) + (K−1)sρ, "
          + "u = (K−1)/(e^ρ+K−1): at most two critical points, each bracketed and solved by Brent, "
          + "the lower one (or 0 beyond s_c = sup (φ(0)−φ(ρ))/((K−1)ρ))"),
      Map.entry(DEEP_CE_BEST_KNOWN, "M ≥ 2, K ≥ 3: the lower of the simplex ETF (G(ρ) = "
          + "log(1+(K−1)e^{−ρ}) + (K−1)c'_M ρ^{2/(M+1)}) and the block-simplex constructions "
          + "(antipodal pairs, Garrod & Keating Thm 1), each polished; else (K = 2 or M = 1) the ETF"),
      Map.entry("sukenik-binary-deep-ce", "K = 2: the shifted logits have rank 1, where the "
          + "Schatten-2/(M+1) penalty of the balanced factorisation is the nuclear norm: the "
          + "antipodal ETF with the deep scalar scale"),
      Map.entry("sukenik-relu-dnc-binary", "DNC (class k on neuron k in every layer) has every "
          + "pre-activation ≥ 0, so its value is P1's linear balanced value; ‖W_1H̄‖_* ≥ tr = Ks "
          + "makes no DNC-shaped point cheaper"),
      Map.entry("sukenik-relu-dnc-two-layers", "the same DNC point and value for M = 2 and any K "
          + "(a conjecture)"),
      Map.entry("p2-ce-relu-imbalanced", "with H ≥ 0 the class means are orthogonal: W H̄ = "
          + "P diag(M_k), M_k = log((K−1)(1/c_k − 1))_+, W = a P D^{1/2} H̄ᵀ"),
      Map.entry("p2-ce-relu-minority-collapse", "the same solution: M_k = 0 ⇔ n_k ≤ "
          + "(K/(K−1)) N² λ_W λ_H"),
      Map.entry("hong-ce-imbalanced-no-relu", "the UFM equals the convex problem min_Z "
          + "Σ (n_k/N) CE(z_k, k) + √(λ_Wλ_H)‖Z D^{1/2}‖_*, solved to a duality gap (its error bound)"),
      Map.entry("p1-mse-imbalanced-bias", "b eliminated: the per-class scalar problems apply to the "
          + "singular values of the centred target (I − n1ᵀ/N) D^{1/2}"),
      Map.entry("zhu-ce-balanced-narrow", "CE is invariant under a common logit shift, so W → PW "
          + "loses nothing and the rank-(K−1) ETF fits d = K−1; f* as Zhu"),
      Map.entry("mse-narrow-features", "Mirsky: rank(Z) ≤ r gives f ≥ Σ n_k/2N − Σ_{i≤r} "
          + "gain(√n_(i)), gain non-decreasing, attained by the r largest classes live"),
      Map.entry("mse-regularized-bias", "b eliminated: loss ‖(Z − √n I)Q‖²/2N, Q = P + q·11ᵀ/K, "
          + "q² = λ_B/(1+λ_B): K−1 ETF modes and one mean mode, each a scalar problem"),
      Map.entry("mse-regularized-bias-deep", "the same K−1 ETF modes and mean mode with P1's deep "
          + "scalar problem (a conjecture where the mean mode can be live)"),
      Map.entry("mse-nonneg-features", "bias-free MSE optima have orthogonal class means, "
          + "rotatable onto the positive axes: H ≥ 0 is inactive, f* = the free f*"),
      Map.entry(SELI, "as λ → 0 the convex logit problem's solution tends in direction to the "
          + "min-nuclear-norm point with margins ≥ 1, logits ∝ P D^{1/2}, so W Wᵀ → ∝ (PDP)^{1/2}; "
          + "f* is Hong & Ling's convex value at the drawn λ"),
      Map.entry(NUMERICAL, "no closed form (imbalanced deep CE, CE with d < K−1, CE with H ≥ 0 "
          + "and M ≥ 2, MSE with H ≥ 0 and a free bias): the lowest certified point of "
          + NumericalTheory.searchDescription() + " (fixed seeds)"));

  /** Every family, in table order. */
  public static List<AgreementFamily> all() {
    List<AgreementFamily> out = new ArrayList<>();
    for (TheoryClaim c : Catalogue.all()) {
      if (c.aboutTraining() || c.assertsNotGlobal()) {
        continue; // no prediction of their own: the same theory as another claim's
      }
      if (c.id().equals(DEEP_CE_CLAIM)) {
        out.add(deepCeBestKnown(c));
        continue;
      }
      Structure structure = c.id().startsWith("sukenik-relu") ? Structure.RELU_HEAD : Structure.GRAMS;
      out.add(new AgreementFamily(c.id(), c.status() == SourceStatus.THEOREM ? Kind.THEOREM
          : Kind.CONJECTURE, derivation(c.id()), c.source(), c.domain(),
          s -> c.predict(s).orElseThrow(() -> new IllegalStateException(
              "the domain of " + c.id() + " drew a setting its theory does not cover: " + s)),
          structure));
    }
    out.add(seli());
    out.add(numerical());
    return out;
  }

  /** The family with this id. */
  public static Optional<AgreementFamily> byId(String id) {
    return all().stream().filter(f -> f.id().equals(id)).findFirst();
  }

  static String derivation(String id) {
    String d = DERIVATIONS.get(id);
    if (d == null) {
      throw new IllegalStateException("no one-line derivation for family " + id);
    }
    return d;
  }

  /**
   * Deep CE (balanced): the ETF where it is a theorem (K = 2, M = 1), else the best known point
   * ({@link DeepCeBestKnown}: the ETF and the block-simplex constructions, polished), an upper
   * bound whose Grams are measured on that point.
   */
  private static AgreementFamily deepCeBestKnown(TheoryClaim claim) {
    return new AgreementFamily(DEEP_CE_BEST_KNOWN, Kind.UPPER_BOUND, derivation(DEEP_CE_BEST_KNOWN),
        "Garrod & Keating (arXiv 2410.23169, NeurIPS 2025), Theorem 1 (constructions); the ETF "
            + "value of P1 (Dang et al., ICML 2023); drawn from the domain of " + DEEP_CE_CLAIM,
        claim.domain(), AgreementFamilies::bestKnown, Structure.GRAMS);
  }

  static Prediction bestKnown(Setting s) {
    Prediction etf = new CeBalancedEtfTheory().predict(s);
    if (!DeepCeBestKnown.applies(s)) {
      return etf.withFamily(DEEP_CE_BEST_KNOWN);
    }
    DeepCeBestKnown best = DeepCeBestKnown.of(etf);
    double[] x = best.bestRun().x();
    PointGeometry g = PointGeometry.of(s, x);
    return etf.withFamily(DEEP_CE_BEST_KNOWN).withOptimalValue(best.bestValue())
        .withGrams(g.wGram(), g.hGram()).withMinimiser(x, g.hNormSq());
  }

  /** Largest class count drawn by the families built here (as the catalogue's domains). */
  static final int MAX_COUNT = 40;

  /**
   * SELI: imbalanced CE, M = 1, no bias, d = K, K = 3…4, λ_W = λ_H = 10^(−v/4) for v = 8…20
   * (10^-2 … 10^-5: small enough to see the approach, large enough for certified training).
   */
  private static AgreementFamily seli() {
    Domain d = Domain.builder("loss=ce bias=none features=free, K=3..4, n_k in 1.." + MAX_COUNT
            + " (not all equal), d=K, M=1, lambdaW=lambdaH=10^-2..10^-5")
        .choice("K", 3, 4).choice("n1", 1, MAX_COUNT).choice("n2", 1, MAX_COUNT)
        .choice("n3", 1, MAX_COUNT).choice("n4", 1, MAX_COUNT).choice("lambda", 8, 20)
        .build(v -> {
          int k = v.get("K");
          int[] n = imbalanced(new int[] {v.get("n1"), v.get("n2"), v.get("n3"), v.get("n4")}, k);
          double lambda = Math.pow(10, -v.get("lambda") / 4.0);
          return Setting.parse("loss=ce bias=none features=free n=" + join(n) + " d=" + k
              + " M=1 lambdaW=" + lambda + " lambdaH=" + lambda);
        });
    return new AgreementFamily(SELI, Kind.LIMIT, derivation(SELI),
        "Thrampoulidis, Kini, Vakilian & Behnia 2022, \"Imbalance Trouble: Revisiting "
            + "Neural-Collapse Geometry\" (NeurIPS 2022, arXiv 2208.05512), SELI geometry of the "
            + "vanishing-regularisation UFM; value: Hong & Ling 2023 (arXiv 2309.09725)",
        d, s -> new CeLogitConvexTheory().predict(s), Structure.SELI);
  }

  /**
   * Settings no closed form covers (issue 13 items 3 and 6), one of four cases per draw:
   * imbalanced deep CE (M = 2…3), CE with d = K − 2 (K = 3…4), CE with H ≥ 0 and M = 2, MSE
   * with H ≥ 0 and a free bias; λ_W = λ_H = 10^(−v/4), v = 6…12 (3e-2 … 1e-3).
   */
  private static AgreementFamily numerical() {
    Domain d = Domain.builder("imbalanced deep CE (M=2..3, d=K) | CE d=K-2 (K=3..4, M=1) | CE "
            + "features=nonneg M=2 | MSE features=nonneg bias=free M=1..2; n_k in 1..20, "
            + "lambdaW=lambdaH=10^-1.5..10^-3")
        .choice("case", 0, 3).choice("K", 2, 4).choice("M", 1, 2)
        .choice("n1", 1, 20).choice("n2", 1, 20).choice("n3", 1, 20).choice("n4", 1, 20)
        .choice("lambda", 6, 12)
        .build(v -> {
          int c = v.get("case");
          int k = c == 1 ? Math.max(3, v.get("K")) : v.get("K");
          int[] all = {v.get("n1"), v.get("n2"), v.get("n3"), v.get("n4")};
          int[] n = c == 0 ? imbalanced(all, k) : java.util.Arrays.copyOf(all, k);
          double lambda = Math.pow(10, -v.get("lambda") / 4.0);
          String rest = " n=" + join(n) + " lambdaW=" + lambda + " lambdaH=" + lambda;
          return Setting.parse(switch (c) {
            case 0 -> "loss=ce bias=none features=free d=" + k + " M=" + (v.get("M") + 1) + rest;
            case 1 -> "loss=ce bias=none features=free d=" + (k - 2) + " M=1" + rest;
            case 2 -> "loss=ce bias=none features=nonneg d=" + k + " M=2" + rest;
            default -> "loss=mse bias=free features=nonneg d=" + k + " M=" + v.get("M") + rest;
          });
        });
    return new AgreementFamily(NUMERICAL, Kind.NUMERICAL, derivation(NUMERICAL),
        "none (no closed form is known); theory.NumericalTheory", d, s -> {
          if (Theories.forSetting(s).isPresent()) {
            throw new IllegalStateException("the numerical family's domain drew a setting a closed "
                + "form covers (" + Theories.forSetting(s).get().family() + "): " + s);
          }
          return new NumericalTheory().predict(s);
        }, Structure.GRAMS);
  }

  /** The first k counts, the first raised by one where all k are equal (an imbalanced draw). */
  static int[] imbalanced(int[] counts, int k) {
    int[] n = java.util.Arrays.copyOf(counts, k);
    if (java.util.Arrays.stream(n).distinct().count() == 1) {
      n[0]++;
    }
    return n;
  }

  private static String join(int[] n) {
    return java.util.Arrays.stream(n).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(","));
  }
}

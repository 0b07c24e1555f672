(* Claim garrod-keating-deep-ce-etf-not-global (Garrod & Keating, arXiv 2410.23169, Theorem 1), re-derived here.
   Balanced deep linear CE head, bias-free, equal lambda on every factor (only the product lH prod lW enters), d >= K.
   After collapsing every sample to its class mean and the balanced factorisation (THEORY.md section 3.2), the objective of the
   logits L = W hbar is  (1/K) Sum_k CE(L e_k, k) + cp Sum_i sigma_i(L)^q  with q = 2/(M+1), cp = c'_M = ((M+1)/2)(n lH prod lW)^(1/(M+1)).
   The ETF L = rho P has K-1 singular values rho and margins rho: G(rho) = Log[1 + (K-1) e^-rho] + (K-1) cp rho^q.
   Construction (block simplex, ncverify.theory.BlockSimplexCandidates): mp = Floor[K/2] antipodal pairs, each pair a 2-class
   simplex in its own plane, plus for odd K one class on its own axis; every block orthogonal to the others. Not machine-checked:
   the matrix facts (collapse to the means, the balanced factorisation bound, singular values of a block-diagonal matrix). *)
Section["the block-simplex scalar reduction"]
(* A centred group of size g at scale r has the logit block r P_g: a sample sees its own logit r (g-1)/g, g-1 group mates at -r/g
   and K-g classes outside the block at 0; the block has g-1 singular values r. *)
Var[K, Integers, 3, 40]
Var[g, Integers, 2, 3]
Var[r, Reals, 1/100, 30]
Assume[g <= K]
ce[own_, mate_] := Log[Exp[own] + (g - 1)*Exp[mate] + (K - g)] - own
NumericStep["CE of a group sample", ce[r*(g - 1)/g, -r/g] == Log[1 + (g - 1)*Exp[-r] + (K - g)*Exp[-r*(g - 1)/g]]]
Step["the group of all K classes is the ETF: its loss is G's", (Log[1 + (g - 1)*Exp[-r] + (K - g)*Exp[-r*(g - 1)/g]] /. g -> K) == Log[1 + (K - 1)*Exp[-r]]]
(* A pair (g = 2) at scale 2 rho: own logit rho, partner -rho, the rest 0; margin rho to every class outside the pair,
   one singular value 2 rho. A class on its own axis at scale rho: own logit rho, the rest 0; margin rho, one singular value rho. *)
Var[rho, Reals, 1/100, 30]
Step["pair at scale 2 rho: loss", (Log[1 + (g - 1)*Exp[-r] + (K - g)*Exp[-r*(g - 1)/g]] /. {g -> 2, r -> 2*rho}) == Log[1 + Exp[-2*rho] + (K - 2)*Exp[-rho]]]
Section["at the ETF's own margin the pairs have the lower loss"]
Var[K, Integers, 2, 40]
Var[rho, Reals, 1/100, 40]
(* The arguments of the two logarithms differ by e^-rho (1 - e^-rho) > 0 for every rho > 0 (identity below); the
   inequality itself is spot-checked on rho <= 10, where the difference is above the checker's round-off tolerance. *)
Step["ETF argument - pair argument = e^-rho (1 - e^-rho)", (1 + (K - 1)*Exp[-rho]) - (1 + Exp[-2*rho] + (K - 2)*Exp[-rho]) == Exp[-rho]*(1 - Exp[-rho])]
Var[rho, Reals, 1/100, 10]
NumericStep["pair loss < ETF loss at the same margin rho > 0", Log[1 + Exp[-2*rho] + (K - 2)*Exp[-rho]] < Log[1 + (K - 1)*Exp[-rho]]]
(* For odd K = 2 mp + 1 the class on its own axis at scale rho has exactly the ETF's loss Log[1 + (K-1) e^-rho], so the
   average over the classes is still strictly below the ETF's loss. *)
Section["penalty: the construction wins at every lambda iff mp 2^q < 2 mp - 1"]
(* Penalties at the ETF's scale rho: ETF (K-1) cp rho^q; construction mp cp (2 rho)^q + (K - 2 mp) cp rho^q.
   With the loss strictly lower, the construction at the ETF's optimal rho* > 0 beats the ETF whenever
   mp 2^q + (K - 2 mp) <= K - 1, i.e. mp 2^q <= 2 mp - 1 (equality is impossible: 2^q is irrational for M >= 2). *)
Var[mp, Integers, 1, 20]
Var[K, Integers, 2, 41]
Var[M, Integers, 1, 12]
Assume[K == 2*mp || K == 2*mp + 1]
Step["ETF penalty - construction penalty = (2 mp - 1) - mp 2^q: positive iff Garrod-Keating's condition", (K - 1) - (mp*2^(2/(M + 1)) + K - 2*mp) == (2*mp - 1) - mp*2^(2/(M + 1))]
Section["which (K, M) satisfy it: M = 2 needs mp >= 3 (K >= 6)"]
Var[mp, Integers, 3, 200]
NumericStep["M = 2, mp >= 3: mp 2^(2/3) < 2 mp - 1", mp*2^(2/3) < 2*mp - 1]
Step["M = 2, mp = 2 (K = 4, 5) fails", 2*2^(2/3) > 3]
Section["M >= 3 needs mp >= 2 (K >= 4); mp = 1 (K = 2, 3) never"]
Var[mp, Integers, 2, 200]
Var[M, Integers, 3, 60]
NumericStep["M >= 3, mp >= 2: mp 2^(2/(M+1)) < 2 mp - 1", mp*2^(2/(M + 1)) < 2*mp - 1]
Var[M, Integers, 1, 60]
NumericStep["mp = 1: 2^q < 1 never holds (q > 0)", 2^(2/(M + 1)) > 1]
Step["M = 1 (Zhu et al.: the ETF is global): mp 2 < 2 mp - 1 never", 2*mp > 2*mp - 1]
(* Necessity of the condition for winning at EVERY lambda (not machine-checked here; checked numerically by
   BlockSimplexCandidatesTest.theConditionDecidesWhetherTheConstructionWinsAtEveryLambda): as lambda -> 0 both optima
   sit at margins ~ log(1/cp) and their values are dominated by the penalties, whose ratio tends to
   (mp 2^q + K - 2 mp)/(K - 1); when it exceeds 1 the ETF wins for small lambda. Then the construction can still win in a
   band below the ETF's collapse (e.g. K = 4, M = 2), the switching boundary that predict computes by bisection. *)
Section["the suite's published counterexample: K = 4, M = 3, n = 1, lambda = 0.05 on every factor"]
Step["cp = ((M+1)/2)(n lambda^(M+1))^(1/(M+1)) = 2 * 0.05 = 0.1", (4/2)*(1*(1/20)^4)^(1/4) == 1/10]
Var[rho, Reals, 1/100, 40]
NumericStep["pairs (2 pairs, margin rho) beat the ETF at every rho > 0", Log[1 + Exp[-2*rho] + 2*Exp[-rho]] + 2*(1/10)*(2*rho)^(1/2) < Log[1 + 3*Exp[-rho]] + 3*(1/10)*rho^(1/2)]

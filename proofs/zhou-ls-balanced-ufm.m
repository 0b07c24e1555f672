(* Claim zhou-ls-balanced-ufm (Zhou et al. 2022, arXiv 2210.02192; theorem number
   not confirmed here, see the claim's source text): label smoothing, balanced, M = 1.
   Loss: l(z, y) = -Sum_c q_c log p_c with p = softmax(z) and the smoothed target q = (1 - a) e_y + (a/K) 1, 0 <= a < 1.

   Why the simplex ETF is globally optimal (for this loss a self-contained argument; Zhou et al. prove it
   for a family of losses): for M = 1 and d >= rank, min over (W, H) with W H = Z of
   lW/2 |W|^2 + lH/2 |H|^2 equals Sqrt[lW lH] |Z|_* (nuclear norm), so the UFM is the convex problem
   min_Z (1/N) Sum_i l(z_i, y_i) + Sqrt[lW lH] |Z|_*  (l is convex in z: log-sum-exp minus a linear term).
   It is invariant under permuting samples within a class and under permuting the classes, so averaging an
   optimum over these permutations gives an optimum whose columns are equal within a class (NC1) and whose
   class-mean logit matrix commutes with every permutation: x I + y 1 1^T. The loss ignores y (shift
   invariance, rows of 1 1^T), and |x P + (x/K + y) 1 1^T|_* is smallest at x/K + y = 0, so Z = rho P
   (P = I - 1 1^T/K) with rho >= 0 is optimal. Uniqueness up to rotation is Zhou et al.'s theorem.
   With a free bias the same averaging gives b in span(1), which the loss ignores: the same optimum, b = 0.

   Scalar reduction (as zhu-ce-balanced-ufm): on Z = rho P the class-mean logits are rho(1 - 1/K) for the
   label and -rho/K otherwise; the penalty of the class-mean matrix with n samples per class is
   Sqrt[n lW lH] |rho P|_* = (K - 1) s rho, s = Sqrt[n lW lH]. *)
Var[K, Integers, 2, 10]
Var[rho, Reals, 0, 10]
Var[sq, Reals, 1/10000, 1/10]
Var[a, Reals, 0, 99/100]
Var[n, Integers, 1, 500]
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
(* Softmax of the ETF logits, numerator and denominator divided by e^(rho(1 - 1/K)) (the CE step from the
   logits themselves is in zhu-ce-balanced-ufm.m): p_y = 1/(1 + (K-1) e^(-rho)), p_j = e^(-rho) p_y. *)
py := 1/(1 + (K - 1)*Exp[-rho])
pj := Exp[-rho]/(1 + (K - 1)*Exp[-rho])
gz[rho_] := Log[1 + (K - 1)*Exp[-rho]] + a*(K - 1)*rho/K + (K - 1)*sq*rho
Step["LS loss of the ETF logits", -((1 - a + a/K)*Log[py] + (K - 1)*(a/K)*Log[pj]) == Log[1 + (K - 1)*Exp[-rho]] + a*(K - 1)*rho/K]
(* l = CE + a (z_y - mean z): the form problem.Loss computes (z_y - mean z = rho (K-1)/K on the ETF). *)
Step["LS = CE + a (z_y - mean z) on the ETF", -((1 - a + a/K)*Log[py] + (K - 1)*(a/K)*Log[pj]) == -Log[py] + a*rho*(K - 1)/K]
Step["G' closed form", D[gz[rho], rho] == (K - 1)*(sq + a/K - 1/(Exp[rho] + K - 1))]
Step["G'' > 0: G is convex", D[gz[rho], {rho, 2}] > 0]
Section["the scale"]
Var[K, Integers, 2, 10]
Var[sq, Reals, 1/10000, 1/10]
Var[a, Reals, 0, 99/100]
Assume[K*sq + a < 1]
gz[rho_] := Log[1 + (K - 1)*Exp[-rho]] + a*(K - 1)*rho/K + (K - 1)*sq*rho
(* rho_opt = log(1/(s + a/K) - (K-1)) makes G' vanish; it is positive iff 1/(s + a/K) - (K-1) > 1 iff K s + a < 1. *)
Step["Gprime(rho_opt) = 0", (D[gz[rho], rho] /. rho -> Log[1/(sq + a/K) - (K - 1)]) == 0]
Step["1/(s + a/K) - K = (1 - K s - a)/(s + a/K)", 1/(sq + a/K) - K == (1 - K*sq - a)/(sq + a/K)]
Step["rho_opt > 0 when K s + a < 1", Log[1/(sq + a/K) - (K - 1)] > 0]
Step["a = 0 gives Zhu's CE scale", (Log[1/(sq + a/K) - (K - 1)] /. a -> 0) == Log[1/sq - (K - 1)]]
Section["the collapse threshold"]
Var[K, Integers, 2, 10]
Var[sq, Reals, 1/10000, 1]
Var[a, Reals, 0, 99/100]
Assume[K*sq + a >= 1]
gz[rho_] := Log[1 + (K - 1)*Exp[-rho]] + a*(K - 1)*rho/K + (K - 1)*sq*rho
(* G is convex, so G'(0) >= 0 makes rho = 0 (W = H = 0) the global minimiser: exactly when K s + a >= 1,
   i.e. Sqrt[n lW lH] >= (1 - a)/K. *)
Step["Gprime(0) = (K-1)(K s + a - 1)/K >= 0", (D[gz[rho], rho] /. rho -> 0) == (K - 1)*(K*sq + a - 1)/K]
Step["Gprime(0) >= 0 past the threshold", (K - 1)*(K*sq + a - 1)/K >= 0]
Section["the factors"]
Var[rho, Reals, 1/100, 10]
Var[n, Integers, 1, 500]
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
(* Balanced factors of the class-mean logits (as zhu-ce-balanced-ufm): |w|^2 = rho Sqrt[n lH/lW] (K-1)/K,
   |hbar|^2 = rho Sqrt[lW/(n lH)] (K-1)/K, W = Sqrt[n lH/lW] hbar^T; the loss does not enter. *)
Step["W = Sqrt[n lH/lW] hbar^T", Sqrt[(rho*Sqrt[n*lh/lw])/(rho*Sqrt[lw/(n*lh)])] == Sqrt[n*lh/lw]]
Step["balancedness lW |w|^2 = lH n |hbar|^2", lw*rho*Sqrt[n*lh/lw] == lh*n*rho*Sqrt[lw/(n*lh)]]

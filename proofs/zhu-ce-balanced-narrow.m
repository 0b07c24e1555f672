(* Claim zhu-ce-balanced-narrow (issue 13, item 3): CE, balanced, M = 1, no bias, width d = K - 1.
   Zhu et al. 2021 (arXiv 2105.02375) state Theorem 3.1 for d >= K - 1; the suite's wider
   claim zhu-ce-balanced-ufm checks d >= K. Why width K - 1 loses nothing:
   (i) CE is invariant under adding a constant to all logits of a sample (checked below), so the
       classifier W can be replaced by P W with P = I - 11^T/K without changing the loss;
   (ii) P is an orthogonal projection (P^2 = P = P^T, checked in common-etf-frame.m), so every
       singular value of P W is at most that of W, and the penalty (lambda_W/2)|P W|^2 does not grow;
   (iii) hence some global minimiser has logits W hbar_k in the (K-1)-dimensional space 1^perp,
       and the nuclear-norm reduction Z = W hbar D^(1/2) needs only rank(Z) <= K - 1 <= d.
   Steps (i)-(iii) in prose are NOT machine-checked beyond the scalar identities below; the
   property test trains at d = K - 1 to certified optima. *)

Section["(i) CE is invariant under a common logit shift, K = 3 and K = 4"]
Var[z1, Reals, -5, 5]
Var[z2, Reals, -5, 5]
Var[z3, Reals, -5, 5]
Var[z4, Reals, -5, 5]
Var[t, Reals, -5, 5]
ce3[a_, b_, c_] := Log[Exp[a] + Exp[b] + Exp[c]] - a
ce4[a_, b_, c_, e_] := Log[Exp[a] + Exp[b] + Exp[c] + Exp[e]] - a
NumericStep["CE(z + t 1) = CE(z), K = 3", ce3[z1 + t, z2 + t, z3 + t] == ce3[z1, z2, z3]]
NumericStep["CE(z + t 1) = CE(z), K = 4", ce4[z1 + t, z2 + t, z3 + t, z4 + t] == ce4[z1, z2, z3, z4]]

Section["(ii)-(iii) the ETF logits rho P have rank K - 1 (they fit in d = K - 1), K = 2..8"]
pm[k_] := IdentityMatrix[k] - ConstantArray[1/k, {k, k}]
Step["rank P = K - 1 for K = 2..8", Sum[Abs[MatrixRank[pm[k]] - (k - 1)], {k, 2, 8}] == 0]
(* (ii) in scalar form: a projection has singular values 0 or 1, so |P w| <= |w| for every w;
   for K = 3 with w = (w1, w2, w3): |w|^2 - |P w|^2 = (w1 + w2 + w3)^2/3 >= 0. *)
Var[w1, Reals, -3, 3]
Var[w2, Reals, -3, 3]
Var[w3, Reals, -3, 3]
pw[w_] := pm[3].w
Step["|w|^2 - |P w|^2 = (1^T w)^2/K, K = 3", (w1^2 + w2^2 + w3^2) - Total[pw[{w1, w2, w3}]^2] == (w1 + w2 + w3)^2/3]

Section["Value at d = K - 1: the same scalar problem as Zhu's (zhu-ce-balanced-ufm.m)"]
(* On the ETF each sample's CE is Log[1 + (K-1) e^(-rho)] and the penalty is (K-1) s rho with
   s = Sqrt[n lW lH]; rho_opt = Log[1/s - (K-1)] when K s < 1. Issue 13 quotes f* = 0.19567003495657
   for n = 4, K = 3, lW = lH = 0.01 (an external calibration value, compared here). *)
gz[k_, sq_, rho_] := Log[1 + (k - 1)*Exp[-rho]] + (k - 1)*sq*rho
Step["calibration: K = 3, n = 4, lambda = 0.01", gz[3, Sqrt[4*(1/100)*(1/100)], Log[1/Sqrt[4*(1/100)*(1/100)] - 2]] == 0.19567003495657]
Var[K, Integers, 2, 10]
Var[sq, Reals, 1/10000, 1/10]
Assume[K*sq < 1]
Step["G'(rho_opt) = 0 at any K with K s < 1", (D[gz[K, sq, rho], rho] /. rho -> Log[1/sq - (K - 1)]) == 0]

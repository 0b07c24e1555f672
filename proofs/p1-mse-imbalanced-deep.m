(* Claim p1-mse-imbalanced-deep (P1, Dang et al. ICML 2023): deep linear UFM, MSE, no bias,
   any depth M, any class sizes n_k.  Scalar reductions of the proof, checked step by step.
   Notation in this file (Symja names are case-insensitive, and N, D, E, I, C are built-ins):
     nn = N (total samples), nk = n_k, lh = lambda_H, pl = prod_m lambda_{W_m},
     r  = b/n_k, M = number of linear layers. *)

Section["NC1: each sample solves a strictly convex problem that depends only on its label"]
(* For fixed weights, sample i of class k enters the objective only through
   q(h) = (1/2N)(w h - 1)^2 + (lambda_H/2) h^2 (scalar form of (1/2N)|W h - e_k|^2 + ...).
   Its second derivative is w^2/N + lambda_H > 0, so q has exactly one minimiser, and the
   minimiser is a function of (w, label) only: all samples of one class share it (h_i = hbar_k). *)
Var[w, Reals, -3, 3]
Var[h, Reals, -3, 3]
Var[nn, Integers, 2, 500]
Var[lh, Reals, 1/10000, 1]
q[h_] := (w h - 1)^2/(2 nn) + lh h^2/2
Step["second derivative of the per-sample problem", D[q[h], {h, 2}] == w^2/nn + lh]
NumericStep["strict convexity", D[q[h], {h, 2}] > 0]
(* The unique minimiser h_opt = w/(w^2 + N lambda_H) (the vector form is (W^T W + N lambda_H I)^(-1) W^T e_k). *)
Step["stationary point of q", (D[q[h], h] /. h -> w/(w^2 + nn lh)) == 0]

Section["Factorisation bound (AM-GM) in scalar form, M = 1..4"]
(* For scalars a_1..a_M, g with z = a_1 ... a_M g, AM-GM on the M+1 numbers lambda_m a_m^2 and
   lambda_H g^2 gives  sum_m (lambda_m/2) a_m^2 + (lambda_H/2) g^2 >= c_M |z|^(2/(M+1)),
   c_M = ((M+1)/2) (lambda_H prod lambda_m)^(1/(M+1)), with equality when all M+1 terms are equal
   (the balanced point). Checked as an inequality at random points (any signs) and as an
   equality at the balanced point a_m = Sqrt[s/lambda_m], g = Sqrt[s/lambda_H],
   s = (lambda_H prod lambda_m z^2)^(1/(M+1)), whose product is exactly z (z > 0). *)
Var[a1, Reals, -3, 3]
Var[a2, Reals, -3, 3]
Var[a3, Reals, -3, 3]
Var[a4, Reals, -3, 3]
Var[g, Reals, -3, 3]
Var[l1, Reals, 1/1000, 2]
Var[l2, Reals, 1/1000, 2]
Var[l3, Reals, 1/1000, 2]
Var[l4, Reals, 1/1000, 2]
Var[lh, Reals, 1/1000, 2]
Var[z, Reals, 1/100, 5]
NumericStep["AM-GM bound M=1", l1 a1^2/2 + lh g^2/2 >= (2/2)*(lh l1)^(1/2)*((a1 g)^2)^(1/2)]
NumericStep["AM-GM bound M=2", l1 a1^2/2 + l2 a2^2/2 + lh g^2/2 >= (3/2)*(lh l1 l2)^(1/3)*((a1 a2 g)^2)^(1/3)]
NumericStep["AM-GM bound M=3", l1 a1^2/2 + l2 a2^2/2 + l3 a3^2/2 + lh g^2/2 >= (4/2)*(lh l1 l2 l3)^(1/4)*((a1 a2 a3 g)^2)^(1/4)]
NumericStep["AM-GM bound M=4", l1 a1^2/2 + l2 a2^2/2 + l3 a3^2/2 + l4 a4^2/2 + lh g^2/2 >= (5/2)*(lh l1 l2 l3 l4)^(1/5)*((a1 a2 a3 a4 g)^2)^(1/5)]
s1 := (lh l1 z^2)^(1/2)
s2 := (lh l1 l2 z^2)^(1/3)
s3 := (lh l1 l2 l3 z^2)^(1/4)
s4 := (lh l1 l2 l3 l4 z^2)^(1/5)
Step["balanced point has product z, M=1", Sqrt[s1/l1] Sqrt[s1/lh] == z]
Step["balanced point has product z, M=2", Sqrt[s2/l1] Sqrt[s2/l2] Sqrt[s2/lh] == z]
Step["balanced point has product z, M=3", Sqrt[s3/l1] Sqrt[s3/l2] Sqrt[s3/l3] Sqrt[s3/lh] == z]
Step["balanced point has product z, M=4", Sqrt[s4/l1] Sqrt[s4/l2] Sqrt[s4/l3] Sqrt[s4/l4] Sqrt[s4/lh] == z]
NumericStep["equality at the balanced point, M=1", l1*(s1/l1)/2 + lh*(s1/lh)/2 == (2/2)*(lh l1)^(1/2) z^(2/2)]
NumericStep["equality at the balanced point, M=2", l1*(s2/l1)/2 + l2*(s2/l2)/2 + lh*(s2/lh)/2 == (3/2)*(lh l1 l2)^(1/3) z^(2/3)]
NumericStep["equality at the balanced point, M=3", (4 s3)/2 == (4/2)*(lh l1 l2 l3)^(1/4) z^(2/4)]
NumericStep["equality at the balanced point, M=4", (5 s4)/2 == (5/2)*(lh l1 l2 l3 l4)^(1/5) z^(2/5)]

Section["Per-class scalar problem: from phi_k to ghat_k(x)"]
(* After NC1, class k contributes (n_k/2N)(t h - 1)^2 + (lambda_H n_k/2) h^2 + (weight penalty),
   where t = |w_k| and h = |hbar_k| (aligned). Minimising over h (ridge) gives h_opt = t/(t^2 + N lambda_H)
   and the value (n_k/2N) N lambda_H/(t^2 + N lambda_H). *)
Var[t, Reals, 0, 5]
Var[h, Reals, -3, 3]
Var[nk, Integers, 1, 500]
Var[nn, Integers, 500, 2000]
Var[lh, Reals, 1/100000, 1/10]
Var[pl, Reals, 1/100000, 1]
Var[x, Reals, 0, 4]
Var[M, Integers, 1, 6]
cls[h_] := nk*(t h - 1)^2/(2 nn) + lh nk h^2/2
Step["ridge minimiser in h", (D[cls[h], h] /. h -> t/(t^2 + nn lh)) == 0]
Step["ridge minimum", cls[t/(t^2 + nn lh)] == (nk/(2 nn)) nn lh/(t^2 + nn lh)]
(* Parametrise t^2 = N lambda_H x^M: the fitting term becomes (n_k/2N) * 1/(x^M + 1). *)
Step["fitting term in x", ((nk/(2 nn)) nn lh/(t^2 + nn lh) /. t -> Sqrt[nn lh x^M]) == (nk/(2 nn)) /(x^M + 1)]
(* The weight penalty: the product W = W_M...W_1 has row k of norm t; by the same AM-GM bound
   with M factors, min over factorisations of sum_m (lambda_m/2)|W_m|^2 is
   (M/2) (prod lambda_m)^(1/M) sum_k t_k^(2/M). With t^2 = N lambda_H x^M this equals
   (n_k/2N) (b/n_k) x  exactly when  b = M N (N lambda_H prod lambda_m)^(1/M)  (THEORY.md's b: confirmed). *)
bb := M nn*(nn lh pl)^(1/M)
NumericStep["weight penalty in x gives b = M N (N lambda_H prod lambda)^(1/M)", (M/2) pl^(1/M)*(nn lh x^M)^(1/M) == (nk/(2 nn))*(bb/nk) x]
(* Hence class k contributes (n_k/2N) ghat_k(x), ghat_k(x) = 1/(x^M + 1) + (b/n_k) x, at the
   optimal h and balanced weights. Consistency with THEORY section 3.3's phi_k(z) = (z - Sqrt[n_k])^2/(2N)
   + c_M z^(2/(M+1)): at the point (t(x), h_opt) the class logit is z = Sqrt[n_k] x^M/(x^M+1), and
   phi_k(z) (the minimum over ALL factorisations of that z) can only be smaller or equal. *)
cm := ((M + 1)/2)*(lh pl)^(1/(M + 1))
zx := Sqrt[nk] x^M/(x^M + 1)
Step["logit of class k at (t(x), h_opt)", (t^2/(t^2 + nn lh) /. t -> Sqrt[nn lh x^M]) == x^M/(x^M + 1)]
NumericStep["phi_k(z(x)) <= (n_k/2N) ghat_k(x)", (zx - Sqrt[nk])^2/(2 nn) + cm zx^(2/(M + 1)) <= (nk/(2 nn))*(1/(x^M + 1) + (bb/nk) x)]

Section["Stationarity and second-order conditions of ghat"]
Var[x, Reals, 0, 4]
Var[r, Reals, 1/1000, 3]
Var[M, Integers, 1, 6]
gh[x_] := 1/(x^M + 1) + r x
sr[x_] := M x^(M - 1)/(x^M + 1)^2
(* ghat'(x) = b/n_k - M x^(M-1)/(x^M+1)^2, so stationarity is  b/n_k = M x^(M-1)/(x^M+1)^2. *)
Step["ghat' = b/n_k - s(x)", D[gh[x], x] == r - sr[x]]
Step["collapsed value ghat(0) = 1 (M >= 1)", gh[0] == 1]
(* ghat'' = -s'(x); s'(x) = M x^(M-2) ((M-1)(1 + x^M) - 2 M x^M)/(1 + x^M)^3, so a stationary point
   is a strict local minimum iff x^M > (M-1)/(M+1) (the decreasing branch of s), a local maximum iff
   x^M < (M-1)/(M+1). *)
Step["ghat'' = -s'", D[gh[x], {x, 2}] == -D[sr[x], x]]
Var[x, Reals, 1/100, 4]
NumericStep["s'(x) closed form", D[sr[x], x] == M x^(M - 2)*((M - 1)*(1 + x^M) - 2 M x^M)/(1 + x^M)^3]
(* Envelope: d/d(b/n_k) of the value at a stationary point is x >= 0, so the local-minimum value
   grows with b/n_k: a class with fewer samples (larger b/n_k) is worse off. *)
Step["d ghat / d(b/n_k) = x", D[gh[x], r] == x]

Section["M = 1: convex case and closed forms"]
Var[r, Reals, 1/1000, 1]
Var[nk, Integers, 1, 500]
Var[nn, Integers, 500, 2000]
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
Var[x, Reals, 0, 4]
g1[x_] := 1/(x + 1) + r x
NumericStep["M=1: ghat is convex", D[g1[x], {x, 2}] > 0]
Step["M=1: x = 1/Sqrt[b/n_k] - 1 is stationary", (D[g1[x], x] /. x -> 1/Sqrt[r] - 1) == 0]
(* With b = N^2 lambda_H lambda_W (M = 1): t^2 = N lambda_H x = Sqrt[n_k lambda_H/lambda_W] - N lambda_H,
   |hbar_k|^2 = t^2/(t^2 + N lambda_H)^2 = Sqrt[lambda_W/(n_k lambda_H)] - N lambda_W/n_k,
   w_k = (t^2 + N lambda_H) hbar_k = Sqrt[n_k lambda_H/lambda_W] hbar_k; x > 0 iff n_k > N^2 lambda_W lambda_H. *)
x1 := 1/Sqrt[nn^2 lh lw/nk] - 1
Step["M=1: b = N^2 lambda_H lambda_W", (M nn*(nn lh pl)^(1/M) /. {M -> 1, pl -> lw}) == nn^2 lh lw]
NumericStep["M=1: t_k^2", nn lh x1 == Sqrt[nk lh/lw] - nn lh]
NumericStep["M=1: |hbar_k|^2", (nn lh x1)/(nn lh x1 + nn lh)^2 == Sqrt[lw/(nk lh)] - nn lw/nk]
NumericStep["M=1: scaling w_k = Sqrt[n_k lambda_H/lambda_W] hbar_k", nn lh x1 + nn lh == Sqrt[nk lh/lw]]
Step["M=1: x_k > 0 iff n_k > N^2 lambda_W lambda_H (x_k = Sqrt[n_k/(N^2 lW lH)] - 1)", x1 == Sqrt[nk/(nn^2 lw lh)] - 1]

Section["Per-layer singular values and NC2/NC3 scalings"]
(* Balanced factors have equal energies lambda_m s_m^2 = e; the product has norm t = prod s_m, so
   e^M = t^2 prod lambda_m and s_m^2 = lambdabar t^(2/M)/lambda_m with lambdabar = (prod lambda_m)^(1/M). *)
Var[t, Reals, 1/100, 5]
Var[l1, Reals, 1/1000, 2]
Var[l2, Reals, 1/1000, 2]
Var[l3, Reals, 1/1000, 2]
Var[lh, Reals, 1/100000, 1/10]
Var[nn, Integers, 500, 2000]
e3 := (t^2 l1 l2 l3)^(1/3)
Step["M=3: product of balanced singular values is t", Sqrt[e3/l1] Sqrt[e3/l2] Sqrt[e3/l3] == t]
NumericStep["M=3: s_m^2 = lambdabar t^(2/3)/lambda_m", e3/l2 == (l1 l2 l3)^(1/3) t^(2/3)/l2]
(* NC2/NC3: hbar_k = t_k/(t_k^2 + N lambda_H) along w_k, so |hbar_k|^2 = t^2/(t^2+N lambda_H)^2 and
   w_k = (t^2 + N lambda_H) hbar_k; the logit is t^2/(t^2 + N lambda_H). *)
Step["NC3 scaling", (t^2 + nn lh)*(t/(t^2 + nn lh)) == t]
Step["NC2 |hbar_k|^2", (t/(t^2 + nn lh))^2 == t^2/(t^2 + nn lh)^2]

Section["Global selection: the threshold beta_M"]
(* Eliminate b/n_k between ghat(x) = 1 and ghat'(x) = 0. On the stationary branch b/n_k = s(x), so
   ghat(x) = G(u) = (1 + u + M u)/(1 + u)^2 with u = x^M, and 1 - G(u) = u (u - (M-1))/(1+u)^2.
   So ghat(x+) < 1 (the non-trivial minimum beats the collapsed value 1) iff u > M - 1; at u = M - 1
   the threshold is b/n_k = s((M-1)^(1/M)) = (M-1)^((M-1)/M)/M = beta_M (THEORY.md: confirmed). *)
Var[u, Reals, 0, 10]
Var[M, Integers, 2, 6]
Step["ghat on the stationary branch", (1/(x^M + 1) + sr[x] x /. x -> u^(1/M)) == (1 + u + M u)/(1 + u)^2]
Step["1 - ghat on the stationary branch", 1 - (1 + u + M u)/(1 + u)^2 == u*(u - (M - 1))/(1 + u)^2]
Step["threshold value s((M-1)^(1/M)) = beta_M", sr[(M - 1)^(1/M)] == (M - 1)^((M - 1)/M)/M]
(* x+ = (M-1)^(1/M) lies on the decreasing branch of s (a local minimum): M-1 > (M-1)/(M+1) for M >= 2. *)
NumericStep["x+ at the threshold is a local minimum", M - 1 > (M - 1)/(M + 1)]
(* The band: beta_M is strictly below max s = s(((M-1)/(M+1))^(1/M)), so for beta_M <= b/n_k < max s a
   non-trivial local minimum exists while 0 is the global minimiser (the transition is a jump). *)
NumericStep["beta_M < max of s", (M - 1)^((M - 1)/M)/M < sr[((M - 1)/(M + 1))^(1/M)]]
(* The same threshold by elimination with Resultant (M = 2; Symja's Resultant does not finish within
   the time limit for M >= 3, so for M = 2..6 the elimination result is checked by substitution below):
   the eliminant of the numerators of ghat(x) - 1 and ghat'(x) in x is divisible by 4 r^2 - 1, whose
   positive root is beta_2 = 1/2. *)
gm[m_, y_] := 1/(y^m + 1) + r*y
elim[m_] := Resultant[Numerator[Together[gm[m, y] - 1]], Numerator[Together[D[gm[m, y], y]]], y]
Step["Resultant M=2 has factor 4 r^2 - 1", PolynomialRemainder[elim[2], 2^2*r^2 - 1^1, r] == 0]
(* For M = 2..6: (x+, b/n_k) = ((M-1)^(1/M), beta_M) solves ghat(x) = 1 and ghat'(x) = 0 simultaneously. *)
Step["(x+, beta_M) solves ghat = 1 and ghat' = 0", {(gh[x] /. {x -> (M - 1)^(1/M), r -> (M - 1)^((M - 1)/M)/M}) == 1, (D[gh[x], x] /. {x -> (M - 1)^(1/M), r -> (M - 1)^((M - 1)/M)/M}) == 0}]
NumericStep["beta_M is the positive root of M^M r^M = (M-1)^(M-1)", M^M*((M - 1)^((M - 1)/M)/M)^M == (M - 1)^(M - 1)]

(* Claim sukenik-relu-dnc-binary: Sukenik, Mondelli & Lampert (arXiv 2305.13165, NeurIPS 2023), main theorem: in the
   deep UFM with a ReLU after every inner layer (f = (1/2N)|W_M s(W_{M-1} ... s(W_1 H)) - Y|^2 + Sum_m (lW_m/2)|W_m|^2
   + (lH/2)|H|^2, s = ReLU, no bias, n samples per class) with K = 2, every global optimum exhibits deep neural
   collapse or is the zero solution. The THEOREM is cited, not re-proved here. Derived here: what the DNC point is
   and its value, which the suite predicts and then checks by certified training.
   DNC point: class k's feature a e_k, W_1 = u [I 0], W_m = w_m [I 0] for 2 <= m <= M: every pre-activation is >= 0,
   so each ReLU is the identity on the data and the point is the linear head's balanced minimiser (P1). *)
Section["the ReLU is the identity on DNC's pre-activations"]
Var[s, Reals, 0, 10]
Var[b, Reals, -10, 0]
NumericStep["an off-diagonal pre-activation b <= 0 is cut to 0", Max[0, b] == 0]
NumericStep["a diagonal pre-activation s >= 0 passes", Max[0, s] == s]
Section["no point with DNC's class geometry is cheaper in the first layer"]
(* Any point whose first hidden layer is s I after the ReLU has pre-activation A = W_1 Hbar with diagonal s and
   off-diagonal <= 0. The cheapest factorisation of A costs Sqrt[lW_1 n lH] |A|_* (nuclear norm; not machine-checked:
   the standard variational form of the nuclear norm), and |A|_* >= |tr A| = K s. On the symmetric family
   A = (s - b) I + b 1 1^T, -s/(K-1) <= b <= 0, the bound is attained: every such A is a global choice. *)
Var[s, Reals, 0, 10]
Var[K, Integers, 2, 12]
Var[t, Reals, 0, 1]
Step["|A|_* = (K-1)(s - b) + (s + (K-1) b) = K s with b = -t s/(K-1)",
  (K - 1)*(s - (-t*s/(K - 1))) + (s + (K - 1)*(-t*s/(K - 1))) == K*s]
NumericStep["the eigenvalue s + (K-1) b of that family is >= 0 (A is PSD)", s + (K - 1)*(-t*s/(K - 1)) >= 0]
Section["balanced scales"]
(* Two factors with weights a/2 and c/2 and product p: the least cost is Sqrt[a c] p, at u^2 = Sqrt[c/a] p. *)
Var[a, Reals, 1/1000, 10]
Var[c, Reals, 1/1000, 10]
Var[p, Reals, 1/1000, 10]
Step["(a/2) u^2 + (c/2)(p/u)^2 at u^2 = Sqrt[c/a] p equals Sqrt[a c] p",
  (a/2)*(Sqrt[c/a]*p) + (c/2)*p^2/(Sqrt[c/a]*p) == Sqrt[a*c]*p]
Var[x, Reals, 1/1000, 10]
NumericStep["AM-GM: (a/2) x + (c/2) p^2/x >= Sqrt[a c] p for x > 0", (a/2)*x + (c/2)*p^2/x >= Sqrt[a*c]*p]
(* Repeating the balancing over the M+1 factors W_1, ..., W_M, Hbar (weights K lW_m/2 and K n lH/2 per unit scale)
   gives the penalty (M+1)(K/2)(n lH Prod lW)^(1/(M+1)) z^(2/(M+1)) for output z I (not machine-checked beyond the two-
   factor step: the same AM-GM applied M times). The loss is (1/2N) N (1 - z)^2 = (1 - z)^2/2. *)
Section["the DNC value is P1's scalar problem"]
Var[K, Integers, 2, 12]
Var[z, Reals, 1/1000, 1]
Var[q, Reals, 1/1000, 1]
Var[M, Integers, 2, 6]
fdnc := (1 - z)^2/2 + (M + 1)*(K/2)*q*z^(2/(M + 1))
Step["K = 2: the penalty coefficient is (M+1) q", (fdnc /. K -> 2) == (1 - z)^2/2 + (M + 1)*q*z^(2/(M + 1))]
Step["stationarity in z: -(1 - z) + K q z^((1-M)/(M+1)) = 0 at an interior optimum",
  D[fdnc, z] == -(1 - z) + K*q*z^(2/(M + 1) - 1)]
NumericStep["the origin z = 0 is always a candidate: value 1/2", (fdnc /. z -> 0) == 1/2]

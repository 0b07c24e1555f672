(* Claim p2-ce-relu-minority-collapse (P2): M_k = 0 iff hbar_k = 0 iff n_k <= (K/(K-1)) N^2 lW lH (threshold derived in
   proofs/p2-ce-relu-imbalanced.m); collapsed classes share the classifier w_k = -(a/K) sum_j Sqrt[n_j] hbar_j;
   everything collapses iff max n_k <= threshold, and then f_opt = log K. *)
Var[K, Integers, 2, 10]
Var[nk, Reals, 1, 500]
Var[nn, Integers, 500, 5000]
Var[lw, Reals, 1/10000000, 1/10000]
Var[lh, Reals, 1/10000000, 1/10000]
ck := nn*Sqrt[lw*lh*(K - 1)/(K*nk)]
phi0 := (nk/nn)*Log[1 + (K - 1)*Exp[-0]]
Step["a collapsed class contributes (n_k/N) log K", phi0 == (nk/nn)*Log[K]]
Step["all collapsed: f_opt = sum_k (n_k/N) log K = log K (K = 4 classes)", Sum[(nk/(4*nk))*Log[4], {j, 1, 4}] == Log[4]]
(* M_k grows with n_k: c_k decreases in n_k. *)
NumericStep["c_k decreases in n_k", D[ck, nk] < 0]
Var[hs, Reals, 0, 3]
Step["collapsed classifier: a (Sqrt[n_k] 0 - hs/K) = -(a/K) hs", (Sqrt[nk]*0 - hs/K) == -hs/K]
(* Lengths are not monotone: |hbar_k|^2 = M_k/(a Sqrt[n_k]) is 0 at the threshold, positive above it, and tends to 0
   as n_k grows (like log n_k / Sqrt[n_k]). Example K = 4, N = 1000, lW = lH = 1/100 (threshold (4/3) N^2 lW lH = 133.3):
   the length at n_k = 600 exceeds both n_k = 150 and n_k = 50000. *)
len[n_] := Log[3*(1/(1000*Sqrt[10^-4*3/(4*n)]) - 1)]/(Sqrt[4/3]*Sqrt[n])
Step["length rises then falls in n_k (example)", {len[150] < len[600], len[50000] < len[600]}]

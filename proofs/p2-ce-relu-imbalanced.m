(* Claim p2-ce-relu-imbalanced (P2): CE, ReLU features (H >= 0), M = 1, no bias, imbalanced.
   Per class: phi_k(m) = (n_k/N) log(1 + (K-1) e^(-m)) + m Sqrt[lW lH n_k (K-1)/K], m >= 0.
   Names: nk = n_k, nn = N, lw, lh = lambda_W, lambda_H, ck = c_k, a = Sqrt[K lH/((K-1) lW)]. *)
Var[K, Integers, 2, 10]
Var[nk, Integers, 1, 500]
Var[nn, Integers, 500, 5000]
Var[lw, Reals, 1/10000000, 1/10000]
Var[lh, Reals, 1/10000000, 1/10000]
Var[m, Reals, 0, 10]
Var[cc, Reals, 1/10, 10]
qk := Sqrt[lw*lh*nk*(K - 1)/K]
ck := nn*Sqrt[lw*lh*(K - 1)/(K*nk)]
aa := Sqrt[K*lh/((K - 1)*lw)]
phi[m_] := (nk/nn)*Log[1 + (K - 1)*Exp[-m]] + m*qk
NumericStep["phi'' > 0 (convex)", D[phi[m], {m, 2}] > 0]
Step["phi' closed form", D[phi[m], m] == qk - (nk/nn)*(K - 1)/(Exp[m] + K - 1)]
Assume[nk > (K/(K - 1))*nn^2*lw*lh]
(* The stationary point M_k = log((K-1)(1/c_k - 1)) (exists and is > 0 when n_k > (K/(K-1)) N^2 lW lH). *)
NumericStep["phi'(M_k) = 0", (D[phi[m], m] /. m -> Log[(K - 1)*(1/ck - 1)]) == 0]
NumericStep["M_k > 0 above the threshold", Log[(K - 1)*(1/ck - 1)] > 0]
(* Threshold: M_k > 0 iff (K-1)(1/c_k - 1) > 1 iff c_k < (K-1)/K; and ((K-1)/K)^2/c_k^2 = n_k/((K/(K-1)) N^2 lW lH),
   so c_k < (K-1)/K iff n_k > (K/(K-1)) N^2 lW lH. Below it phi' >= 0 on m >= 0 (convex, phi'(0) >= 0), so M_k = 0. *)
Step["(K-1)(1/c - 1) - 1 = (K-1)/c - K", (K - 1)*(1/cc - 1) - 1 == (K - 1)/cc - K]
Step["((K-1)/K)^2/c_k^2 = n_k/threshold", ((K - 1)/K)^2/ck^2 == nk/((K/(K - 1))*nn^2*lw*lh)]
(* Invariance under (lW, lH) -> (lW/c^2, c^2 lH): c_k (hence M_k) depends on lW lH only. *)
Step["c_k invariant under rescaling", (ck /. {lw -> lw/cc^2, lh -> cc^2*lh}) == ck]
(* KKT / stationarity in reduced scalar form. Class k's softmax residual is p_k - e_k = -(K/(e^M + K - 1)) P e_k.
   W-stationarity lW W = P diag(n_k K/(N (e^{M_k} + K - 1))) hbar^T holds with W = a P D^(1/2) hbar^T iff
   n_k K/(N lW (e^M + K - 1)) = a Sqrt[n_k]; at M = M_k, e^M + K - 1 = (K-1)/c_k. *)
Step["softmax residual, own class", Exp[m*(1 - 1/K)]/(Exp[m*(1 - 1/K)] + (K - 1)*Exp[-m/K]) - 1 == -(K/(Exp[m] + K - 1))*(1 - 1/K)]
Step["softmax residual, other class", Exp[-m/K]/(Exp[m*(1 - 1/K)] + (K - 1)*Exp[-m/K]) == -(K/(Exp[m] + K - 1))*(-1/K)]
NumericStep["W-stationarity coefficient equals a Sqrt[n_k]", nk*K*ck/(nn*lw*(K - 1)) == aa*Sqrt[nk]]
(* H-stationarity on the support of hbar_k: (n_k/N)(K a/(e^M+K-1)) Sqrt[n_k] (1 - 1/K) = lH n_k, i.e. a Sqrt[n_k] c_k/N = lH. *)
Step["H-stationarity on the support", aa*Sqrt[nk]*ck/nn == lh]
(* Off the support the gradient is (n_k/N)(a/(e^M+K-1)) Sqrt[n_j] hbar_j >= 0: a valid KKT multiplier for hbar_k >= 0. *)
(* Margins and lengths: |hbar_k|^2 = M_k/(a Sqrt[n_k]) gives W hbar = a P D^(1/2) diag(|hbar_k|^2) = P diag(M_k). *)
Step["logit scale a Sqrt[n_k] |hbar_k|^2 = M_k", aa*Sqrt[nk]*(m/(aa*Sqrt[nk])) == m]
(* Value: (lW/2)|W|^2 + (lH/2) sum n_k |hbar_k|^2 with tr(P diag(c) P) = (1 - 1/K) sum c_k, c_k = n_k |hbar_k|^2,
   equals sum_k M_k Sqrt[lW lH n_k (K-1)/K]: each part contributes half. *)
NumericStep["W-penalty per class", (lw/2)*aa^2*(1 - 1/K)*nk*(m/(aa*Sqrt[nk])) == m*qk/2]
NumericStep["H-penalty per class", (lh/2)*nk*(m/(aa*Sqrt[nk])) == m*qk/2]

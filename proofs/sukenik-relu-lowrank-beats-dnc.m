(* Claim sukenik-relu-lowrank-beats-dnc (CONJECTURE after Sukenik, Lampert & Mondelli, arXiv 2405.14468, NeurIPS 2024:
   deep neural collapse stops being optimal beyond two layers and two classes, because of a low-rank bias). The paper's
   own construction could not be read; what follows is this suite's own explicit competitor, the triangular-graph point
   (ncverify.theory.ReluLowRankCandidate), and its exact value. It shows DNC is NOT a global minimiser wherever
   rho = r^(M-1)/(2 K^(M-2)) < 1 and DNC's scale is non-zero; it does not claim the point is optimal.
   Model (ReLU deep UFM, MSE, no bias, n samples per class, every sample at its class mean):
   f = (1/2K) |W_M s(W_(M-1) ... s(W_1 Hbar)) - I|^2 + Sum_m (l_m/2)|W_m|^2 + (n lH/2)|Hbar|^2, s = ReLU.
   Construction: K = r(r-1)/2 classes are the pairs {i,j} of r >= 4 indices; Q (r x K) has column e_i + e_j;
   Hbar = x0 Q, W_m = x_m I_r (m = 1..M-2), W_(M-1) = x_(M-1) (Q^T - J/2), W_M = x_M I_K.
   Not machine-checked: the matrix facts (Q's column sums are 2; the representation before W_(M-1) is a non-negative
   multiple of Q, so every earlier ReLU is the identity on it). *)
Section["the last ReLU turns the rank-r representation into an orthogonal frame"]
(* Row {a,b} of Q^T - J/2 against column {i,j} of Q: the pairs share s of their indices (s = 0, 1, 2); the row has
   entries 1/2 on a, b and -1/2 elsewhere, the column 1 on i, j: s (1/2) + (2 - s)(-1/2) = s - 1. Its ReLU is 1 for the
   same pair (s = 2) and 0 otherwise: ReLU((Q^T - J/2) Q) = I_K. *)
Var[s, Integers, 0, 2]
Step["pre-activation of a pair sharing s indices", s*(1/2) + (2 - s)*(-1/2) == s - 1]
Step["the same pair: 1; one shared index: 0; disjoint: -1", {(s - 1 /. s -> 2) == 1, (s - 1 /. s -> 1) == 0, (s - 1 /. s -> 0) == -1}]
Var[r, Integers, 4, 40]
Step["squared norm of a row of Q^T - J/2", 2*(1/2)^2 + (r - 2)*(1/2)^2 == r/4]
Step["|Q|_F^2 = 2K with K = r(r-1)/2", 2*(r*(r - 1)/2) == r*(r - 1)]
Section["the point's objective: DNC's scalar problem with another coefficient"]
(* Output of class k = t e_k with t = x0 x1 ... xM. Loss (1/2K) K (1 - t)^2. Penalties with
   c0 = n lH (2K)/2, c_m = l_m r/2 (m = 1..M-2), c_(M-1) = l_(M-1) (K r/4)/2, c_M = l_M K/2 (for DNC: every c_i = l_i K/2,
   c0 = n lH K/2). Balancing the M+1 factors under x0 ... xM = t (AM-GM, as in proofs/sukenik-relu-dnc-two-layers.m):
   Sum c_i x_i^2 >= (M+1) (Prod c_i)^(1/(M+1)) t^(2/(M+1)), with equality at c_i x_i^2 all equal. *)
Var[K, Integers, 6, 60]
Var[t, Reals, 1/100, 1]
Step["loss at output t e_k", (1/(2*K))*K*(1 - t)^2 == (1 - t)^2/2]
Var[c1, Reals, 1/1000, 1]
Var[c2, Reals, 1/1000, 1]
Var[c3, Reals, 1/1000, 1]
Var[c4, Reals, 1/1000, 1]
Var[x1, Reals, 1/10, 3]
Var[x2, Reals, 1/10, 3]
Var[x3, Reals, 1/10, 3]
NumericStep["AM-GM for four factors (M = 3; the same for any M + 1)", c1*x1^2 + c2*x2^2 + c3*x3^2 + c4*(t/(x1*x2*x3))^2 >= 4*(c1*c2*c3*c4)^(1/4)*t^(1/2)]
Section["the ratio of the coefficient products is rho = r^(M-1)/(2 K^(M-2)), whatever the lambdas"]
(* Every factor carries the same lambda in both products (l_i/2 times the squared norm of its unit matrix), so the lambdas
   cancel: construction 2K . r^(M-2) . (K r/4) . K, DNC K^(M+1), both times (1/2)^(M+1) n lH Prod l_m, up to the 1/2 kept
   inside c0 as (2K)/2 and K/2 alike. *)
Var[r, Integers, 4, 12]
Var[M, Integers, 2, 10]
kk := r*(r - 1)/2
Step["coefficient ratio", (2*kk*r^(M - 2)*(kk*r/4)*kk)/kk^(M + 1) == r^(M - 1)/(2*kk^(M - 2))]
Section["where rho < 1: every r >= 4 from M = 4 on; never at M = 2 (rho = r/2) or M = 3 (rho = r/(r-1))"]
rho[r_, M_] := r^(M - 1)/(2*(r*(r - 1)/2)^(M - 2))
Step["r = 4 (K = 6): M = 2, 3, 4, 5", {rho[4, 2] == 2, rho[4, 3] == 4/3, rho[4, 4] == 8/9, rho[4, 5] == 16/27}]
Step["r = 5 (K = 10): M = 3, 4, 5", {rho[5, 3] == 5/4, rho[5, 4] == 5/8, rho[5, 5] == 5/16}]
Var[r, Integers, 4, 40]
Step["M = 2: rho = r/2 >= 2; M = 3: rho = r/(r-1) > 1", {rho[r, 2] == r/2, rho[r, 3] == r/(r - 1)}]
(* For every r >= 4: rho(r, 4) = 2r/(r-1)^2 <= 8/9, and each further layer multiplies rho by r/K = 2/(r-1) < 1. *)
Step["M = 4: rho = 2r/(r-1)^2", rho[r, 4] == 2*r/(r - 1)^2]
Var[M, Integers, 2, 30]
NumericStep["one more layer multiplies rho by r/K = 2/(r-1)", rho[r, M + 1]/rho[r, M] == 2/(r - 1)]
NumericStep["2r/(r-1)^2 < 1 and 2/(r-1) < 1 for r >= 4", {2*r/(r - 1)^2 < 1, 2/(r - 1) < 1}]
Section["rho < 1 puts the point strictly below DNC wherever DNC's scale is non-zero"]
(* Both values are min over t of phi_P(t) = (1 - t)^2/2 + (M+1) P^(1/(M+1)) t^(2/(M+1)), with P = Prod c_i (DNC) and
   rho P (the point). At DNC's minimiser t* > 0 the point's phi is strictly lower, hence so is its minimum. *)
Var[M, Integers, 2, 12]
Var[pp, Reals, 1/1000000, 1/10]
Var[rh, Reals, 1/100, 99/100]
Var[t, Reals, 1/100, 1]
NumericStep["phi_(rho P)(t) < phi_P(t) for 0 < rho < 1, t > 0", (1 - t)^2/2 + (M + 1)*(rh*pp)^(1/(M + 1))*t^(2/(M + 1)) < (1 - t)^2/2 + (M + 1)*pp^(1/(M + 1))*t^(2/(M + 1))]
(* DNC's value is P1's balanced bias-free optimum (proofs/sukenik-relu-dnc-binary.m); the point's value is the same scalar
   problem with c_M times rho^(1/(M+1)) (ncverify.theory.MseScalarProblem), and the objective evaluated at the explicit
   point equals it to round-off (ReluLowRankCandidateTest). L-BFGS lowers the point further (e.g. 0.0437961 -> 0.042346
   at K = 6, M = 4, lambda = 0.003, DNC 0.0448362), but those local minima sit on ReLU kinks with a non-zero one-sided
   gradient: the suite's smooth certificate cannot certify them, so the verdict rests on the evaluated explicit point. *)

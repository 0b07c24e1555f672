(* Claim p1-mse-balanced-bias-deep (P1): balanced MSE with an unregularised last-layer bias b.
   1. Optimal bias: for fixed W, H the loss is (1/2N) |W H + b 1^T - Y|^2, a strictly convex quadratic in b;
      coordinate j with logits z_i and targets y_i: (1/2N) sum_i (z_i + b - y_i)^2, minimised at
      b = mean(y) - mean(z) = n_j/N - (W hbar_G)_j.  Balanced: n_j/N = 1/K, so b = 1/K 1 - W hbar_G.
      Checked with 6 samples (the argument is the same for any N). *)
Var[z1, Reals, -3, 3]
Var[z2, Reals, -3, 3]
Var[z3, Reals, -3, 3]
Var[z4, Reals, -3, 3]
Var[z5, Reals, -3, 3]
Var[z6, Reals, -3, 3]
Var[bj, Reals, -3, 3]
zs := {z1, z2, z3, z4, z5, z6}
ys := {1, 0, 0, 1, 0, 0}
loss[c_] := Total[(zs + c - ys)^2]/(2*6)
Step["stationarity in b at b = n_j/N - mean(z)", (D[loss[bj], bj] /. bj -> 2/6 - Total[zs]/6) == 0]
Step["strict convexity in b", D[loss[bj], {bj, 2}] == 1]
(* 2. With b optimal the residual is the centred one: target columns e_k - 1/K 1 = P e_k, and the
      loss becomes (1/2N) |W hbar D^(1/2) - sqrt(n) P|^2 after the global mean is removed (the optimum has
      hbar_G = 0, since the mean only costs regularisation). sqrt(n) P has K-1 singular values sqrt(n) and one 0
      (proofs/common-etf-frame.m), so each of the K-1 modes solves the balanced scalar problem of
      proofs/p1-mse-balanced-deep.m and the null mode contributes 0. *)
Var[K, Integers, 2, 10]
pk[k_] := IdentityMatrix[k] - ConstantArray[1/k, {k, k}]
Step["centred targets: e_k - 1/K 1 = P e_k (K = 2..8, all k)", Sum[Total[Abs[UnitVector[k, j] - ConstantArray[1/k, k] - pk[k].UnitVector[k, j]]], {k, 2, 8}, {j, 1, k}] == 0]
(* Optimal value: K-1 modes each weighted n/(2N): f_opt = ((K-1)/(2K)) ghat(x). *)
Var[n, Integers, 1, 500]
Step["mode weights sum to (K-1)/(2K)", Sum[n/(2*K*n), {k, 1, K - 1}] == (K - 1)/(2*K)]
(* 3. M = 1 closed form: each mode has t^2 = Sqrt[n lambda_H/lambda_W] - N lambda_H with N = K n, so
      W W^T = Sqrt[n lambda_H/lambda_W] (1 - K Sqrt[n lambda_W lambda_H]) P. *)
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
NumericStep["M=1: W W^T coefficient", Sqrt[n*lh/lw] - K*n*lh == Sqrt[n*lh/lw]*(1 - K*Sqrt[n*lw*lh])]
(* NC3 with bias: hbar = t/(t^2 + N lambda_H) along w, so W = (t^2 + N lambda_H) hbar^T and
   W hbar = t^2/(t^2 + N lambda_H) P; at M = 1, t^2 + N lambda_H = Sqrt[n lambda_H/lambda_W]. *)
Step["M=1: t^2 + N lambda_H = Sqrt[n lH/lW]", (Sqrt[n*lh/lw] - K*n*lh) + K*n*lh == Sqrt[n*lh/lw]]

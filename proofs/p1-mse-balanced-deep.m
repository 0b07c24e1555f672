(* Claim p1-mse-balanced-deep (P1): balanced classes n_k = n, N = K n, MSE, no bias, depth M.
   The imbalanced reduction (proofs/p1-mse-imbalanced-deep.m) applies with every class sharing the same
   scalar problem ghat(x) = 1/(x^M+1) + (b/n) x, so all x_k, t_k agree: W W^T = t^2 I (orthogonal frame),
   hbar^T hbar proportional to I, W proportional to hbar^T.
   Names: n = class size, K = classes, lh = lambda_H, lw = lambda_W, pl = prod_m lambda_{W_m}. *)
Var[n, Integers, 1, 500]
Var[K, Integers, 2, 10]
Var[M, Integers, 1, 6]
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
Var[pl, Reals, 1/100000, 1]
bb := M*(K*n)*((K*n)*lh*pl)^(1/M)
(* With N = K n the per-class coefficient is b/n = M K (K n lambda_H prod lambda)^(1/M), the same for all k. *)
Step["b/n for balanced classes", bb/n == M*K*(K*n*lh*pl)^(1/M)]
(* Optimal value: every class contributes (n/2N) ghat(x) and sum_k n/(2N) = 1/2. *)
Step["class weights sum to 1/2", Sum[n/(2*K*n), {k, 1, K}] == 1/2]
(* M = 1: b/n = K^2 n lambda_H lambda_W and beta_1 = 1, so the solution is non-trivial iff
   K^2 n lambda_W lambda_H < 1, i.e. K Sqrt[n lambda_W lambda_H] < 1 (both sides positive). *)
Step["M=1: b/n = K^2 n lambda_W lambda_H", (bb/n /. {M -> 1, pl -> lw}) == K^2*n*lh*lw]
Step["M=1: K^2 n lW lH = (K Sqrt[n lW lH])^2", K^2*n*lh*lw == (K*Sqrt[n*lw*lh])^2]
(* M = 1 closed form t^2 = Sqrt[n lambda_H/lambda_W] - N lambda_H with N = K n. *)
NumericStep["M=1: t^2 = Sqrt[n lH/lW] (1 - K Sqrt[n lW lH])", Sqrt[n*lh/lw] - K*n*lh == Sqrt[n*lh/lw]*(1 - K*Sqrt[n*lw*lh])]

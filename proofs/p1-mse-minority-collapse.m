(* Claim p1-mse-minority-collapse (P1): with the global selection of proofs/p1-mse-imbalanced-deep.m,
   class k collapses (w_k = 0, hbar_k = 0) iff b/n_k >= beta_M, i.e. n_k <= b/beta_M: always the smallest classes.
   Names: nk = n_k, nn = N, r = b/n_k, lh, lw = lambda_H, lambda_W, pl = prod lambda_{W_m}. *)
Var[nk, Integers, 1, 500]
Var[nn, Integers, 500, 5000]
Var[M, Integers, 1, 6]
Var[lh, Reals, 1/100000, 1/100]
Var[pl, Reals, 1/100000, 1/10]
bb := M*nn*(nn*lh*pl)^(1/M)
betam := (M - 1)^((M - 1)/M)/M
(* b/n_k >= beta_M  <=>  n_k <= b/beta_M, because n_k (b/n_k) = b and all quantities are positive. *)
Step["n_k (b/n_k) = b", nk*(bb/nk) == bb]
NumericStep["b/n_k decreases in n_k (smaller classes are closer to collapse)", D[bb/nk, nk] < 0]
(* M = 1: b = N^2 lambda_W lambda_H and beta_1 = 1 (read as the limit; checked below), so class k is non-zero iff n_k > N^2 lambda_W lambda_H. *)
Var[lw, Reals, 1/100000, 1/100]
Step["M=1: b = N^2 lW lH", (bb /. {M -> 1, pl -> lw}) == nn^2*lw*lh]
(* beta_M at M = 1 reads 0^0/1; the M = 1 threshold is the supremum of s(x) = 1/(x+1)^2 on x >= 0, attained at 0. *)
Step["M=1: threshold s(0) = 1", (1/(x + 1)^2 /. x -> 0) == 1]
(* t_k grows with n_k: on the local-minimum branch x solves r = s(x) with s' < 0 there, so dx/dr = 1/s'(x) < 0
   and r = b/n_k falls as n_k grows. At M = 1 explicitly: t^2 = Sqrt[n_k lambda_H/lambda_W] - N lambda_H. *)
Var[n, Reals, 1, 5000]
NumericStep["M=1: t^2 increases with n_k", D[Sqrt[n*lh/lw] - nn*lh, n] > 0]
(* |hbar_k| is NOT monotone in n_k (M = 1): |hbar|^2 = Sqrt[lambda_W/(n lambda_H)] - N lambda_W/n has its maximum at
   n = 4 N^2 lambda_W lambda_H, four times the collapse threshold: it rises on (N^2 lW lH, 4 N^2 lW lH) and falls after. *)
h2[n_] := Sqrt[lw/(n*lh)] - nn*lw/n
NumericStep["M=1: d|hbar|^2/dn = 0 at n = 4 N^2 lW lH", (D[h2[n], n] /. n -> 4*nn^2*lw*lh) == 0]
NumericStep["M=1: d|hbar|^2/dn closed form", D[h2[n], n] == (nn*lw - Sqrt[lw/lh]*Sqrt[n]/2)/n^2]

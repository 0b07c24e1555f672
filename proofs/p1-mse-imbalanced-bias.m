(* Claim p1-mse-imbalanced-bias (P1, THEORY.md section 6): imbalanced MSE with an unregularised last-layer bias.
   For fixed W, H coordinate j of the loss is (1/2N) sum_i (z_i + b_j - y_i)^2 with y_i = 1 for the n_j samples of
   class j: strictly convex in b_j, minimised at b_j = n_j/N - mean(z) = n_j/N - (W hbar_G)_j, with the
   sample-weighted global mean hbar_G = hbar n/N. Checked with N = 6 samples, class sizes (3, 2, 1). *)
Var[z1, Reals, -3, 3]
Var[z2, Reals, -3, 3]
Var[z3, Reals, -3, 3]
Var[z4, Reals, -3, 3]
Var[z5, Reals, -3, 3]
Var[z6, Reals, -3, 3]
Var[bj, Reals, -3, 3]
zs := {z1, z2, z3, z4, z5, z6}
loss[c_, ys_] := Total[(zs + c - ys)^2]/(2*6)
Step["class 1 (n = 3): b = 3/6 - mean z", (D[loss[bj, {1, 1, 1, 0, 0, 0}], bj] /. bj -> 3/6 - Total[zs]/6) == 0]
Step["class 2 (n = 2): b = 2/6 - mean z", (D[loss[bj, {0, 0, 0, 1, 1, 0}], bj] /. bj -> 2/6 - Total[zs]/6) == 0]
Step["class 3 (n = 1): b = 1/6 - mean z", (D[loss[bj, {0, 0, 0, 0, 0, 1}], bj] /. bj -> 1/6 - Total[zs]/6) == 0]
Step["strictly convex in b", D[loss[bj, {1, 1, 1, 0, 0, 0}], {bj, 2}] == 1]
(* mean of the logits = W applied to the sample-weighted mean: (1/N) sum_k n_k (W hbar_k) with n = (3, 2, 1). *)
Var[u1, Reals, -3, 3]
Var[u2, Reals, -3, 3]
Var[u3, Reals, -3, 3]
Step["mean logit = logit of hbar_G", Total[{u1, u1, u1, u2, u2, u3}]/6 == (3*u1 + 2*u2 + 1*u3)/6]

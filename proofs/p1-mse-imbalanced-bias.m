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

Section["Ties: the tied optimal set is a continuum (issue 11; theory.ModeTieSet)"]
(* With Z = W G and loss |Z - T|^2/(2N) + c_M sum sigma_i(Z)^(2/(M+1)), von Neumann's trace
   inequality <Z, T> <= sum sigma_i(Z) sigma_i(T) is tight exactly when Z and T have a simultaneous
   ordered SVD. Inside a block of equal singular values sigma_b of T (equal counts; all K-1 when
   balanced, T = Sqrt[n] P) the pairs (U_b R, V_b R) are singular pairs of T for every orthogonal R,
   so a minimiser takes there z_b U_b^T Pi V_b with Pi ANY rank-r_b projection, and its value is
   r_b phi(z_b) + (m_b - r_b) phi(0). At a mode's threshold (phi(z_b) = phi(0)) every r_b ties, and
   the optimal set is the continuum over all subspaces and tied ranks (under the rank limit). The
   verifier accepts a point whose Z lies within the conditioning bound of the nearest member (top
   eigenvectors of the symmetric part of U_b Z V_b^T), after certifying that member on the
   objective (TieSetTest). Checked for balanced K = 3 (T = Sqrt[n] P): two rank-1 projections of
   different orientation and the rank-2 one give (r (z - Sqrt[n])^2 + (K-1-r) n)/(2N) alike. *)
Var[z, Reals, 0, 5]
Var[n, Integers, 1, 50]
tb := Sqrt[n]*(IdentityMatrix[3] - ConstantArray[1/3, {3, 3}])
sq[a_] := Tr[Transpose[a].a]
pa := {{1, -1, 0}, {-1, 1, 0}, {0, 0, 0}}/2
pb := {{1, 1, -2}, {1, 1, -2}, {-2, -2, 4}}/6
Step["rank-1 Pi along (1, -1, 0): (z - Sqrt[n])^2 + n", sq[z*pa - tb] == (z - Sqrt[n])^2 + n]
Step["rank-1 Pi along (1, 1, -2): the same (rotation inside the block)", sq[z*pb - tb] == (z - Sqrt[n])^2 + n]
Step["rank 2: 2 (z - Sqrt[n])^2", sq[z*(pa + pb) - tb] == 2*(z - Sqrt[n])^2]
Step["the two rank-1 projections are projections", sq[pa.pa - pa] + sq[pb.pb - pb] + sq[pa.pb] == 0]

(* Gram identities of the simplex ETF shape P = I_K - 11^T/K and of an orthogonal frame.
   Symbolic in K via the entry formula P_ij = delta_ij - 1/K (diagonal entries 1 - 1/K, off-diagonal -1/K),
   and explicitly with exact matrices for K = 2..8 (Symja is slow on symbolic 4x4+ eigenproblems, so the
   eigen-structure is checked through eigenvectors, not characteristic polynomials). *)

Section["Entry formulas, symbolic K"]
Var[K, Integers, 2, 50]
(* (P^2)_ii = (1-1/K)^2 + (K-1)/K^2 and (P^2)_ij = 2 (1-1/K)(-1/K) + (K-2)/K^2 for i != j. *)
Step["P^2 = P on the diagonal", (1 - 1/K)^2 + (K - 1)*(1/K^2) == 1 - 1/K]
Step["P^2 = P off the diagonal", 2*(1 - 1/K)*(-1/K) + (K - 2)*(1/K^2) == -1/K]
Step["tr P = K - 1", K*(1 - 1/K) == K - 1]
Step["|P|_F^2 = K - 1", K*(1 - 1/K)^2 + K*(K - 1)*(1/K^2) == K - 1]
Step["P 1 = 0 (row sum)", (1 - 1/K) + (K - 1)*(-1/K) == 0]
(* Eigen-structure: for v with sum v = 0, (P v)_i = v_i - (1/K) sum_j v_j = v_i (eigenvalue 1, a (K-1)-dimensional
   space), and P 1 = 0 (eigenvalue 0). So |P|_* = K - 1 and |P|_F = Sqrt[K - 1]; P is the orthogonal projection
   onto the complement of 1, and sqrt(n) P has K - 1 equal singular values sqrt(n). *)
Var[v, Reals, -3, 3]
Step["P v = v when sum v = 0 (entry i, with v_i = v and the others summing to -v)", v - (1/K)*(v + (-v)) == v]

Section["Explicit matrices K = 2..8"]
pm[k_] := IdentityMatrix[k] - ConstantArray[1/k, {k, k}]
dev[m_] := Total[Flatten[Abs[m]]]
Step["P.P = P for K = 2..8", Sum[dev[pm[k].pm[k] - pm[k]], {k, 2, 8}] == 0]
Step["tr P = K - 1 for K = 2..8", Sum[Abs[Tr[pm[k]] - (k - 1)], {k, 2, 8}] == 0]
Step["|P|_F^2 = K - 1 for K = 2..8", Sum[Abs[Total[Flatten[pm[k]^2]] - (k - 1)], {k, 2, 8}] == 0]
Step["P 1 = 0 for K = 2..8", Sum[dev[pm[k].ConstantArray[1, k]], {k, 2, 8}] == 0]
Step["P = P^T for K = 2..8", Sum[dev[pm[k] - Transpose[pm[k]]], {k, 2, 8}] == 0]
(* e_1 - e_j (j = 2..K) are K-1 independent eigenvectors of eigenvalue 1; with 1 (eigenvalue 0) they span R^K. *)
Step["P (e_1 - e_j) = e_1 - e_j for K = 2..8", Sum[dev[pm[k].(UnitVector[k, 1] - UnitVector[k, j]) - (UnitVector[k, 1] - UnitVector[k, j])], {k, 2, 8}, {j, 2, k}] == 0]

Section["Orthogonal frame"]
(* An orthogonal frame with lengths t_k has Gram diag(t_k^2); for K = 2..8, W = diag(t) Q with Q orthogonal
   (a permutation here) gives W W^T = diag(t^2). *)
Var[t, Reals, 1/10, 3]
qm[k_] := Table[If[Mod[i + 1, k] + 1 == j, 1, 0], {i, 1, k}, {j, 1, k}]
Step["Q Q^T = I for a cyclic permutation, K = 2..8", Sum[dev[qm[k].Transpose[qm[k]] - IdentityMatrix[k]], {k, 2, 8}] == 0]
Step["(t Q)(t Q)^T = t^2 I, K = 4", dev[(t*qm[4]).Transpose[t*qm[4]] - t^2*IdentityMatrix[4]] == 0]

(* Issue 13, item 8 (checked by SeliLimitTest, not a catalogue claim): Thrampoulidis, Kini,
   Vakilian & Behnia 2022 ("Imbalance trouble"), SELI geometry. CE UFM, M = 1, no bias, counts n_k,
   D = diag(n_k), P = I - 11^T/K. Derivation: the reduced problem is min L(Y) + mu |Y|_*,
   Y = W hbar D^(1/2), mu = Sqrt[lW lH] (ce-imbalanced-logit-convex). As mu -> 0 the direction of Y
   tends to the min-nuclear-norm point with every sample margin >= 1 (regularisation path of a
   separable, exponentially tailed loss; cited, not machine-checked), and by their main theorem (numbered
   Theorem 1 from memory: only the abstract was reachable to confirm it; the abstract states that
   for the CE UFM with vanishing regularisation the embeddings and classifiers interpolate the
   simplex-encoded label matrix, with geometry given by its SVD factors) the
   sample logits of that point are the simplex-encoded labels e_y - 1/K: class logits P, so
   Y ~ P D^(1/2) and, with balanced factors (W W^T = Sqrt[lH/lW] (Y Y^T)^(1/2)),
   W W^T / |W W^T|_F -> (P D P)^(1/2) / |(P D P)^(1/2)|_F.
   Below: the SEL columns have margin exactly 1, (P D^(1/2))(P D^(1/2))^T = P D P, and balanced data
   give back the ETF ((P n P)^(1/2) = Sqrt[n] P). *)

Section["SEL logits have unit margins, K = 3"]
Var[K, Integers, 2, 20]
Step["margin of e_y - 1/K: (1 - 1/K) - (-1/K) = 1", (1 - 1/K) - (-1/K) == 1]

Section["Y Y^T = P D P for Y = P D^(1/2), explicit K = 3"]
Var[n1, Integers, 1, 50]
Var[n2, Integers, 1, 50]
Var[n3, Integers, 1, 50]
pm := IdentityMatrix[3] - ConstantArray[1/3, {3, 3}]
dd := DiagonalMatrix[{n1, n2, n3}]
ys := pm.DiagonalMatrix[{Sqrt[n1], Sqrt[n2], Sqrt[n3]}]
Step["(P D^(1/2))(P D^(1/2))^T = P D P", Total[Abs[Expand[ys.Transpose[ys] - pm.dd.pm]], 2] == 0]

Section["Balanced data: the SELI Gram is the simplex ETF"]
Var[n, Integers, 1, 50]
pb := IdentityMatrix[3] - ConstantArray[1/3, {3, 3}]
Step["(Sqrt[n] P)^2 = P (n I) P", Total[Abs[Expand[(Sqrt[n]*pb).(Sqrt[n]*pb) - pb.(n*IdentityMatrix[3]).pb]], 2] == 0]

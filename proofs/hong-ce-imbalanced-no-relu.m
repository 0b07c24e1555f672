(* Claim hong-ce-imbalanced-no-relu (Hong & Ling 2023): CE, M = 1, no ReLU, imbalanced. The reduction to logit
   matrices rests on the balanced factorisation identity: min over W hbar = Zbar of
   (1/2)(lW |W|^2 + lH |hbar D^(1/2)|^2) = Sqrt[lW lH] |Zbar D^(1/2)|_*.  Stated here in scalar/diagonal form
   (one singular direction, class weight n): (1/2)(lW w^2 + lH n h^2) >= Sqrt[lW lH] Sqrt[n] |w h|, equality when
   lW w^2 = lH n h^2. The full matrix statement and the failure of NC2/NC3 are not derived here. *)
Var[w, Reals, -3, 3]
Var[h, Reals, -3, 3]
Var[n, Integers, 1, 500]
Var[lw, Reals, 1/10000, 1]
Var[lh, Reals, 1/10000, 1]
Var[z, Reals, 1/100, 5]
NumericStep["scalar bound", (lw*w^2 + lh*n*h^2)/2 >= Sqrt[lw*lh]*Sqrt[n]*Sqrt[(w*h)^2]]
(* Balanced point for z = w h Sqrt[n]: w^2 = z Sqrt[lH/lW], h^2 n = z Sqrt[lW/lH]. *)
Step["balanced point has product z", Sqrt[z*Sqrt[lh/lw]]*Sqrt[z*Sqrt[lw/lh]] == z]
NumericStep["equality at the balanced point", (lw*z*Sqrt[lh/lw] + lh*z*Sqrt[lw/lh])/2 == Sqrt[lw*lh]*z]
(* Diagonal form: for Zbar D^(1/2) = diag(z_1, z_2, z_3), the nuclear norm is sum |z_k| and the bound adds up. *)
Var[z1, Reals, -3, 3]
Var[z2, Reals, -3, 3]
NumericStep["nuclear norm of a diagonal 2x2 = |z1| + |z2|", Total[Sqrt[Eigenvalues[{{z1^2, 0}, {0, z2^2}}]]] == Abs[z1] + Abs[z2]]

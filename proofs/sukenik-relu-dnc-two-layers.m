(* Claim sukenik-relu-dnc-two-layers (CONJECTURE after Sukenik, Mondelli & Lampert, arXiv 2405.14468): with two
   layers, f = (1/2N)|W_2 s(W_1 H) - Y|^2 + (l1/2)|W_1|^2 + (l2/2)|W_2|^2 + (lH/2)|H|^2, s = ReLU, no bias, n samples
   per class and any K, every global optimum is deep neural collapse or the zero solution. The CONJECTURE is judged
   by search. Derived here for M = 2 (the general-M derivation is proofs/sukenik-relu-dnc-binary.m): the DNC point
   H = a [I; 0], W_1 = u [I 0], W_2 = w [I 0] has pre-activations u a I >= 0, output z I with z = w u a. *)
Section["M = 2: the DNC point's objective"]
Var[K, Integers, 2, 8]
Var[n, Integers, 1, 40]
Var[a, Reals, 1/100, 3]
Var[u, Reals, 1/100, 3]
Var[w, Reals, 1/100, 3]
Var[l1, Reals, 1/10000, 1/10]
Var[l2, Reals, 1/10000, 1/10]
Var[lH, Reals, 1/10000, 1/10]
(* K classes, n samples each (N = K n): loss (1/2N) N (1 - z)^2, penalties on K unit entries per matrix. *)
Step["objective at the DNC point", (1/(2*K*n))*K*n*(1 - w*u*a)^2 + (l1/2)*K*u^2 + (l2/2)*K*w^2 + (lH/2)*K*n*a^2
  == (1 - w*u*a)^2/2 + (K/2)*(l1*u^2 + l2*w^2 + n*lH*a^2)]
Section["M = 2: balancing the three factors"]
Var[K, Integers, 2, 8]
Var[c1, Reals, 1/1000, 1]
Var[c2, Reals, 1/1000, 1]
Var[c3, Reals, 1/1000, 1]
Var[x1, Reals, 1/100, 3]
Var[x2, Reals, 1/100, 3]
Var[z, Reals, 1/1000, 1]
(* AM-GM over three factors with product z: c1 x1^2 + c2 x2^2 + c3 (z/(x1 x2))^2 >= 3 (c1 c2 c3)^(1/3) z^(2/3). *)
NumericStep["AM-GM for three factors", c1*x1^2 + c2*x2^2 + c3*(z/(x1*x2))^2 >= 3*(c1*c2*c3)^(1/3)*z^(2/3)]
Var[q, Reals, 1/1000, 1]
NumericStep["with c_i = (K/2) lambda_i: the penalty (3K/2) q z^(2/3), q = (n lH l1 l2)^(1/3)",
  3*((K/2)^3*q^3)^(1/3)*z^(2/3) == (3*K/2)*q*z^(2/3)]
Section["the scalar problem"]
Var[K, Integers, 2, 8]
Var[q, Reals, 1/1000, 1]
Var[z, Reals, 1/1000, 1]
Step["stationarity: -(1 - z) + K q z^(-1/3) = 0 at an interior optimum",
  D[(1 - z)^2/2 + (3*K/2)*q*z^(2/3), z] == -(1 - z) + K*q*z^(-1/3)]
(* The global choice compares the interior root with z = 0 (value 1/2), as for the linear head (P1). *)

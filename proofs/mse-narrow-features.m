(* Claim mse-narrow-features (issue 13, item 3): deep linear UFM, MSE, no bias, free features,
   rank r = min(d, d_1, ..., d_{M-1}) < K. Derivation (this suite's):
   P1's reduction (NC1, balanced factorisation; see p1-mse-imbalanced-deep.m) gives
     f = |Z - T|^2/(2N) + c_M sum_i sigma_i(Z)^(2/(M+1)),  T = D^(1/2) = diag(Sqrt[n_k]),
   now with rank(Z) <= r (Z = W_M ... W_1 hbar D^(1/2) passes through every width).
   Mirsky: for rank(Z) <= r with singular values z_1 >= ... >= z_r and sigma_(1) >= ... of T,
     |Z - T|^2 >= sum_{i<=r} (z_i - sigma_(i))^2 + sum_{i>r} sigma_(i)^2,
   so f >= sum_k n_k/(2N) - sum_{i<=r} gain(sigma_(i)) with gain(s) = s^2/(2N) - min_z phi_s(z).
   gain is >= 0 (z = 0 is allowed) and non-decreasing in s, so the bound is smallest with the r
   largest classes, and it is attained by Z = sum_{kept} z_k e_k e_k^T (P1's per-class solution on
   the kept classes, the other classes collapsed). Mirsky's inequality itself is cited, not
   machine-checked; below: its r = 1, K = 2 case, and the monotonicity of the gain. *)

Section["Mirsky's bound, rank 1 against diag(s1, s2), s1 >= s2 >= 0"]
(* Z = z u v^T with unit u = (Cos[a], Sin[a]), v = (Cos[b], Sin[b]), z >= 0. *)
Var[z, Reals, 0, 5]
Var[a, Reals, -4, 4]
Var[b, Reals, -4, 4]
Var[s1, Reals, 0, 5]
Var[s2, Reals, 0, 5]
Assume[s1 >= s2]
res := (z*Cos[a]*Cos[b] - s1)^2 + (z*Cos[a]*Sin[b])^2 + (z*Sin[a]*Cos[b])^2 + (z*Sin[a]*Sin[b] - s2)^2
NumericStep["|z u v^T - T|^2 >= (z - s1)^2 + s2^2", res >= (z - s1)^2 + s2^2]
Step["the gap is 2 z (s1 - s1 cos a cos b - s2 sin a sin b)", res - ((z - s1)^2 + s2^2) == 2*z*(s1 - s1*Cos[a]*Cos[b] - s2*Sin[a]*Sin[b])]

Section["The gain is non-decreasing in sigma (every M)"]
(* For each fixed z >= 0: s^2/(2N) - phi_s(z) = (2 z s - z^2)/(2N) - c z^(2/(M+1)) has derivative
   z/N >= 0 in s; a maximum over z of non-decreasing functions is non-decreasing. *)
Var[s, Reals, 0, 10]
Var[z, Reals, 0, 10]
Var[nn, Integers, 2, 500]
Var[cm, Reals, 1/10000, 1]
Var[M, Integers, 1, 6]
phi[s_, z_] := (z - s)^2/(2*nn) + cm*z^(2/(M + 1))
Step["d/ds [s^2/(2N) - phi_s(z)] = z/N", D[s^2/(2*nn) - phi[s, z], s] == z/nn]
NumericStep["gain at z = 0 is 0: the collapsed choice is always available", s^2/(2*nn) - phi[s, 0] == 0]

Section["M = 1 closed form of the gain"]
(* M = 1: phi_s(z) = (z - s)^2/(2N) + c z, minimiser z = s - c N when s > c N (else 0), so
   gain(s) = (s - c N)^2/(2N) for s > c N: strictly increasing there, 0 below. *)
Var[nn, Integers, 2, 500]
Var[cc, Reals, 1/10000, 1/100]
Var[s, Reals, 0, 10]
Assume[s > cc*nn]
ph1[z_] := (z - s)^2/(2*nn) + cc*z
Step["stationary point z = s - c N", (D[ph1[z], z] /. z -> s - cc*nn) == 0]
Step["gain(s) = (s - c N)^2/(2N)", s^2/(2*nn) - ph1[s - cc*nn] == (s - cc*nn)^2/(2*nn)]
Var[t, Reals, 0, 10]
Assume[t > s]
NumericStep["larger class, larger gain (M = 1)", (t - cc*nn)^2/(2*nn) > (s - cc*nn)^2/(2*nn)]

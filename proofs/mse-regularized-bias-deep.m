(* Claim mse-regularized-bias-deep (issue 13, item 2, M >= 2): balanced MSE, regularised bias,
   deep linear head. With Z = Sqrt[n] W hbar and the bias eliminated exactly as in
   mse-regularized-bias.m (that elimination does not depend on M), the loss is
   |(Z - Sqrt[n] I) Q|^2/(2N), Q = P + q u u^T, q^2 = lB/(1 + lB), and the penalty is P1's
   c_M sum_i sigma_i(Z)^(2/(M+1)) (balanced factorisation). The symmetric point
   Z = zP P + zu u u^T then separates into (K-1) phi(zP; Sqrt[n], c_M) + q^2 phi(zu; Sqrt[n], c_M/q^2).
   PROVED part (the ETF, mean mode dead): with X = Z Q, sigma_i(Z) = sigma_i(X Q^-1) >= sigma_i(X)
   because Q^-1 has singular values 1 and 1/q >= 1, so f >= |X - Sqrt[n] Q|^2/(2N) + pen(X) >=
   (K-1) phi*(Sqrt[n]; c_M) + phi*(q Sqrt[n]; c_M) (von Neumann). If the last problem is solved by
   0 its value is q^2 n/(2N), exactly the ETF's mean-mode value: the ETF is then globally optimal.
   CONJECTURED part: elsewhere the symmetric point is only a stationary candidate (a Schatten
   quasi-norm, M >= 2, can prefer non-symmetric low-rank points; cf. p1-ce-balanced-deep). *)

Section["The scaled mean mode is P1's scalar problem with penalty c/q^2 (any M)"]
Var[z, Reals, 0, 5]
Var[n, Integers, 1, 50]
Var[K, Integers, 2, 10]
Var[cm, Reals, 1/10000, 1]
Var[lb, Reals, 1/1000, 100]
Var[M, Integers, 2, 4]
qsq := lb/(1 + lb)
phi[s_, c_, z_] := (z - Sqrt[n])^2/(2*n*K) + c*z^(2/(M + 1))
Step["q^2 (z - Sqrt[n])^2/(2N) + c z^p = q^2 phi(z; Sqrt[n], c/q^2)", qsq*(z - Sqrt[n])^2/(2*n*K) + cm*z^(2/(M + 1)) == qsq*phi[Sqrt[n], cm/qsq, z]]
NumericStep["1/q >= 1: Q^-1 does not shrink singular values", 1/Sqrt[qsq] >= 1]

Section["The bound's mean mode at 0 equals the ETF's mean-mode value"]
Var[n, Integers, 1, 50]
Var[K, Integers, 2, 10]
Var[lb, Reals, 1/1000, 100]
Step["phi(0; q Sqrt[n]) = q^2 n/(2N)", (0 - Sqrt[lb/(1 + lb)]*Sqrt[n])^2/(2*n*K) == (lb/(1 + lb))*(0 - Sqrt[n])^2/(2*n*K)]

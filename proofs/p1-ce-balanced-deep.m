(* Claim p1-ce-balanced-deep (P1): CE, balanced, depth M. On the ETF W hbar = rho P the penalty is, by the factorisation
   bound with Z = W hbar Sqrt[n] (K-1 singular values rho Sqrt[n]): c_M (K-1) (rho Sqrt[n])^(2/(M+1)), which equals
   (K-1) c'_M rho^(2/(M+1)) with c'_M = ((M+1)/2)(n lH prod lW)^(1/(M+1)) as THEORY.md states.
   Whether the ETF is the GLOBAL minimiser for M >= 2 is not established here (see the non-convexity below). *)
Var[K, Integers, 2, 10]
Var[M, Integers, 1, 6]
Var[rho, Reals, 1/1000, 10]
Var[n, Integers, 1, 500]
Var[lh, Reals, 1/100000, 1/10]
Var[pl, Reals, 1/100000, 1/10]
cm := ((M + 1)/2)*(lh*pl)^(1/(M + 1))
cpm := ((M + 1)/2)*(n*lh*pl)^(1/(M + 1))
NumericStep["penalty on the ETF: c_M (K-1)(rho Sqrt[n])^(2/(M+1)) = (K-1) c'_M rho^(2/(M+1))", cm*(K - 1)*(rho*Sqrt[n])^(2/(M + 1)) == (K - 1)*cpm*rho^(2/(M + 1))]
gd[rho_] := Log[1 + (K - 1)*Exp[-rho]] + (K - 1)*cpm*rho^(2/(M + 1))
(* Stationarity: G'(rho) = -(K-1)/(e^rho + K - 1) + (K-1) c'_M (2/(M+1)) rho^((1-M)/(M+1)). *)
Step["G' closed form", D[gd[rho], rho] == -(K - 1)/(Exp[rho] + K - 1) + (K - 1)*cpm*(2/(M + 1))*rho^((1 - M)/(M + 1))]
Step["M=1 reduces to Zhu et al.: c'_1 = Sqrt[n lH lW]", (cpm /. M -> 1) == Sqrt[n*lh*pl]]
(* Non-convexity for M >= 2: the CE part has second derivative (K-1) e^rho/(e^rho + K - 1)^2 <= (K-1)/(4 (K-1)) = 1/4
   (AM-GM: (e^rho + K - 1)^2 >= 4 (K-1) e^rho), while the penalty rho^(2/(M+1)) has second derivative
   (2/(M+1))((1-M)/(M+1)) rho^(2/(M+1)-2) < 0, unbounded below as rho -> 0+. So G'' < 0 near 0 and G is not convex. *)
Step["CE part second derivative", D[Log[1 + (K - 1)*Exp[-rho]], {rho, 2}] == (K - 1)*Exp[rho]/(Exp[rho] + K - 1)^2]
NumericStep["CE part second derivative <= 1/4", (K - 1)*Exp[rho]/(Exp[rho] + K - 1)^2 <= 1/4]
Step["penalty second derivative", D[rho^(2/(M + 1)), {rho, 2}] == (2/(M + 1))*((1 - M)/(M + 1))*rho^(2/(M + 1) - 2)]
Var[M, Integers, 2, 6]
NumericStep["penalty is concave for M >= 2", (2/(M + 1))*((1 - M)/(M + 1))*rho^(2/(M + 1) - 2) < 0]
Step["G(0) = log K", (Log[1 + (K - 1)*Exp[-rho]] /. rho -> 0) == Log[K]]

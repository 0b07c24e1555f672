(* Claim zhu-ce-balanced-ufm (Zhu et al. 2021): CE, balanced, M = 1, no bias. On the simplex ETF W hbar = rho P,
   every sample's CE is log(1 + (K-1) e^(-rho)) (logit rho(1-1/K) for its class, -rho/K otherwise) and the minimal
   penalty is Sqrt[n lW lH] |rho P|_* = (K-1) Sqrt[n lW lH] rho, so G(rho) = log(1 + (K-1) e^(-rho)) + (K-1) s rho
   with s = Sqrt[n lambda_W lambda_H]. *)
Var[K, Integers, 2, 10]
Var[rho, Reals, 0, 10]
Var[sq, Reals, 1/10000, 1/10]
Var[n, Integers, 1, 500]
Var[lh, Reals, 1/100000, 1/10]
Var[lw, Reals, 1/100000, 1/10]
Assume[K*sq < 1]
gz[rho_] := Log[1 + (K - 1)*Exp[-rho]] + (K - 1)*sq*rho
NumericStep["CE of the ETF logits", -Log[Exp[rho*(1 - 1/K)]/(Exp[rho*(1 - 1/K)] + (K - 1)*Exp[-rho/K])] == Log[1 + (K - 1)*Exp[-rho]]]
Step["G' closed form", D[gz[rho], rho] == (K - 1)*(sq - 1/(Exp[rho] + K - 1))]
NumericStep["G'' > 0: G is convex for M = 1", D[gz[rho], {rho, 2}] > 0]
(* rho_opt = log(1/s - (K-1)) makes G' vanish; it is positive iff 1/s - (K-1) > 1 iff K s < 1. *)
Step["Gprime(rho_opt) = 0", (D[gz[rho], rho] /. rho -> Log[1/sq - (K - 1)]) == 0]
Step["1/s - (K-1) - 1 = (1 - K s)/s", 1/sq - (K - 1) - 1 == (1 - K*sq)/sq]
NumericStep["rho_opt > 0 when K s < 1", Log[1/sq - (K - 1)] > 0]
(* f_opt = G(rho_opt) as stated. Grams (balanced factors, lW |w|^2 = lH |g|^2 for Z = W G, G = hbar Sqrt[n], sigma = rho Sqrt[n]):
   |w|^2 = sigma Sqrt[lH/lW], |hbar|^2 = sigma Sqrt[lW/lH]/n, ratio |w|/|hbar| = Sqrt[n lH/lW]. *)
Step["W W^T coefficient rho Sqrt[n lH/lW]", rho*Sqrt[n]*Sqrt[lh/lw] == rho*Sqrt[n*lh/lw]]
Step["hbar^T hbar coefficient rho Sqrt[lW/(n lH)]", rho*Sqrt[n]*Sqrt[lw/lh]/n == rho*Sqrt[lw/(n*lh)]]
NumericStep["W = Sqrt[n lH/lW] hbar^T", Sqrt[(rho*Sqrt[n*lh/lw])/(rho*Sqrt[lw/(n*lh)])] == Sqrt[n*lh/lw]]
NumericStep["balancedness lW |w|^2 = lH n |hbar|^2", lw*rho*Sqrt[n*lh/lw] == lh*n*rho*Sqrt[lw/(n*lh)]]

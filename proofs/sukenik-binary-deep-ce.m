(* Claim sukenik-binary-deep-ce: for K = 2, balanced counts, a deep linear CE head of any depth M and any lambdas, the
   antipodal ETF L = W hbar = rho P is the global minimiser. Derived here; it is the linear-CE analogue of Sukenik, Mondelli
   & Lampert (arXiv 2305.13165), who prove that deep neural collapse is the unique global optimum for binary classification
   in the deep UFM with ReLU layers and MSE loss (a different model, not covered by this file).
   Reduction (not machine-checked): samples collapse to their class means; with the balanced factorisation the objective of
   L is (1/2)(CE(L e_1, 1) + CE(L e_2, 2)) + cp Sum_i sigma_i(L)^q, q = 2/(M+1) <= 1, cp = ((M+1)/2)(n lH prod lW)^(1/(M+1)). *)
Section["CE of two classes depends on the margins only"]
Var[a, Reals, -5, 5]
Var[b, Reals, -5, 5]
NumericStep["CE(L e_1, 1) = log(1 + e^(-m1)) with m1 = L11 - L21", Log[Exp[a] + Exp[b]] - a == Log[1 + Exp[-(a - b)]]]
Var[l11, Reals, -5, 5]
Var[l12, Reals, -5, 5]
Var[l21, Reals, -5, 5]
Var[l22, Reals, -5, 5]
Var[b1, Reals, -5, 5]
Var[b2, Reals, -5, 5]
(* m1 + m2 = (e1 - e2)^T L (e1 - e2), and a bias b shifts m1 by b1 - b2 and m2 by b2 - b1: the sum is bias-free. *)
Step["m1 + m2 = (e1-e2)^T L (e1-e2)", (l11 - l21) + (l22 - l12) == l11 - l12 - l21 + l22]
Step["a bias leaves m1 + m2 unchanged", ((l11 + b1) - (l21 + b2)) + ((l22 + b2) - (l12 + b1)) == (l11 - l21) + (l22 - l12)]
Section["Jensen in the margins"]
Var[u, Reals, -20, 20]
Step["u -> log(1 + e^-u) is strictly convex", D[Log[1 + Exp[-u]], {u, 2}] == Exp[u]/(1 + Exp[u])^2]
Step["its second derivative is positive", Exp[u]/(1 + Exp[u])^2 > 0]
Var[m1, Reals, -10, 10]
Var[m2, Reals, -10, 10]
NumericStep["(CE_1 + CE_2)/2 >= log(1 + e^(-(m1+m2)/2))", (Log[1 + Exp[-m1]] + Log[1 + Exp[-m2]])/2 >= Log[1 + Exp[-(m1 + m2)/2]]]
(* Operator norm (not machine-checked): m1 + m2 = x^T L x with |x|^2 = 2, so sigma_1(L) >= (m1 + m2)/2 =: rho, and
   Sum_i sigma_i^q >= sigma_1^q >= rho^q for rho >= 0. For rho < 0 the loss alone exceeds log 2 = f(origin).
   Hence f >= G(rho) = log(1 + e^-rho) + cp rho^q, which is P1's G for K = 2 (K - 1 = 1), attained by L = rho P:
   the ETF with the best rho (the global selection of CeBalancedEtfTheory) is a global minimiser. Equality forces
   m1 = m2 (strict convexity) and a single non-zero singular value, i.e. the antipodal ETF. *)
Section["the bound is P1's G for K = 2"]
Var[K, Integers, 2, 2]
Var[rho, Reals, 1/100, 30]
Var[cp, Reals, 1/1000, 1]
Var[M, Integers, 1, 8]
NumericStep["G(rho) at K = 2", Log[1 + (K - 1)*Exp[-rho]] + (K - 1)*cp*rho^(2/(M + 1)) == Log[1 + Exp[-rho]] + cp*rho^(2/(M + 1))]
Step["the ETF rho P at K = 2 has margins rho: logits +-rho/2", (rho/2) - (-rho/2) == rho]

(* Claim mse-regularized-bias (issue 13, item 2): MSE UFM, balanced (n_k = n, N = n K), last-layer
   bias b with penalty (lambda_B/2)|b|^2. Derivation (this suite's):
   NC1 (as in p1-mse-imbalanced-deep.m) gives loss |Z - Sqrt[n](I - b 1^T)|^2/(2N), Z = Sqrt[n] W hbar.
   For M = 1 the problem in (Z, b) is convex (nuclear-norm penalty c |Z|_*, c = Sqrt[lW lH]) and
   invariant under simultaneous class permutations; averaging an optimum over the permutation group
   gives an optimum with Z in span{I, 11^T}, b = bt 1. So Z = zP P + zu u u^T (u = 1/Sqrt[K]) and,
   with I - bt 11^T = P + (1 - K bt) u u^T,
     f = (K-1) phi(zP) + [(zu - Sqrt[n](1 - K bt))^2/(2N) + c zu] + lB K bt^2/2.
   Steps below: the optimal bt, the reduced mean mode, its threshold lB* = s/(1 - s), the limits,
   and the issue's calibration value. The permutation-averaging argument is prose. For M >= 2 the
   same point is a stationary CANDIDATE; proved optimal wherever the lower bound
   (K-1) phi*(Sqrt[n]) + phi*(q Sqrt[n]) (from sigma_i(Z Q) <= sigma_i(Z), |Q|_2 = 1) leaves the mean
   mode dead. *)

Section["Eliminating the bias on the mean mode"]
Var[K, Integers, 2, 10]
Var[n, Integers, 1, 50]
Var[lb, Reals, 1/1000, 100]
Var[zu, Reals, 0, 5]
Var[bt, Reals, -1, 1]
nn := n*K
modeu[zu_, bt_] := (zu - Sqrt[n]*(1 - K*bt))^2/(2*nn) + lb*K*bt^2/2
bstar := Sqrt[n]*(Sqrt[n] - zu)/(nn*(1 + lb))
qsq := lb/(1 + lb)
Step["bt* = Sqrt[n](Sqrt[n] - zu)/(N(1 + lB)) is stationary", (D[modeu[zu, bt], bt] /. bt -> bstar) == 0]
Step["the quadratic in bt is convex", D[modeu[zu, bt], {bt, 2}] > 0]
NumericStep["reduced mean mode: q^2 (zu - Sqrt[n])^2/(2N), q^2 = lB/(1 + lB)", modeu[zu, bstar] == qsq*(zu - Sqrt[n])^2/(2*nn)]
Step["bt* at zu = 0 is 1/(K (1 + lB))", (bstar /. zu -> 0) == 1/(K*(1 + lb))]

Section["M = 1: the mean mode comes alive at lB* = s/(1 - s), s = K Sqrt[n lW lH]"]
(* q^2 [(zu - Sqrt[n])^2/(2N) + (c/q^2) zu]: live iff Sqrt[n] > (c/q^2) N iff q^2 > c N/Sqrt[n] = s. *)
Var[K, Integers, 2, 10]
Var[n, Integers, 1, 50]
Var[cc, Reals, 1/100000, 1/100]
Var[lb, Reals, 1/1000, 100]
Assume[K*Sqrt[n]*cc < 1]
sk := K*Sqrt[n]*cc
Step["c N/Sqrt[n] = K Sqrt[n] c", cc*n*K/Sqrt[n] == sk]
Step["q^2 at lB* = s/(1 - s) equals s", ((lb/(1 + lb)) /. lb -> sk/(1 - sk)) == sk]
Step["q^2 increases with lB (aliveness is monotone)", D[lb/(1 + lb), lb] > 0]
(* The centred modes are live iff Sqrt[n] > c N iff s < 1: the same s. Alive mean mode:
   zu = Sqrt[n] - (c/q^2) N, value q^2 [c zu - ...]; its value matches the stationary point. *)
Var[lb, Reals, 1/1000, 100]
Assume[lb/(1 + lb) > sk]
mu[z_] := (lb/(1 + lb))*((z - Sqrt[n])^2/(2*n*K) + (cc*(1 + lb)/lb)*z)
Step["zu = Sqrt[n] - c N (1 + lB)/lB is stationary", (D[mu[z], z] /. z -> Sqrt[n] - cc*n*K*(1 + lb)/lb) == 0]
NumericStep["and positive above lB*", Sqrt[n] - cc*n*K*(1 + lb)/lb > 0]

Section["Limits"]
Var[lb, Reals, 1/1000, 100]
Var[K, Integers, 2, 10]
(* lB -> infinity: q^2 = 1 - 1/(1 + lB) -> 1, the weight of the mean mode becomes 1 and the
   problem is P1's bias-free one (orthogonal frame, P1 Thm 3.1). *)
Step["q^2 = 1 - 1/(1 + lB)", lb/(1 + lb) == 1 - 1/(1 + lb)]
Step["lB -> 0: bt* -> 1/K (P1's free bias b = 1/K)", Limit[1/(K*(1 + lb)), lb -> 0] == 1/K]
NumericStep["|Q|_2 = 1: q < 1 for every lB", Sqrt[lb/(1 + lb)] < 1]

Section["Calibration (issue 13): n = 3, K = 3, lW = lH = 0.01, lB = 0.05, M = 1"]
(* Still the ETF (s = 3 Sqrt[3] 0.01 = 0.052 > q^2 = 0.0476): f* = (K-1) phi*(Sqrt[n]) + q^2 n/(2N),
   phi*(Sqrt[n]) = c Sqrt[n] - c^2 N/2 (M = 1 closed form, mse-narrow-features.m). *)
fcal := 2*((1/100)*Sqrt[3] - (1/100)^2*9/2) + ((5/100)/(1 + 5/100))*3/(2*9)
Step["s > q^2: the mean mode is dead", 3*Sqrt[3]/100 > (5/100)/(1 + 5/100)]
Step["f* = 0.0416775240878855 (value quoted in the issue)", fcal == 0.0416775240878855]

Section["Ties: the tied optimal set is a continuum (issue 11; theory.ModeTieSet)"]
(* At a threshold of the centred mode (phi(zP) = phi(0)) every Z = zP Pi + zu u u^T with Pi ANY
   orthogonal projection inside 1^perp, of any rank r = 0..K-1, has the optimal value: Pi, P - Pi
   and u u^T are orthogonal projections summing to I, and Q = P + q u u^T acts as 1, 1, q on them,
   so |(Z - Sqrt[n] I) Q|^2 = r (zP - Sqrt[n])^2 + (K-1-r) n + q^2 (zu - Sqrt[n])^2, and the
   penalty depends only on the singular values (zP r times, zu). Hence f = r phi(zP) + (K-1-r) phi(0)
   + q^2 phi_u(zu): every r ties, and rotating Pi inside 1^perp changes nothing. At a threshold of
   the mean mode zu takes 0 or its root, and b = beta(zu) 1 follows it. The verifier accepts a
   point whose Z is within the conditioning bound of the nearest such member (projection: the top
   r eigenvectors of the symmetric part of Z restricted to 1^perp), after certifying the member on
   the objective itself (TieSetTest). Checked below for K = 3 with two differently oriented rank-1
   projections and the rank-2 one. *)
Var[zp, Reals, 0, 5]
Var[zu, Reals, 0, 5]
Var[n, Integers, 1, 50]
Var[qq, Reals, 0, 1]
uu3 := ConstantArray[1/3, {3, 3}]
qm3 := (IdentityMatrix[3] - uu3) + qq*uu3
res3[pi_] := (zp*pi + zu*uu3 - Sqrt[n]*IdentityMatrix[3]).qm3
sq[a_] := Tr[Transpose[a].a]
pa := {{1, -1, 0}, {-1, 1, 0}, {0, 0, 0}}/2
pb := {{1, 1, -2}, {1, 1, -2}, {-2, -2, 4}}/6
Step["rank-1 Pi along (1, -1, 0): r (zP - Sqrt[n])^2 + (K-1-r) n + q^2 (zu - Sqrt[n])^2", sq[res3[pa]] == (zp - Sqrt[n])^2 + n + qq^2*(zu - Sqrt[n])^2]
Step["rank-1 Pi along (1, 1, -2): the same value (rotation inside 1^perp)", sq[res3[pb]] == (zp - Sqrt[n])^2 + n + qq^2*(zu - Sqrt[n])^2]
Step["rank 2 (Pi = P): 2 (zP - Sqrt[n])^2 + q^2 (zu - Sqrt[n])^2", sq[res3[pa + pb]] == 2*(zp - Sqrt[n])^2 + qq^2*(zu - Sqrt[n])^2]

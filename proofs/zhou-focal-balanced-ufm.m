(* Claim zhou-focal-balanced-ufm (Zhou et al. 2022, arXiv 2210.02192; theorem number
   not confirmed here, see the claim's source text): focal loss, balanced, M = 1,
   no bias. Loss: l(z, y) = -(1 - p_y)^g log p_y, g >= 0 (g = 0 is CE). The global minimisers are simplex ETFs
   by Zhou et al.'s theorem (the focal loss is not convex in the logits, so the convexity argument of
   zhou-ls-balanced-ufm does not apply; the suite tests the theorem by search). This file derives the scale.

   Scalar reduction: on W hbar = rho P every sample has margin rho; with e = (K-1) e^(-rho),
   t = log(1 + e) = -log p_y and u = 1 - p_y = e/(1 + e) = (K-1)/(e^rho + K - 1), the loss is fl = u^g t and
   the penalty (K-1) s rho (s = Sqrt[n lW lH], as for CE): G(rho) = u^g t + (K-1) s rho. *)
Var[K, Integers, 2, 10]
Var[rho, Reals, 0, 10]
Var[ga, Reals, 0, 5]
Var[sq, Reals, 1/10000, 1/10]
uu[rho_] := (K - 1)/(Exp[rho] + K - 1)
tt[rho_] := Log[1 + (K - 1)*Exp[-rho]]
fl[rho_] := uu[rho]^ga*tt[rho]
ps[rho_] := uu[rho]^ga*(uu[rho] + ga*(1 - uu[rho])*tt[rho])
xc[rho_] := (2*ga + 1)*uu[rho] + ga*tt[rho]*(ga - (ga + 1)*uu[rho])
gz[rho_] := fl[rho] + (K - 1)*sq*rho
(* p_y = 1/(1 + (K-1) e^(-rho)) on the ETF (zhu-ce-balanced-ufm.m). *)
Step["focal loss of the ETF logits", -(1 - 1/(1 + (K - 1)*Exp[-rho]))^ga*Log[1/(1 + (K - 1)*Exp[-rho])] == fl[rho]]
Step["u' = -u (1 - u)", D[uu[rho], rho] == -uu[rho]*(1 - uu[rho])]
Step["t = -log(1 - u)", tt[rho] == -Log[1 - uu[rho]]]
(* The stationarity equation: G'(rho) = (K-1) s - psi(u) with psi = u^g (u + g (1-u) t) > 0. *)
Step["fl' = -psi", D[fl[rho], rho] == -ps[rho]]
Step["G' = (K-1) s - psi", D[gz[rho], rho] == (K - 1)*sq - ps[rho]]
Step["G'' = u^g (1-u) chi(u)", D[gz[rho], {rho, 2}] == uu[rho]^ga*(1 - uu[rho])*xc[rho]]
Step["g = 0 is CE's G'", (D[gz[rho], rho] /. ga -> 0) == (K - 1)*(sq - 1/(Exp[rho] + K - 1))]
Section["psi is unimodal in u"]
Var[u, Reals, 1/1000, 999/1000]
Var[ga, Reals, 1/100, 5]
(* As a function of u in (0,1): psi(u) = u^g (u - g (1-u) log(1-u)), psi'(u) = u^(g-1) chi(u) with
   chi(u) = (2g+1) u - g log(1-u) (g - (g+1) u). chi(0) = 0, chi'(0) = g^2 + 2g + 1 > 0 and chi'' < 0,
   chi -> -infinity as u -> 1: chi has exactly one root u_p in (0,1), so psi rises on (0, u_p) and falls
   after. u decreases in rho, hence G' = (K-1) s - psi has at most two zeros: G has at most two critical
   points (a local minimum where chi > 0, a local maximum where chi < 0), each bracketed by rho_p
   (SmoothedEtfTheory: Brent's method to round-off, then a sign change of G' certified on
   [rho(1 - 1e-13), rho(1 + 1e-13)], widened x10 at most to 1e-8). *)
pu[u_] := u^ga*(u - ga*(1 - u)*Log[1 - u])
cu[u_] := (2*ga + 1)*u - ga*Log[1 - u]*(ga - (ga + 1)*u)
Step["psi'(u) = u^(g-1) chi(u)", D[pu[u], u] == u^(ga - 1)*cu[u]]
Step["chi'' = -g (1/(1-u)^2 + (g+1)/(1-u))", D[cu[u], {u, 2}] == -ga*(1/(1 - u)^2 + (ga + 1)/(1 - u))]
Step["chi'' < 0: chi is concave", -ga*(1/(1 - u)^2 + (ga + 1)/(1 - u)) < 0]
Step["chi(0) = 0", (cu[u] /. u -> 0) == 0]
Step["chi'(0) = (g+1)^2 > 0", (D[cu[u], u] /. u -> 0) == (ga + 1)^2]
Step["chi > 0 below g/(g+1) (both terms)", cu[u*ga/(ga + 1)] > 0]
Section["the exact collapse threshold"]
Var[K, Integers, 2, 10]
Var[rho, Reals, 1/1000, 10]
Var[ga, Reals, 0, 5]
uu[rho_] := (K - 1)/(Exp[rho] + K - 1)
tt[rho_] := Log[1 + (K - 1)*Exp[-rho]]
fl[rho_] := uu[rho]^ga*tt[rho]
ps[rho_] := uu[rho]^ga*(uu[rho] + ga*(1 - uu[rho])*tt[rho])
(* rho = 0 (W = H = 0) is a global minimiser iff G(rho) >= G(0) for every rho > 0, i.e. iff
   s >= s_c = sup_rho (fl(0) - fl(rho))/((K-1) rho). With q(rho) = fl(rho) - fl(0) + psi(rho) rho
   (q(0) = 0), q' = -psi + psi + psi'(rho) rho = psi'(rho) rho by "fl' = -psi" above: q rises while psi rises (rho < rho_p) and falls after, to -fl(0) < 0,
   so q has one root rho_c > rho_p when rho_p > 0, where the chord slope is largest: s_c = psi(rho_c)/(K-1)
   and the scale jumps from rho_c to 0 (two global minimisers at s = s_c). When rho_p = 0 (u_p >= (K-1)/K,
   e.g. g = 0 or small K), G is convex and s_c = psi(0)/(K-1) (CE: 1/K). *)
Step["the chord slope's derivative is q/rho^2", D[((fl[rho] /. rho -> 0) - fl[rho])/rho, rho] == (fl[rho] - (fl[rho] /. rho -> 0) + ps[rho]*rho)/rho^2]
Step["g = 0: s_c = psi(0)/(K-1) = 1/K (Zhu's CE threshold)", ((ps[rho] /. rho -> 0) /. ga -> 0)/(K - 1) == 1/K]

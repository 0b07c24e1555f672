(* Claim mse-nonneg-features (issue 13, item 4): deep linear UFM, MSE, no bias, features H >= 0.
   Derivation (this suite's): the feasible set is smaller, so f*(H >= 0) >= f*(free). P1's free
   optimum (p1-mse-imbalanced-deep.m) has H = hbar Y with an orthogonal frame of class means
   (hbar^T hbar diagonal; within a block of equal counts Z is a multiple of the identity, so every
   free optimum has this Gram), and at most r <= d means are non-zero. An orthogonal R with
   R hbar_k = |hbar_k| e_{j(k)} exists (complete the normalised live means to an orthonormal basis),
   and (W_1 R^T, R H) has the same loss and penalty. That point is feasible (H >= 0) and free-optimal:
   the constraint is inactive, f*(H >= 0) = f*(free). With a FREE bias the opposite: shifting
   H -> H + c 1^T, b -> b - W c keeps the loss and the penalty is least at zero weighted mean, so
   every free optimum has sum_k n_k hbar_k = 0, which H >= 0 allows only at H = 0 (then no closed
   form here; predict reports a numerical best point). *)

Section["Rotation into the orthant (two live classes) keeps losses and penalties"]
Var[t, Reals, -4, 4]
Var[a, Reals, 0, 3]
Var[b, Reals, 0, 3]
Var[x, Reals, -3, 3]
Var[y, Reals, -3, 3]
rot[t_] := {{Cos[t], -Sin[t]}, {Sin[t], Cos[t]}}
Step["R^T(-t) maps a(cos t, sin t) to (a, 0)", Total[Abs[rot[-t].(a*{Cos[t], Sin[t]}) - {a, 0}]] == 0]
Step["and b(-sin t, cos t) to (0, b)", Total[Abs[rot[-t].(b*{-Sin[t], Cos[t]}) - {0, b}]] == 0]
Step["rotations keep norms (the penalty (lH/2)|H|^2)", Total[(rot[t].{x, y})^2] == x^2 + y^2]
Step["W R^T R h = W h (the loss)", Total[Abs[Transpose[rot[t]].rot[t] - IdentityMatrix[2]], 2] == 0]

Section["With a free bias the weighted mean of the means is zero, so H >= 0 forces H = 0"]
(* The penalty sum_i |h_i + c|^2 over samples is least at c = -mean (scalar form, two samples). *)
Var[h1, Reals, -3, 3]
Var[h2, Reals, -3, 3]
Step["d/dc sum (h_i + c)^2 = 0 at c = -mean", (D[(h1 + c)^2 + (h2 + c)^2, c] /. c -> -(h1 + h2)/2) == 0]
Var[n1, Integers, 1, 40]
Var[n2, Integers, 1, 40]
Var[g1, Reals, 1/100, 3]
NumericStep["n1 g1 + n2 g2 = 0 with g1 > 0 forces g2 < 0 (infeasible)", -n1*g1/n2 < 0]

(* Claim p1-mse-training-reaches-optimum (conjecture from P1's experiments): gradient descent with
   momentum from N(0, 0.1^2) reaches the global minimiser. This file checks why it can fail for
   M >= 2: the origin is a strict local minimum there, so training started near it can settle at
   f(0) although a non-collapsed global minimiser exists (THEORY.md §7). The numeric verdict
   REFUTES the conjecture with exactly such a run.
   Notation (N, D, E, I, C are Symja built-ins): nn = N, lh = lambda_H, l1, l2, l3 = lambda_{W_m}.
   Along a ray through the origin, every parameter block is scaled by t: with scalars a_m (the
   layers) and g (the feature), the per-class objective is
     q(t) = (1/2N)(a_1 ... a_M g t^(M+1) - 1)^2 + (t^2/2)(sum_m lambda_m a_m^2 + lambda_H g^2). *)

Section["M = 2: the loss is cubic along every ray, so the origin's Hessian is the penalty's"]
Var[a1, Reals, -3, 3]
Var[a2, Reals, -3, 3]
Var[g, Reals, -3, 3]
Var[l1, Reals, 1/1000, 1]
Var[l2, Reals, 1/1000, 1]
Var[lh, Reals, 1/1000, 1]
Var[nn, Integers, 2, 500]
q2[t_] := (a1*a2*g*t^3 - 1)^2/(2*nn) + t^2*(l1*a1^2 + l2*a2^2 + lh*g^2)/2
Step["the origin is stationary along every ray, M=2", (D[q2[t], t] /. t -> 0) == 0]
Step["second derivative at the origin is the penalty's, M=2", (D[q2[t], {t, 2}] /. t -> 0) == l1*a1^2 + l2*a2^2 + lh*g^2]
(* The penalty term is positive for every direction (a1, a2, g) != 0: a strict local minimum. *)
NumericStep["and it is positive, M=2", l1*a1^2 + l2*a2^2 + lh*g^2 > 0]

Section["M = 3: the same with a quartic loss term"]
Var[a1, Reals, -3, 3]
Var[a2, Reals, -3, 3]
Var[a3, Reals, -3, 3]
Var[g, Reals, -3, 3]
Var[l1, Reals, 1/1000, 1]
Var[l2, Reals, 1/1000, 1]
Var[l3, Reals, 1/1000, 1]
Var[lh, Reals, 1/1000, 1]
Var[nn, Integers, 2, 500]
q3[t_] := (a1*a2*a3*g*t^4 - 1)^2/(2*nn) + t^2*(l1*a1^2 + l2*a2^2 + l3*a3^2 + lh*g^2)/2
Step["the origin is stationary along every ray, M=3", (D[q3[t], t] /. t -> 0) == 0]
Step["second derivative at the origin is the penalty's, M=3", (D[q3[t], {t, 2}] /. t -> 0) == l1*a1^2 + l2*a2^2 + l3*a3^2 + lh*g^2]

Section["M = 1, for contrast: the loss is quadratic along rays and can make the origin a saddle"]
Var[a1, Reals, 1/2, 3]
Var[g, Reals, 1/2, 3]
Var[l1, Reals, 1/1000, 1]
Var[lh, Reals, 1/1000, 1]
Var[nn, Integers, 2, 500]
q1[t_] := (a1*g*t^2 - 1)^2/(2*nn) + t^2*(l1*a1^2 + lh*g^2)/2
Step["second derivative at the origin, M=1", (D[q1[t], {t, 2}] /. t -> 0) == l1*a1^2 + lh*g^2 - 2*a1*g/nn]
(* Along a1 = g = s this is s^2 (l1 + lh - 2/N): negative when l1 + lh < 2/N, so for M = 1 with
   small regularisation the origin is a saddle and gradient descent leaves it. *)
Var[s, Reals, 1/10, 3]
Step["negative along the diagonal when lambda_W + lambda_H < 2/N", (l1*s^2 + lh*s^2 - 2*s^2/nn /. {l1 -> 1/(4*nn), lh -> 1/(4*nn)}) == -(3/2)*s^2/nn]

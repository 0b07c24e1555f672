package ncverify.problem;

/**
 * The activation between the layers of a deep head (M ≥ 2): LINEAR (the deep linear UFM of P1
 * and Garrod &amp; Keating) or RELU, σ(x) = max(0, x) applied after every inner layer W_1 … W_{M−1},
 * never to the features H and never to the output of W_M: the deep unconstrained features model
 * (DUFM) of Súkeník, Mondelli &amp; Lampert (arXiv 2305.13165, 2405.14468).
 */
public enum Activation { LINEAR, RELU }

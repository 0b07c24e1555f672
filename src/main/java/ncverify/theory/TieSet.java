package ncverify.theory;

/**
 * A theory's description of the SET of tied global minimisers at an exact threshold, where it is
 * a continuum or too large to list ({@link Prediction#tied} lists finitely many). The verifier
 * accepts a certified point at the optimal value whose structure is that of the set's member
 * nearest to it ({@code verify.Verifier#tiedStructure}), after checking that the member itself is a
 * certified point with the optimal value, so a false description cannot make a wrong prediction
 * VERIFIED.
 */
public interface TieSet {
  /**
   * The member of the tied set nearest to the parameter point x (of the prediction's setting):
   * a full prediction with the same optimal value, its explicit minimiser built by the theory; null
   * where the set has no member (then x is accepted by no member).
   *
   * @param x a flat parameter vector ({@link ncverify.problem.Layout})
   */
  Prediction nearest(double[] x);

  /** One line for reports: what the set is (e.g. "z·Π over every projection Π of rank 0…K−1 of 1^⊥"). */
  String description();
}

package ncverify.claim;

/** A named tolerance with the reason for its size (round-off and optimisation error differ). */
public record Tolerance(String name, double value, String reason) {
  public boolean accepts(double deviation) {
    return deviation <= value;
  }
}

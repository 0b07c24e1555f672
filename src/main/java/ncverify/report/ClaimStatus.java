package ncverify.report;

/** What the source asserts: a proved statement or an open one. */
public enum ClaimStatus {
  THEOREM,
  CONJECTURE
}

package ncverify.problem;

/** Features H: free (the plain UFM) or constrained entrywise non-negative (ReLU outputs, P2's UFM+). */
public enum Features { FREE, NONNEG }

package ncverify.problem;

/** Training loss. MSE is normalised by 1/(2N), cross-entropy by 1/N (THEORY.md §2). */
public enum Loss { MSE, CE }

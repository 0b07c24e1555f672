package ncverify.claim;

/** What the source says of a claim: proved there (THEOREM) or only conjectured (CONJECTURE). */
public enum SourceStatus { THEOREM, CONJECTURE }

package ncverify.problem;

/** Last-layer bias: absent, present and unregularised, or present with penalty (lambdaB/2)‖b‖². */
public enum Bias { NONE, FREE, REGULARIZED }

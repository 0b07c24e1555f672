package ncverify.practical;

/**
 * Training a real network produced a non-finite objective (usually a learning rate that is too
 * large). Not bad input in the strict sense (every flag was valid) but a failed run: the command
 * line reports it as a failure, with the message and no stack trace.
 */
public final class TrainingDiverged extends RuntimeException {
  public TrainingDiverged(String message) {
    super(message);
  }
}

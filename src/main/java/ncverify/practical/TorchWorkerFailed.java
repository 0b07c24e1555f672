package ncverify.practical;

/**
 * The PyTorch worker crashed or wrote something it should not have: a fault of the engine, not of
 * the user's input. The message is one line naming the file that holds the worker's stderr tail;
 * the command line prints it and exits with the internal-error code (70).
 */
public final class TorchWorkerFailed extends RuntimeException {
  public TorchWorkerFailed(String message) {
    super(message);
  }
}

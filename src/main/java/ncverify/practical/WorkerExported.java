package ncverify.practical;

import java.nio.file.Path;

/**
 * The run stopped after writing the PyTorch worker's hand-off folder ({@link
 * TorchWorker#exporting}): not an error; the command line reports the folder and how to run it.
 */
public final class WorkerExported extends RuntimeException {
  private final transient Path folder;
  private final String command;

  public WorkerExported(Path folder, String command) {
    super("the PyTorch worker's input was written to " + folder, null, false, false);
    this.folder = folder;
    this.command = command;
  }

  /** The shell command that runs the folder where torch is ({@link TorchWorker#handoffCommand}). */
  public String command() {
    return command;
  }

  /** The hand-off folder (config.json, input.npz, torch_worker.py). */
  public Path folder() {
    return folder;
  }
}

package ncverify.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one reader of the text files a user writes (proof files, conjecture files): the file must
 * exist, be a regular file of at most {@link Limits#MAX_TEXT_FILE_BYTES}, and be UTF-8; a byte
 * that is not UTF-8 is reported with its file:line.
 */
public final class TextFile {
  private TextFile() {}

  /**
   * @param what what the file is, for messages ("proof file", "conjecture file")
   * @throws InvalidInput naming the file (and line) and the rule broken
   */
  public static String read(Path file, String what) {
    byte[] bytes;
    try {
      if (!Files.exists(file)) {
        throw InvalidInput.file(file, "no such " + what + " (the path must name an existing file)");
      }
      if (!Files.isRegularFile(file)) {
        throw InvalidInput.file(file, "is not a regular file (a " + what + " is a text file)");
      }
      long size = Files.size(file);
      if (size > Limits.MAX_TEXT_FILE_BYTES) {
        throw InvalidInput.file(file, "is " + size + " bytes, above the limit of "
            + Limits.MAX_TEXT_FILE_BYTES + " bytes for a " + what);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw InvalidInput.file(file, "no such " + what + " (the path must name an existing file)");
    } catch (AccessDeniedException e) {
      throw InvalidInput.file(file, "cannot be read: permission denied");
    } catch (IOException e) {
      throw InvalidInput.file(file, "cannot be read (" + e.getMessage() + ")");
    }
    return decode(file, bytes);
  }

  /**
   * Checks, before any work starts, that {@code file} (given by {@code flag}) can be written as a
   * new file: it must not exist (nothing is overwritten unasked) and its folder must exist and be
   * writable, so a long run cannot fail only at its end.
   *
   * @throws InvalidInput naming the flag, the file and the rule otherwise
   */
  public static Path newOutput(String flag, Path file) {
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInput(flag, file + " exists; it is not overwritten (remove it or name "
          + "another file)");
    }
    Path folder = file.toAbsolutePath().normalize().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new InvalidInput(flag, file + ": its folder " + folder + " does not exist");
    }
    if (!Files.isWritable(folder)) {
      throw new InvalidInput(flag, file + ": its folder " + folder + " is not writable");
    }
    return file;
  }

  /** Strict UTF-8: a malformed or unmappable byte is an error naming its file:line. */
  static String decode(Path file, byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw InvalidInput.at(file, line, String.format(java.util.Locale.ROOT,
          "byte 0x%02x is not UTF-8 (files must be UTF-8 text)", bytes[at] & 0xff));
    }
    return out.flip().toString();
  }
}

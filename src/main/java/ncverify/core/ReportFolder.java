package ncverify.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder that reports are written into without losing anything.
 *
 * <ul>
 *   <li>{@link #validate} checks, before any work starts, that the folder can be written;</li>
 *   <li>a writer fills a {@link #stage staging folder} inside it; only when every file is complete
 *       does {@link #publish} move them into place, each file by an atomic rename, so a failure
 *       half-way leaves the old report whole;</li>
 *   <li>a writer deletes only files that it wrote itself on an earlier run (listed in its manifest
 *       {@code .ncverify-<owner>.files}) and no longer writes; other files, a user's included,
 *       are never touched;</li>
 *   <li>a writer replaces only files that an ncverify manifest of the folder lists: a user's file
 *       of the same name is refused (before any work by {@link #validate(String, String, List)},
 *       and again when publishing), never replaced.</li>
 * </ul>
 */
public final class ReportFolder {
  private static final String STAGING_PREFIX = ".ncverify-staging-";

  private ReportFolder() {}

  /**
   * Checks that {@code dir} (given by {@code flag}) is, or can be created as, a writable folder.
   *
   * @throws InvalidInput naming the flag and the folder otherwise
   */
  public static Path validate(String flag, String dir) {
    if (dir == null || dir.isBlank()) {
      throw new InvalidInput(flag, "needs a folder name, got '" + (dir == null ? "" : dir) + "'");
    }
    Path p;
    try {
      p = Path.of(dir);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInput(flag, "'" + Numbers.show(dir) + "' is not a valid path (" + e.getReason() + ")");
    }
    Path existing = p.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new InvalidInput(flag, dir + ": no part of this path exists");
    }
    if (!Files.isDirectory(existing)) {
      throw new InvalidInput(flag, dir + ": " + existing + " is not a folder");
    }
    if (!Files.isWritable(existing)) {
      throw new InvalidInput(flag, dir + ": " + existing + " is not writable");
    }
    // The permission bits do not tell a read-only mount, or a special file system such as /proc,
    // from a writable folder (and say yes to root everywhere), and a report refused after hours of
    // training is lost work: so a file is created and removed there now.
    try {
      Files.delete(Files.createTempFile(existing, ".ncverify-write-check", ".tmp"));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInput(flag, dir + ": " + existing + " is not writable: a file cannot be "
          + "created in it (" + inWords(e) + "); the report needs a folder on a writable disk");
    }
    return p;
  }

  /** Why a test file could not be created, in words (no exception class names). */
  static String inWords(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "the file system refuses new files there, as /proc and /sys do";
    }
    if (e instanceof java.nio.file.ReadOnlyFileSystemException) {
      return "read-only file system";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? "no reason given" : e.getMessage();
  }

  /**
   * As {@link #validate(String, String)}, and also checks that none of {@code names} (paths
   * relative to the folder that the writer will write) is a file that ncverify did not write: a
   * user's {@code index.html} in the folder is refused now, before any work, instead of being
   * replaced at the end.
   *
   * @throws InvalidInput naming the flag and the first such file
   */
  public static Path validate(String flag, String dir, List<String> names) {
    Path p = validate(flag, dir);
    List<String> foreign = foreign(p, names);
    if (!foreign.isEmpty()) {
      throw new InvalidInput(flag, notOverwritten(p, foreign));
    }
    return p;
  }

  /**
   * The names (relative to {@code dir}) that exist there but that no ncverify manifest of the
   * folder lists: files a user put there, never replaced.
   */
  static List<String> foreign(Path dir, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      Path f = dir.resolve(n);
      // a folder of that name is not replaced either; publish reports it (cannot be replaced)
      if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !owned(dir, n)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Whether a manifest in {@code dir} or in a folder between it and the file (a writer may
   * publish into a subfolder, e.g. a plot page) lists {@code rel}, relative to that folder.
   */
  private static boolean owned(Path dir, String rel) {
    String[] parts = rel.split("/");
    Path folder = dir;
    for (int i = 0; i < parts.length; i++) {
      String tail = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
      try (Stream<Path> s = Files.list(folder)) {
        for (Path m : s.filter(f -> f.getFileName().toString().startsWith(".ncverify-")
            && f.getFileName().toString().endsWith(".files") && Files.isRegularFile(f)).toList()) {
          if (Files.readAllLines(m, StandardCharsets.UTF_8).contains(tail)) {
            return true;
          }
        }
      } catch (IOException e) {
        return true; // an unreadable folder fails at validate/stage with its own message
      }
      folder = folder.resolve(parts[i]);
    }
    return false;
  }

  private static String notOverwritten(Path dir, List<String> foreign) {
    return dir.resolve(foreign.get(0)) + (foreign.size() > 1 ? " (and " + (foreign.size() - 1)
        + " more)" : "") + " exists and was not written by ncverify (no .ncverify-*.files "
        + "manifest of the folder lists it); it is not overwritten: name another folder or move "
        + "the file away";
  }

  /** Creates {@code dir} if needed and a fresh, empty staging folder inside it. */
  public static Path stage(Path dir) throws IOException {
    Files.createDirectories(dir);
    return Files.createTempDirectory(dir, STAGING_PREFIX);
  }

  /**
   * Moves every file of {@code staging} to the same relative path under {@code dir} (replacing a
   * file of that name), records them in {@code owner}'s manifest, and removes {@code staging}.
   *
   * @param owner names the writer's manifest (e.g. "verify", "practical-p2-step-ce")
   * @param prune if true, this write is complete: files that {@code owner} wrote on an earlier
   *     publish and did not write now are deleted (only those); if false they are kept and stay
   *     in the manifest
   * @return the published files, in order
   */
  public static List<Path> publish(Path staging, Path dir, String owner, boolean prune)
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(staging)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) { // every rename must be possible before the first one is made
      Path target = dir.resolve(staging.relativize(f).toString());
      if (Files.isDirectory(target) || Files.exists(target) && !Files.isWritable(target.getParent())) {
        throw new IOException(target + " cannot be replaced (a folder of that name exists, or its "
            + "folder is not writable)");
      }
    }
    List<String> names = files.stream()
        .map(f -> staging.relativize(f).toString().replace('\\', '/')).toList();
    List<String> foreign = foreign(dir, names);
    if (!foreign.isEmpty()) { // checked up front by validate for the fixed names; this is the rest
      throw new IOException(notOverwritten(dir, foreign));
    }
    Set<String> written = new LinkedHashSet<>();
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      Path rel = staging.relativize(f);
      Path target = dir.resolve(rel.toString());
      Files.createDirectories(target.getParent());
      move(f, target);
      written.add(rel.toString().replace('\\', '/'));
      out.add(target);
    }
    Path manifest = dir.resolve(".ncverify-" + owner + ".files");
    if (Files.isRegularFile(manifest)) {
      for (String old : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        if (old.isBlank() || written.contains(old) || old.contains("..")) {
          continue;
        }
        if (prune) {
          Files.deleteIfExists(dir.resolve(old));
        } else if (Files.exists(dir.resolve(old))) {
          written.add(old);
        }
      }
    }
    Path tmp = staging.resolve("manifest");
    Files.writeString(tmp, String.join("\n", written) + "\n", StandardCharsets.UTF_8);
    move(tmp, manifest);
    discard(staging);
    return out;
  }

  /** Deletes a staging folder and everything in it (it holds only files this process wrote). */
  public static void discard(Path staging) {
    if (staging == null || !staging.getFileName().toString().startsWith(STAGING_PREFIX)) {
      return;
    }
    try (Stream<Path> s = Files.walk(staging)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover hidden staging folder loses nothing; the caller's error is the one to report
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

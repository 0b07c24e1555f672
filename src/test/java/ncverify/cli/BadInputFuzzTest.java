package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import ncverify.core.Limits;
import ncverify.data.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: generated malformed inputs for every surface (settings, flags, conjecture files, proof
 * files, IDX files, .npz files) must each exit 2 with one "error:" line naming the place, never a stack trace
 * or the internal-error code, without hanging and without keeping memory. The generator is seeded;
 * the counts per surface are written to target/bad-input-fuzz.txt (tests do not print).
 */
class BadInputFuzzTest {
  /** Hang detector, not a performance measure: every case here is refused in milliseconds. */
  private static final long MAX_MILLIS_PER_INPUT = 30_000;
  /** Heap that may stay in use after all inputs (a refusal allocates nothing large). */
  private static final long MAX_RETAINED_BYTES = 512L << 20;

  @TempDir
  Path tmp;

  private final SplittableRandom random = new SplittableRandom(15);
  private final Map<String, int[]> counts = new LinkedHashMap<>(); // surface -> {tried, exit 2}

  /** One malformed input: the command line and the text its error must name. */
  private record Case(String surface, String place, String... args) {}

  @Test
  void everyMalformedInputExitsTwoNamingThePlace() throws IOException {
    List<Case> cases = new ArrayList<>();
    cases.addAll(settings());
    cases.addAll(flags());
    cases.addAll(conjectureFiles());
    cases.addAll(proofFiles());
    cases.addAll(idxFiles());
    cases.addAll(npzFiles());
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long baseline = rt.totalMemory() - rt.freeMemory();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      counts.computeIfAbsent(c.surface(), s -> new int[3])[0]++;
      long t0 = System.nanoTime();
      String[] r = run(c.args());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      counts.get(c.surface())[2] += (int) millis;
      int code = Integer.parseInt(r[0]);
      String err = r[1];
      String why = code != 2 ? "exit " + code
          : !err.startsWith("error: ") ? "no 'error:' line"
          : !err.contains(c.place()) ? "message does not name " + c.place()
          : err.contains("\tat ") || err.contains("Exception") ? "stack trace or exception name"
          : millis > MAX_MILLIS_PER_INPUT ? "took " + millis + " ms" : null;
      if (why == null) {
        counts.get(c.surface())[1]++;
      } else {
        failures.add(c.surface() + " " + Arrays.toString(c.args()) + ": " + why + "\n    " + err.strip());
      }
    }
    System.gc();
    long retained = rt.totalMemory() - rt.freeMemory() - baseline;
    writeSummary(cases.size(), failures.size(), retained);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + cases.size() + " malformed inputs were mishandled:\n"
          + String.join("\n", failures));
    }
    assertTrue(retained < MAX_RETAINED_BYTES, "heap retained after the fuzz run: " + retained);
    for (String surface : List.of("setting", "flag", "conjecture file", "proof file", "IDX file",
        "npz file")) {
      assertTrue(counts.containsKey(surface) && counts.get(surface)[0] >= 20,
          "too few inputs for " + surface + ": " + Arrays.toString(counts.get(surface)));
    }
  }

  /** Negative control: the same harness on VALID inputs sees exit 0, so it can tell them apart. */
  @Test
  void negativeControlValidInputsDoNotExitTwo() {
    String[] r = run("predict", BASE_SETTING);
    assertEquals("0", r[0], r[1]);
    r = run("train", BASE_SETTING, "--seed", "1", "--max-iterations", "5");
    assertEquals("0", r[0], r[1]);
  }

  // ------------------------------------------------------------------ settings

  private static final String BASE_SETTING =
      "loss=mse bias=none features=free n=4,3,2 d=3 M=2 widths=3 lambdaW=0.01 lambdaH=0.01";

  /** Values that are not ASCII decimal, not finite, out of range or overflowing. */
  private static final String[] BAD_WHOLE = {"\u0668", "\uff18", "\u0661\u0662", "0x10", "1e3",
      "3.5", "2147483648", "-2147483649", "99999999999999999999", "", "NaN", "-1", "0", "1_000",
      "+", "4,", "\u00a04", "IV"};
  private static final String[] BAD_REAL = {"0x1p-3", "NaN", "Infinity", "-Infinity", "1e400",
      "-1e400", "1e-400", "4.9e-324", "-1", "1d", "1f", "\u0660.\u0665", "1e", ".", "--1", "1..2",
      "", "0x10", "1,2,3", "\uff11"};

  private List<Case> settings() {
    List<Case> out = new ArrayList<>();
    Map<String, String[]> pools = new LinkedHashMap<>();
    pools.put("n", BAD_WHOLE);
    pools.put("d", BAD_WHOLE);
    pools.put("M", BAD_WHOLE);
    pools.put("widths", BAD_WHOLE);
    pools.put("lambdaW", BAD_REAL);
    pools.put("lambdaH", BAD_REAL);
    pools.put("loss", new String[] {"hinge", "", "MSE2", "\u0000"});
    pools.put("bias", new String[] {"maybe", "", "regularised"});
    pools.put("features", new String[] {"relu", ""});
    for (Map.Entry<String, String[]> p : pools.entrySet()) {
      for (String v : sample(p.getValue(), VALUES_PER_KEY)) {
        if (p.getKey().equals("lambdaH") && v.equals("1,2,3")) {
          continue; // a list is legal for lambdaW only; lambdaH's own message is tested below
        }
        out.add(setting(p.getKey(), BASE_SETTING.replaceFirst(p.getKey() + "=[^ ]*",
            p.getKey() + "=" + v.replace("$", "\\$"))));
      }
    }
    // limits, checked before anything is allocated
    out.add(setting("n", BASE_SETTING.replace("n=4,3,2", "n=2000000000,2000000000")));
    out.add(setting("n", BASE_SETTING.replace("n=4,3,2", "n=1000000,1000000,1000000,1000000,"
        + "1000000,1000000,1000000,1000000,1000000,1000000,1000000")));
    out.add(setting("n", BASE_SETTING.replace("n=4,3,2", "n=" + "1,".repeat(Limits.MAX_CLASSES) + "1")
        .replace("d=3", "d=1001").replace("widths=3", "widths=1001")));
    // the layers (4e8 parameters) dominate the features (4e7): the width is named
    out.add(setting("d", BASE_SETTING.replace("n=4,3,2", "n=1000,1000").replace("d=3", "d=20000")
        .replace("widths=3", "widths=20000")));
    out.add(setting("M", BASE_SETTING.replace("M=2 widths=3", "M=2147483647")));
    out.add(setting("M", BASE_SETTING.replace("M=2 widths=3", "M=100000000")));
    out.add(setting("d", BASE_SETTING.replace("d=3", "d=200000000")));
    out.add(setting("widths", BASE_SETTING.replace("widths=3", "widths=3,3,3")));
    out.add(setting("lambdaH", BASE_SETTING.replace("lambdaH=0.01", "lambdaH=1,2")));
    out.add(setting("lambdaW", BASE_SETTING.replace("lambdaW=0.01", "lambdaW=1,2,3")));
    out.add(setting("K", BASE_SETTING + " K=4"));
    out.add(setting("K", BASE_SETTING + " K=\u0663"));
    out.add(setting("lambdaB", BASE_SETTING + " lambdaB=0.1"));
    // the smoothed losses' parameters: bad numbers, out of range, missing, on another loss, twice
    String ls = BASE_SETTING.replace("loss=mse", "loss=ls smoothing=0.1");
    String focal = BASE_SETTING.replace("loss=mse", "loss=focal gamma=2");
    for (String v : sample(BAD_REAL, VALUES_PER_KEY)) {
      out.add(setting("smoothing", ls.replace("smoothing=0.1", "smoothing=" + v)));
      out.add(setting("gamma", focal.replace("gamma=2", "gamma=" + v)));
    }
    for (String v : new String[] {"1", "1.5", "0.99999999999999999", "-0"}) {
      if (!v.equals("-0")) {
        out.add(setting("smoothing", ls.replace("smoothing=0.1", "smoothing=" + v)));
      }
    }
    out.add(setting("gamma", focal.replace("gamma=2", "gamma=-1e-300")));
    out.add(setting("smoothing", ls.replace(" smoothing=0.1", "")));
    out.add(setting("gamma", focal.replace(" gamma=2", "")));
    out.add(setting("smoothing", BASE_SETTING + " smoothing=0.1"));
    out.add(setting("gamma", BASE_SETTING + " gamma=1"));
    out.add(setting("gamma", ls + " gamma=1"));
    out.add(setting("smoothing", focal + " smoothing=0.1"));
    out.add(setting("smoothing", ls + " smoothing=0.2"));
    out.add(setting("foo", BASE_SETTING + " foo=1"));
    out.add(setting("d", BASE_SETTING + " d=3"));
    out.add(setting("setting", BASE_SETTING + " " + "x".repeat(Limits.MAX_SETTING_CHARS)));
    out.add(setting("setting", "   "));
    for (String key : List.of("loss", "bias", "features", "n", "d", "M", "lambdaW", "lambdaH")) {
      out.add(setting(key, BASE_SETTING.replaceFirst(key + "=[^ ]* ?", "")));
    }
    // random pairs of corruptions: the first key in the text that is wrong is named
    List<String> keys = new ArrayList<>(pools.keySet());
    for (int i = 0; i < 10; i++) {
      String a = keys.get(random.nextInt(keys.size()));
      String[] pool = pools.get(a);
      String v = pool[random.nextInt(pool.length)];
      if (v.isEmpty() || v.contains(",") || v.equals("0") && !a.startsWith("lambda")) {
        v = "\u0669"; // a value that is wrong for every key, whatever else changes
      }
      out.add(setting(a, BASE_SETTING.replaceFirst(a + "=[^ ]*", a + "=" + v)));
    }
    return out;
  }

  /** Bad values tried per setting key, drawn from its pool (every pool value over a few seeds). */
  private static final int VALUES_PER_KEY = 8;

  /** {@code k} distinct values of {@code pool} in a seeded random order (all if fewer). */
  private List<String> sample(String[] pool, int k) {
    List<String> all = new ArrayList<>(Arrays.asList(pool));
    for (int i = all.size() - 1; i > 0; i--) {
      java.util.Collections.swap(all, i, random.nextInt(i + 1));
    }
    return all.subList(0, Math.min(k, all.size()));
  }

  private static Case setting(String key, String text) {
    String place = key.equals("setting") ? "setting key 'setting'" : "setting key '" + key + "'";
    if (key.equals("foo")) {
      place = "'foo'";
    }
    return new Case("setting", place, "predict", text);
  }

  // ------------------------------------------------------------------ flags

  private List<Case> flags() {
    List<Case> out = new ArrayList<>();
    String noData = tmp.resolve("no-data").toString();
    String[] practical = {"practical", "--data", noData, "--no-progress"};
    Map<String, String[]> verify = new LinkedHashMap<>();
    verify.put("--tries", new String[] {"0", "-1", "1001", "2147483647", "2147483648", "\u0668",
        "0x10", "1e2", ""});
    verify.put("--seed", new String[] {"1.5", "\u0668", "99999999999999999999", ""});
    verify.put("--fail-on", new String[] {"sometimes"});
    verify.put("--report-dir", new String[] {"", "/etc/passwd", "/etc/passwd/sub"});
    verify.put("--claim", new String[] {"no-such-claim"});
    verify.put("--shard", new String[] {"0/2", "3/2", "1/0", "1/10001", "x", "1/2/3", "\u0668/9", ""});
    verify.put("--jobs", new String[] {"0", "-1", "1025", "x"});
    for (Map.Entry<String, String[]> f : verify.entrySet()) {
      for (String v : f.getValue()) {
        out.add(new Case("flag", f.getKey(), "verify", "--claim", "p1-mse-imbalanced-deep",
            f.getKey(), v));
      }
    }
    out.add(new Case("flag", "--tries", "check", tmp.resolve("absent.conj").toString(), "--tries", "0"));
    out.add(new Case("flag", "--setting", "verify", "--setting", BASE_SETTING));
    out.add(new Case("flag", "--no-report", "verify", "--claim", "p1-mse-imbalanced-deep",
        "--no-report", "--report-dir", tmp.toString()));
    Map<String, String[]> train = new LinkedHashMap<>();
    train.put("--init-scale", new String[] {"-1", "NaN", "Infinity", "0x1p-3", "1e400"});
    train.put("--max-iterations", new String[] {"-1", "10000001", "\u0668"});
    train.put("--tolerance", new String[] {"-1", "NaN", "1e-400"});
    train.put("--seed", new String[] {"x"});
    train.put("--optimizer", new String[] {"adam"});
    for (Map.Entry<String, String[]> f : train.entrySet()) {
      for (String v : f.getValue()) {
        out.add(new Case("flag", f.getKey(), "train", BASE_SETTING, "--seed", "1", f.getKey(), v));
      }
    }
    for (String v : new String[] {"0", "-1", "NaN"}) {
      out.add(new Case("flag", "--lr", "train", BASE_SETTING, "--seed", "1", "--optimizer", "gd",
          "--lr", v));
    }
    for (String v : new String[] {"1", "-0.1", "2"}) {
      out.add(new Case("flag", "--momentum", "train", BASE_SETTING, "--seed", "1", "--optimizer",
          "gd", "--momentum", v));
    }
    Map<String, String[]> prac = new LinkedHashMap<>();
    prac.put("--epochs", new String[] {"0", "100001", "\u0668"});
    prac.put("--batch", new String[] {"-1"});
    prac.put("--scale", new String[] {"0", "-1", "NaN", "1e400", "1e9"});
    prac.put("--per-class", new String[] {"0", "1000001"});
    prac.put("--head-depth", new String[] {"0", "101"});
    prac.put("--widths", new String[] {"0", "8", "24,0", "-1", "100001", "\u0668"});
    prac.put("--lambda-w", new String[] {"-1", "NaN"});
    prac.put("--lambda-h", new String[] {"-1", "1e-400"});
    prac.put("--lr", new String[] {"0", "-1", "11"});
    prac.put("--momentum", new String[] {"1", "-1"});
    prac.put("--measure-every", new String[] {"0", "100001"});
    prac.put("--optimizer", new String[] {"rmsprop"});
    prac.put("--out", new String[] {"", "/etc/passwd"});
    prac.put("--profile", new String[] {"skewed"});
    prac.put("--loss", new String[] {"hinge", "ls", "focal"});
    prac.put("--smoothing", new String[] {"0.1"});
    prac.put("--gamma", new String[] {"2"});
    for (Map.Entry<String, String[]> f : prac.entrySet()) {
      for (String v : f.getValue()) {
        out.add(new Case("flag", f.getKey(), concat(practical, f.getKey(), v)));
      }
    }
    out.add(new Case("flag", "--head-width", concat(practical, "--head-depth", "2", "--head-width", "0")));
    out.add(new Case("flag", "--head-width", concat(practical, "--head-depth", "2", "--head-width", "9")));
    out.add(new Case("flag", "--head-width", concat(practical, "--head-width", "16")));
    for (String[] bad : new String[][] {{"ls", "--smoothing", "1"}, {"ls", "--smoothing", "-0.1"},
        {"ls", "--smoothing", "NaN"}, {"focal", "--gamma", "-1"}, {"focal", "--gamma", "1e400"},
        {"ce", "--smoothing", "0.1"}, {"ls", "--gamma", "2"}, {"mse", "--gamma", "2"}}) {
      String place = bad[0].equals("ls") && bad[1].equals("--gamma") ? "--gamma" : bad[1];
      out.add(new Case("flag", place, concat(practical, "--loss", bad[0], bad[1], bad[2])));
      out.add(new Case("flag", place, "measure", tmp.resolve("absent.npz").toString(), "--loss",
          bad[0], bad[1], bad[2]));
    }
    return out;
  }

  // ------------------------------------------------------------------ conjecture files

  private static final String CONJECTURE = """
      id: user-fuzz
      title: fuzz base
      source: THEORY.md §4
      status: CONJECTURE
      setting: loss=mse bias=none features=free M=1
      vary K: 2..4
      vary n: 1..40
      vary lambdaW: 1e-3..1e-1
      vary lambdaH: 1e-3..1e-1
      predict w_norm_sq: Max[0, Sqrt[nk*lambdaH/lambdaW] - Ntotal*lambdaH]
      """;

  private List<Case> conjectureFiles() throws IOException {
    List<Case> out = new ArrayList<>();
    String[] lines = CONJECTURE.split("\n");
    Map<Integer, String[]> replacements = new LinkedHashMap<>();
    replacements.put(4, new String[] {"setting: loss=mse bias=none features=free M=1000",
        "setting: loss=mse bias=none features=free M=\u0662", "setting: loss=mse bias=none "
        + "features=free M=1 d=0", "setting: loss=mse bias=none features=free M=1 foo=1",
        "setting: loss=mse"});
    replacements.put(5, new String[] {"vary K: 1..4", "vary K: 2..1001", "vary K: \u0662..4",
        "vary K: 2...4", "vary K: 2..4..5", "vary K: 4..2", "vary K: 2.5..4", "vary K: 0x2..4",
        "vary K 2..4", "vary Q: 2..4"});
    replacements.put(6, new String[] {"vary n: 0..40", "vary n: 1..1e9", "vary n: 1..2000000",
        "vary n: -1..4"});
    replacements.put(7, new String[] {"vary lambdaW: 0x1p-3..1", "vary lambdaW: -1..1",
        "vary lambdaW: 1e-400..1", "vary lambdaW: 1e-3..1e400", "vary lambdaW: NaN..1",
        "vary lambdaW: 0..1"});
    replacements.put(3, new String[] {"status: MAYBE"});
    replacements.put(0, new String[] {"id: Not Kebab", "idx: user-fuzz"});
    replacements.put(9, new String[] {"predict nothing: 1", "predict w_norm_sq:"});
    int n = 0;
    for (Map.Entry<Integer, String[]> r : replacements.entrySet()) {
      for (String v : r.getValue()) {
        String[] copy = lines.clone();
        copy[r.getKey()] = v;
        Path f = tmp.resolve("c" + n++ + ".conj");
        Files.writeString(f, String.join("\n", copy) + "\n");
        out.add(new Case("conjecture file", f.toString(), "check", f.toString()));
      }
    }
    for (int i = 0; i < lines.length; i++) { // each required line missing
      if (i == 9) {
        continue; // without a prediction: covered by "no predict line" below
      }
      List<String> copy = new ArrayList<>(Arrays.asList(lines));
      copy.remove(i);
      Path f = tmp.resolve("c" + n++ + ".conj");
      Files.writeString(f, String.join("\n", copy) + "\n");
      out.add(new Case("conjecture file", f.toString(), "check", f.toString()));
    }
    Path noPredict = tmp.resolve("c" + n++ + ".conj");
    Files.writeString(noPredict, String.join("\n", Arrays.copyOf(lines, 9)) + "\n");
    out.add(new Case("conjecture file", noPredict.toString(), "check", noPredict.toString()));
    for (String content : List.of("", "  \n\t\n")) {
      Path f = tmp.resolve("c" + n++ + ".conj");
      Files.writeString(f, content);
      out.add(new Case("conjecture file", f.toString(), "check", f.toString()));
    }
    Path bytes = tmp.resolve("c" + n++ + ".conj");
    Files.write(bytes, withBadByte(CONJECTURE, 3));
    out.add(new Case("conjecture file", bytes + ":4", "check", bytes.toString()));
    out.add(new Case("conjecture file", tmp.resolve("absent.conj").toString(), "check",
        tmp.resolve("absent.conj").toString()));
    out.add(new Case("conjecture file", tmp.toString(), "check", tmp.toString()));
    Path huge = tmp.resolve("c" + n++ + ".conj");
    Files.writeString(huge, CONJECTURE + "#".repeat((int) Limits.MAX_TEXT_FILE_BYTES));
    out.add(new Case("conjecture file", huge.toString(), "check", huge.toString()));
    return out;
  }

  // ------------------------------------------------------------------ proof files

  private static final String PROOF = """
      (* a valid proof *)
      Var[x, Reals, 0, 1]
      f[y_] := y^2
      Step["square", f[x] == x*x]
      """;

  private List<Case> proofFiles() throws IOException {
    List<Case> out = new ArrayList<>();
    List<String> bad = new ArrayList<>(List.of("", "   \n\n\t", "(* prose only *)\n",
        "Var[x, Reals, 0, 1]\n", PROOF + "Step[\"open\", f[x == 1]\n", PROOF + "(* unterminated\n",
        PROOF + "Step[\"s, x == x]\n", PROOF + "Foo[1]\n", PROOF + "Step[\"r\", Import[\"/etc/passwd\"] == 1]\n",
        PROOF + "Step[\"p\", Run[\"ls\"] == 0]\n", PROOF + "Var[y, Complexes, 0, 1]\n",
        PROOF + "Var[y, Reals, 1, 0]\n", PROOF + "Step[\"a\"]\n", PROOF + "Step[\"a\", x]\n",
        PROOF + "Sin[y_] := 0\n", PROOF + "Step[\"c\", a (b + c) == 1]\n", PROOF + "]\n",
        PROOF + "Step[\"m\", x == x}\n", PROOF + "Step[\"j\", JavaNew[\"java.io.File\"] == 1]\n",
        PROOF + "Var[y, Reals, 0]\n", PROOF + "Assume[]\n", PROOF + "Section[1]\n"));
    for (int i = 0; i < 6; i++) { // a non-UTF-8 byte on a random line
      bad.add(null);
    }
    int n = 0;
    for (String content : bad) {
      Path f = tmp.resolve("p" + n++ + ".m");
      String place = f.toString();
      if (content == null) {
        int line = random.nextInt(4);
        Files.write(f, withBadByte(PROOF, line));
        place = f + ":" + (line + 1);
      } else {
        Files.writeString(f, content);
      }
      out.add(new Case("proof file", place, "prove", f.toString()));
    }
    out.add(new Case("proof file", tmp.resolve("absent.m").toString(), "prove",
        tmp.resolve("absent.m").toString()));
    Path huge = tmp.resolve("p" + n++ + ".m");
    Files.writeString(huge, PROOF + "(*" + " ".repeat((int) Limits.MAX_TEXT_FILE_BYTES) + "*)");
    out.add(new Case("proof file", huge.toString(), "prove", huge.toString()));
    return out;
  }

  /** The text with a byte that is not UTF-8 (0xff) at the end of line {@code line} (0-based). */
  private static byte[] withBadByte(String text, int line) {
    String[] lines = text.split("\n", -1);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < lines.length; i++) {
      b.writeBytes(lines[i].getBytes(StandardCharsets.UTF_8));
      if (i == line) {
        b.write(0xff);
      }
      if (i < lines.length - 1) {
        b.write('\n');
      }
    }
    return b.toByteArray();
  }

  // ------------------------------------------------------------------ IDX files

  private static final int IMAGES = 0x803;
  private static final int LABELS = 0x801;

  private List<Case> idxFiles() throws IOException {
    List<Case> out = new ArrayList<>();
    // {file kind, header ints…, body bytes, extra}: images (count, rows, cols) / labels (count)
    List<int[]> imageHeaders = List.of(
        new int[] {LABELS, 200, 28, 28}, new int[] {0x12345678, 200, 28, 28},
        new int[] {IMAGES, -1, 28, 28}, new int[] {IMAGES, 0, 28, 28},
        new int[] {IMAGES, Integer.MAX_VALUE, 28, 28}, new int[] {IMAGES, 200, 0, 28},
        new int[] {IMAGES, 200, 5000, 28}, new int[] {IMAGES, 2_100_000, 1000, 1000},
        new int[] {IMAGES, 1_000_000, 28, 28}, new int[] {IMAGES, 200, 28, 29},
        new int[] {IMAGES, 199, 28, 28});
    List<int[]> labelHeaders = List.of(
        new int[] {IMAGES, 200}, new int[] {LABELS, -5}, new int[] {LABELS, Integer.MAX_VALUE},
        new int[] {LABELS, 10_000_000}, new int[] {LABELS, 201}, new int[] {LABELS, 199});
    int n = 0;
    for (int[] h : imageHeaders) {
      Path dir = dataDir(n++);
      Path f = dir.resolve("train-images-idx3-ubyte.gz");
      writeIdx(f, h, 200 * 28 * 28, random.nextBoolean());
      out.add(idxCase(dir, f));
    }
    for (int[] h : labelHeaders) {
      Path dir = dataDir(n++);
      Path f = dir.resolve("train-labels-idx1-ubyte.gz");
      writeIdx(f, h, 200, random.nextBoolean());
      out.add(idxCase(dir, f));
    }
    // a small gzip that inflates far beyond what its header declares
    Path bomb = dataDir(n++);
    Path bombFile = bomb.resolve("train-labels-idx1-ubyte.gz");
    writeIdx(bombFile, new int[] {LABELS, 200}, 20_000_000, true);
    out.add(idxCase(bomb, bombFile));
    // labels out of range, at a random item
    for (int i = 0; i < 4; i++) {
      Path dir = dataDir(n++);
      Path f = dir.resolve("train-labels-idx1-ubyte.gz");
      int[] labels = new int[200];
      for (int j = 0; j < labels.length; j++) {
        labels[j] = j % 10;
      }
      labels[random.nextInt(200)] = 10 + random.nextInt(246);
      ncverify.data.IdxWriter.writeLabels(f, labels);
      out.add(idxCase(dir, f));
    }
    // truncated and empty files, a folder instead of a file, a missing file
    for (int cut : new int[] {0, 3, 9, 15, 100}) {
      Path dir = dataDir(n++);
      Path f = dir.resolve("train-images-idx3-ubyte.gz");
      byte[] all = Files.readAllBytes(f);
      Files.delete(f);
      Path plain = dir.resolve("train-images-idx3-ubyte");
      writeIdx(plain, new int[] {IMAGES, 200, 28, 28}, 200 * 28 * 28, false);
      byte[] p = Files.readAllBytes(plain);
      Files.write(plain, Arrays.copyOf(p, Math.min(cut, p.length)));
      out.add(idxCase(dir, plain));
      assertTrue(all.length > 0);
    }
    Path folder = dataDir(n++);
    Files.delete(folder.resolve("train-labels-idx1-ubyte.gz"));
    Files.createDirectories(folder.resolve("train-labels-idx1-ubyte.gz"));
    out.add(idxCase(folder, folder));
    Path missing = dataDir(n++);
    Files.delete(missing.resolve("train-images-idx3-ubyte.gz"));
    out.add(idxCase(missing, missing));
    out.add(idxCase(tmp.resolve("absent-data"), tmp.resolve("absent-data")));
    return out;
  }

  /** A valid synthetic data folder (10 classes, 20 images each) to corrupt. */
  private Path dataDir(int n) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data" + n));
    SyntheticImages.write(dir, 10, 20, n);
    return dir;
  }

  private Case idxCase(Path dir, Path file) {
    return new Case("IDX file", file.toString(), "practical", "--data", dir.toString(), "--out",
        tmp.resolve("out").toString(), "--widths", "24,16", "--epochs", "2", "--scale", "0.02",
        "--no-progress");
  }

  /** An IDX file: big-endian header ints, then {@code body} zero bytes; gzip-compressed if asked. */
  static void writeIdx(Path f, int[] header, int body, boolean gzip) throws IOException {
    Files.createDirectories(f.getParent());
    try (OutputStream raw = Files.newOutputStream(f);
        OutputStream o = gzip ? new GZIPOutputStream(raw) : raw) {
      ByteBuffer b = ByteBuffer.allocate(4 * header.length);
      for (int h : header) {
        b.putInt(h);
      }
      o.write(b.array());
      byte[] chunk = new byte[1 << 16];
      for (int left = body; left > 0; left -= chunk.length) {
        o.write(chunk, 0, Math.min(left, chunk.length));
      }
    }
  }

  // ------------------------------------------------------------------ .npz files

  private List<Case> npzFiles() throws IOException {
    List<Case> out = new ArrayList<>();
    List<byte[]> archives = new ArrayList<>();
    archives.add(new byte[0]);
    for (int i = 0; i < 3; i++) { // not a zip at all
      byte[] junk = new byte[1 + random.nextInt(200)];
      for (int j = 0; j < junk.length; j++) {
        junk[j] = (byte) random.nextInt(256);
      }
      archives.add(junk);
      archives.add(zip("features.npy", junk)); // a zip whose entry is not NPY
    }
    String[] headers = {"{'descr': '<f8', 'fortran_order': False, 'shape': (3037000500, 3037000500), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (10, 10), }",
        "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }",
        "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (\u0668,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, }",
        "garbage", "", "{'descr': '<f8', 'shape': (2,), }"};
    for (String h : headers) {
      archives.add(zip("features.npy", npy(h, 16))); // 16 data bytes: too few for most shapes
    }
    archives.add(zip("features.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        64))); // longer than declared
    byte[] badMagic = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16);
    badMagic[1] = 'X';
    archives.add(zip("features.npy", badMagic));
    byte[] hugeHeader = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16);
    hugeHeader[8] = (byte) 0xff;
    hugeHeader[9] = (byte) 0xff;
    hugeHeader[6] = 2; // version 2: a 4-byte header length, here far beyond the file
    archives.add(zip("features.npy", hugeHeader));
    int n = 0;
    for (byte[] a : archives) {
      Path f = tmp.resolve("n" + n++ + ".npz");
      Files.write(f, a);
      out.add(new Case("npz file", f.toString(), "measure", f.toString()));
    }
    out.add(new Case("npz file", tmp.resolve("absent.npz").toString(), "measure",
        tmp.resolve("absent.npz").toString()));
    out.add(new Case("npz file", tmp.toString(), "measure", tmp.toString()));
    return out;
  }

  /** An NPY v1.0 file: magic, header (padded to a multiple of 64), then {@code data} zero bytes. */
  private static byte[] npy(String header, int data) {
    String h = header;
    while ((10 + h.length() + 1) % 64 != 0) {
      h += " ";
    }
    h += "\n";
    byte[] hb = h.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(10 + hb.length + data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) hb.length).put(hb);
    return b.array();
  }

  private static byte[] zip(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(b)) {
      z.putNextEntry(new java.util.zip.ZipEntry(entry));
      z.write(content);
      z.closeEntry();
    }
    return b.toByteArray();
  }

  // ------------------------------------------------------------------ running

  private static String[] concat(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** Runs the command line in-process as {@code main} does; returns {exit code, stderr}. */
  private static String[] run(String... args) {
    Object[] r = TrainCommandTest.run(args);
    return new String[] {r[0].toString(), (String) r[2]};
  }

  private void writeSummary(int total, int failed, long retained) throws IOException {
    StringBuilder sb = new StringBuilder("bad-input fuzz (seed 15): " + total + " inputs, " + failed
        + " mishandled, heap retained " + (retained >> 20) + " MiB\n");
    counts.forEach((s, c) -> sb.append(String.format(java.util.Locale.ROOT,
        "%-16s %4d tried, %4d exit 2 naming the place, %6d ms%n", s, c[0], c[1], c[2])));
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("bad-input-fuzz.txt"), sb.toString());
    }
  }
}

package ncverify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules, enforced on the sources of src/main: no import cycle between packages,
 * and nothing outside {@code ncverify.cli} refers to {@code ncverify.cli}. A reference is an
 * import or a fully qualified name in code (comments and string literals are ignored).
 */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java");
  /** A reference to a type of another ncverify package: package name, then a capitalised type. */
  private static final Pattern REFERENCE = Pattern.compile("\\bncverify((?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  @Test
  void noPackageCycle() {
    Map<String, Set<String>> graph = dependencies();
    assertTrue(graph.size() >= 10, "found only " + graph.keySet());
    assertEquals(List.of(), cycles(graph), "package cycles in src/main: " + graph);
  }

  @Test
  void nothingOutsideCliRefersToCli() {
    dependencies().forEach((from, to) -> {
      if (!from.equals("ncverify.cli")) {
        assertTrue(!to.contains("ncverify.cli"), from + " refers to ncverify.cli");
      }
    });
  }

  @Test
  void negativeControlTheCycleFinderSeesACycle() {
    Map<String, Set<String>> g = new TreeMap<>();
    g.put("a", Set.of("b"));
    g.put("b", Set.of("c"));
    g.put("c", Set.of("a"));
    g.put("d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c")), cycles(g));
    assertEquals(List.of(), cycles(Map.of("a", Set.of("b"), "b", Set.of())));
  }

  /** Package → the other ncverify packages its main sources refer to. */
  static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), ".");
        Set<String> to = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
        String code = COMMENTS_AND_STRINGS.matcher(Files.readString(f)).replaceAll(" ");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          String target = "ncverify" + m.group(1);
          if (!target.equals(pkg)) {
            to.add(target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The strongly connected components with more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, out);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        out.add(component);
      }
    }
  }
}

package ai.lepton;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lib's packages depend on each other without cycles, read from the {@code import} lines of its
 * main sources and the fully qualified names in its code (not in strings or comments). Two rules
 * make the graph: {@code x.internal} counts as part of {@code x} (it is {@code x}'s
 * implementation), and the facade {@code ai.lepton.Lepton} is a node of its own (it is the entry
 * point that builds every action; nothing in lib may import it).
 */
class PackageCyclesTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");
  private static final Pattern QUALIFIED =
      Pattern.compile("(?<![\\w.])(ai\\.lepton(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final String FACADE = "ai.lepton.Lepton";

  @Test
  void libPackagesHaveNoImportCycles() {
    Map<String, Map<String, List<String>>> graph = graph(MAIN);
    assertTrue(graph.size() > 10, "read too few packages from " + MAIN.toAbsolutePath());
    List<String> cycles = new ArrayList<>();
    for (List<String> component : stronglyConnected(graph)) {
      StringBuilder b = new StringBuilder("cycle among " + component + ":");
      for (String from : component) {
        graph
            .get(from)
            .forEach(
                (to, files) -> {
                  if (component.contains(to)) {
                    b.append("\n  ")
                        .append(from)
                        .append(" -> ")
                        .append(to)
                        .append("  ")
                        .append(files);
                  }
                });
      }
      cycles.add(b.toString());
    }
    assertTrue(cycles.isEmpty(), String.join("\n", cycles));
  }

  @Test
  void cycleFinderReportsACycleAndIgnoresAChain() {
    Map<String, Map<String, List<String>>> g = new TreeMap<>();
    edge(g, "a", "b");
    edge(g, "b", "c");
    edge(g, "c", "a");
    edge(g, "c", "d");
    edge(g, "d", "e");
    assertEquals(List.of(List.of("a", "b", "c")), stronglyConnected(g));
  }

  /** The unit a main source file belongs to: its package, folding {@code .internal}. */
  static String unit(String pkg, String className) {
    if ((pkg + "." + className).equals(FACADE)) {
      return FACADE;
    }
    return pkg.endsWith(".internal") ? pkg.substring(0, pkg.length() - ".internal".length()) : pkg;
  }

  /** unit → (imported unit → files that import it). */
  static Map<String, Map<String, List<String>>> graph(Path root) {
    Map<String, Map<String, List<String>>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString().replace(".java", "");
        List<String> lines = Files.readAllLines(file);
        String pkg =
            lines.stream()
                .map(PACKAGE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElse("");
        String from = unit(pkg, name);
        graph.computeIfAbsent(from, k -> new TreeMap<>());
        for (String line : lines) {
          String code = line.strip();
          if (code.startsWith("package ") || code.startsWith("*") || code.startsWith("/*")) {
            continue;
          }
          code = STRING.matcher(code).replaceAll("\"\"").replaceFirst("//.*", "");
          Matcher m = QUALIFIED.matcher(code);
          while (m.find()) {
            String to =
                (m.group(1) + "." + m.group(2)).equals(FACADE) ? FACADE : unit(m.group(1), "");
            if (!to.equals(from)) {
              List<String> seen =
                  graph
                      .computeIfAbsent(from, k -> new TreeMap<>())
                      .computeIfAbsent(to, k -> new ArrayList<>());
              String at = root.relativize(file).toString();
              if (!seen.contains(at)) {
                seen.add(at);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** Tarjan's strongly connected components with more than one node, each sorted. */
  static List<List<String>> stronglyConnected(Map<String, Map<String, List<String>>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> out = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        visit(node, graph, index, low, stack, out);
      }
    }
    return out;
  }

  private static void visit(
      String node,
      Map<String, Map<String, List<String>>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<List<String>> out) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
      if (!index.containsKey(next)) {
        visit(next, graph, index, low, stack, out);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      TreeSet<String> component = new TreeSet<>();
      String popped;
      do {
        popped = stack.pop();
        component.add(popped);
      } while (!popped.equals(node));
      if (component.size() > 1) {
        out.add(List.copyOf(component));
      }
    }
  }

  private static void edge(Map<String, Map<String, List<String>>> g, String from, String to) {
    g.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new ArrayList<>());
    g.computeIfAbsent(to, k -> new TreeMap<>());
  }
}

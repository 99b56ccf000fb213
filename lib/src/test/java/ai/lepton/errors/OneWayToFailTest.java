package ai.lepton.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lib fails one way: with a {@code LeptonException} whose message says what, why and the fix. A JDK
 * exception ({@code IllegalArgumentException}, {@code IllegalStateException}, {@code
 * UncheckedIOException}) reaches a user as exit 3 with a bare JDK message, so lib's main code may
 * create one only where user input cannot reach it, and must say so: a {@code // Invariant, not
 * user input: why} comment at most three lines above, or an entry below naming the file and the
 * reason.
 */
class OneWayToFailTest {

  private static final Path MAIN = Path.of("src/main/java/ai/lepton");

  private static final Pattern JDK_EXCEPTION =
      Pattern.compile(
          "new\\s+(?:java\\.\\w+\\.)?(IllegalArgumentException|IllegalStateException|UncheckedIOException)\\s*\\(");

  private static final String INVARIANT = "// Invariant, not user input:";

  /** Files whose JDK exceptions are accepted, each with the reason. Keep it short. */
  private static final Map<String, String> ALLOWED =
      Map.ofEntries(
          Map.entry(
              "model/DenseLayer.java",
              "record invariants; every reader of a model file wraps them in a ModelException"),
          Map.entry("model/DenseNetwork.java", "record invariants, as DenseLayer's"),
          Map.entry(
              "reconcile/CompletedRun.java",
              "Jackson writing Lepton's own result record cannot fail on user input"),
          Map.entry(
              "storage/internal/CommittingOutput.java",
              "result() before close() is a programming error; ObjectStoreContract pins it"),
          Map.entry(
              "storage/internal/HashingInputStream.java",
              "JDK digests are always cloneable; an invariant"),
          Map.entry(
              "storage/internal/BaseObjectStore.java",
              "ObjectStores picks the store class by the config's type"));

  @Test
  void noJdkExceptionIsCreatedWhereUserInputCanReachIt() throws IOException {
    List<String> unexplained = new ArrayList<>();
    TreeSet<String> filesWithJdkExceptions = new TreeSet<>();
    for (Path file : javaFiles()) {
      String rel = MAIN.relativize(file).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (!JDK_EXCEPTION.matcher(lines.get(i)).find()) {
          continue;
        }
        filesWithJdkExceptions.add(rel);
        if (!ALLOWED.containsKey(rel) && !explained(lines, i)) {
          unexplained.add(rel + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(filesWithJdkExceptions).as("read too few files").isNotEmpty();
    assertThat(unexplained)
        .as(
            "JDK exceptions a user can reach: throw the area's factory (ModelErrors,"
                + " ExportErrors, TrainErrors, ..., or Failures.wrap) instead, or mark a true"
                + " invariant with '"
                + INVARIANT
                + " why'")
        .isEmpty();
    assertThat(filesWithJdkExceptions)
        .as("allow-list entries for files that no longer create JDK exceptions: remove them")
        .containsAll(ALLOWED.keySet());
  }

  @Test
  void everyAreaFactoryBuildsLeptonExceptionsOnly() throws IOException {
    Map<String, String> factories = new TreeMap<>();
    for (Path file : javaFiles()) {
      String name = file.getFileName().toString();
      if (name.endsWith("Errors.java")) {
        factories.put(MAIN.relativize(file).toString(), Files.readString(file));
      }
    }
    assertThat(factories.keySet())
        .as("the area factories")
        .contains(
            "model/ModelErrors.java",
            "export/ExportErrors.java",
            "train/TrainErrors.java",
            "quantize/QuantizeErrors.java",
            "reconcile/ReconcileErrors.java",
            "plan/PlanErrors.java",
            "demo/DemoErrors.java");
    factories.forEach(
        (file, text) ->
            assertThat(JDK_EXCEPTION.matcher(text).find())
                .as(file + " builds a JDK exception")
                .isFalse());
  }

  private static boolean explained(List<String> lines, int at) {
    for (int j = Math.max(0, at - 3); j < at; j++) {
      if (lines.get(j).contains(INVARIANT)) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}

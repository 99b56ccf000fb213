package ai.lepton;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.gpu.GpuCheckResult;
import ai.lepton.pipeline.PipelineResult;
import ai.lepton.track.RunRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract every job result keeps: status words in reports, and one interface for all. */
class JobResultTest {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void statusIsWrittenAndPrintedAsItsLowercaseWord() throws IOException {
    for (JobResult.Status s : JobResult.Status.values()) {
      String word = s.name().toLowerCase(java.util.Locale.ROOT);
      assertThat(JSON.writeValueAsString(s)).isEqualTo("\"" + word + "\"");
      assertThat(s.toString()).isEqualTo(word);
      assertThat("%s".formatted(s)).isEqualTo(word);
      assertThat(JSON.readValue("\"" + word + "\"", JobResult.Status.class)).isEqualTo(s);
    }
    assertThat(Arrays.stream(JobResult.Status.values()).map(JobResult.Status::word))
        .containsExactly("succeeded", "failed", "refused", "drift");
  }

  @Test
  void aResultsReportKeepsItsFieldsAndStatusWord() throws IOException {
    GpuCheckResult gpu =
        new GpuCheckResult(
            "gpu-check",
            JobResult.Status.FAILED,
            "reconcile",
            "rapids.jar",
            0.5,
            0.4,
            2,
            1,
            List.of(),
            List.of("a note"));
    JsonNode json = JSON.readTree(JSON.writeValueAsString(gpu));
    assertThat(json.path("status").asText()).isEqualTo("failed");
    assertThat(fieldNames(json))
        .containsExactly(
            "job",
            "status",
            "checkedJob",
            "rapidsJar",
            "coverage",
            "workCoverage",
            "operators",
            "fallbackCount",
            "phases",
            "notes");
    assertThat(gpu.summary())
        .startsWith(
            "GPU check of reconcile failed (--fail-on-fallback): 50% of 2 operators on GPU (40% of"
                + " estimated work), 1 on CPU"
                + System.lineSeparator())
        .contains("Note: a note" + System.lineSeparator());
    assertThat(gpu.runId()).isNull();
    assertThat(gpu.succeeded()).isFalse();

    PipelineResult pipeline =
        new PipelineResult(
            "pipeline",
            JobResult.Status.SUCCEEDED,
            "run-1",
            Instant.parse("2026-12-07T01:00:00Z"),
            12,
            null,
            null,
            List.of(),
            null);
    JsonNode p = JSON.readTree(JSON.writeValueAsString(pipeline));
    assertThat(p.path("status").asText()).isEqualTo("succeeded");
    assertThat(fieldNames(p)).doesNotContain("succeeded", "summary");
    assertThat(pipeline.succeeded()).isTrue();
  }

  @Test
  void resultsAreImmutable() {
    List<String> notes = new ArrayList<>(List.of("one"));
    GpuCheckResult r =
        new GpuCheckResult(
            "gpu-check",
            JobResult.Status.SUCCEEDED,
            "train",
            "rapids.jar",
            1,
            1,
            0,
            0,
            List.of(),
            notes);
    notes.add("two");
    assertThat(r.notes()).containsExactly("one");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.notes().add("three"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /**
   * Every record of lib that reports a job (it has {@code job} and {@code status} components)
   * implements {@link JobResult}. Java allows a sealed interface's subclasses in other packages
   * only inside a named module, so this test stands in for {@code permits}. The runs table's row
   * ({@link RunRecord}) is not a result: it stores the status as its word.
   */
  @Test
  void everyJobResultOfLibImplementsTheInterface() throws Exception {
    Set<String> reports = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, getClass().getClassLoader());
        if (!type.isRecord() || type == RunRecord.class) {
          continue;
        }
        Set<String> components =
            Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName())
                .collect(Collectors.toSet());
        if (components.contains("job") && components.contains("status")) {
          reports.add(type.getSimpleName());
          if (!JobResult.class.isAssignableFrom(type)) {
            missing.add(type.getName());
          }
        }
      }
    }
    assertThat(reports)
        .as("the scan of %s found the job results", CLASSES.toAbsolutePath())
        .contains(
            "ReconcileResult",
            "SyncResult",
            "TrainResult",
            "QuantizeResult",
            "ExportResult",
            "PipelineResult",
            "PlanResult",
            "MonitorResult",
            "DistillResult",
            "GpuCheckResult");
    assertThat(missing).as("job results that do not implement JobResult").isEmpty();
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

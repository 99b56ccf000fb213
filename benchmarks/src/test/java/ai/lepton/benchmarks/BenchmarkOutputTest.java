package ai.lepton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' flags (picocli) and the upload results file (Jackson). */
class BenchmarkOutputTest {

  @Test
  void reconcileFlagsReadListsNumbersAndSwitches() {
    ReconcileBenchmark.Options o =
        ReconcileBenchmark.Options.parse(
            new String[] {"--rows", "10,20", "--files", "3", "--profile", "--out", "r.md"});
    assertThat(o.rows()).containsExactly(10L, 20L);
    assertThat(o.files()).isEqualTo(3);
    assertThat(o.reps()).isEqualTo(3);
    assertThat(o.profile()).isTrue();
    assertThat(o.out()).isEqualTo(Path.of("r.md"));
    assertThat(o.runs()).isEqualTo(ReconcileBenchmark.RUNS.size());
  }

  @Test
  void uploadJsonEscapesArgumentsAndKeepsOneRunPerLine() throws Exception {
    List<UploadBenchmark.Run> runs =
        List.of(
            new UploadBenchmark.Run("s3proxy", "multipart", 1, 1 << 20, 0.5, 9, 8, 7, 2, "NONE"),
            new UploadBenchmark.Run(
                "azurite", "single-request", 1, 1 << 20, 2, 9, 8, 7, 1, "NONE"));
    String json = Report.json(runs, 1, new String[] {"--out", "C:\\results \"new\""});

    JsonNode parsed = new ObjectMapper().readTree(json);
    assertThat(parsed.get("args").asText()).isEqualTo("--out C:\\results \"new\"");
    assertThat(parsed.get("runs")).hasSize(2);
    assertThat(parsed.at("/runs/0/mibPerSecond").asDouble()).isEqualTo(2.0);
    List<String> lines = json.lines().toList();
    assertThat(lines.get(0)).isEqualTo("{");
    assertThat(lines.get(1)).isEqualTo("  \"benchmark\": \"multipart-upload\",");
    assertThat(lines)
        .contains(
            "    {\"target\": \"s3proxy\", \"mode\": \"multipart\", \"rep\": 1, \"bytes\": 1048576,"
                + " \"seconds\": 0.500, \"mibPerSecond\": 2.00, \"parts\": 2, \"verification\":"
                + " \"NONE\", \"peakHeapBytes\": 9, \"peakLiveHeapBytes\": 8, \"baseHeapBytes\":"
                + " 7},");
    assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("  ]", "}");
  }
}

package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton.pipeline.distill}: {@code lepton pipeline} trains an XGBoost teacher, distills it
 * into a djl.mlp student, quantizes the student and exports it, the exported manifest naming the
 * teacher; a distill gate the student cannot pass stops the pipeline with exit 1 and nothing
 * exported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineDistillIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path conf;

  @BeforeAll
  static void sources() throws Exception {
    SparkSession spark = TestSpark.session();
    Dataset<Row> rows = TrainData.rows(spark, 1500, 31, 0);
    for (String copy : new String[] {"a", "b"}) {
      rows.write().parquet(dir.resolve("src-" + copy).toString());
    }
    conf = dir.resolve("pipeline.conf");
    Files.writeString(
        conf,
        TrainData.binaryConfig("", "xgboost", dir.resolve("work").toString())
            + """
            lepton {
              reconcile {
                key = ["id"]
                resolve.policy = "priority"
                sources = [
                  { name = a, uri = "%1$s/src-a", format = parquet }
                  { name = b, uri = "%1$s/src-b", format = parquet }
                ]
                output {
                  golden = "%1$s/golden", discrepancies = "%1$s/discrepancies"
                  quarantine = "%1$s/quarantine"
                }
              }
              train.xgboost { num-round = 30, max-depth = 4 }
              distill {
                student { hidden = [8], rounds = 3, local-steps = 40, workers = 2 }
                gate { timing-ms = 50, min-speed-ratio = 0 }
              }
              quantize.gate { timing-ms = 50, min-size-ratio = 0, min-speed-ratio = 0 }
              export.targets = [ { name = "local", type = "local", uri = "%1$s/serving" } ]
              pipeline.distill = "before-quantize"
            }
            """
                .formatted(dir));
  }

  @Test
  @Order(1)
  void trainDistillQuantizeExportPublishesTheStudentNamingItsTeacher() throws Exception {
    Path reportFile = dir.resolve("report.json");
    Cli cli = Cli.run("pipeline", "-c", conf.toString(), "--report", reportFile.toString());

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("Distill ").contains("xgboost teacher -> djl.mlp [8] student");
    JsonNode r = JSON.readTree(reportFile.toFile());
    assertThat(r.get("steps"))
        .extracting(s -> s.get("job").asText())
        .containsExactly("reconcile", "train", "distill", "quantize", "export");
    String teacher = r.at("/steps/1/model/uri").asText();
    JsonNode distill = r.at("/steps/2");
    String student = distill.at("/model/uri").asText();
    assertThat(distill.at("/teacher/uri").asText()).isEqualTo(teacher);
    assertThat(distill.at("/gate/passed").asBoolean()).isTrue();
    assertThat(distill.at("/gate/sizeRatio").asDouble()).isGreaterThanOrEqualTo(5.0);
    assertThat(student).isEqualTo(teacher + "-student");
    JsonNode quantize = r.at("/steps/3");
    String int8 = quantize.at("/model/uri").asText();
    assertThat(r.at("/steps/4/model/source").asText()).isEqualTo(int8);

    JsonNode exported = JSON.readTree(exportedManifests().get(0).toFile());
    assertThat(exported.at("/lineage/sourceModel").asText()).isEqualTo(int8);
    assertThat(exported.at("/lineage/runIds/sourceModel").asText()).isEqualTo(student);
    assertThat(exported.at("/lineage/runIds/teacher").asText()).isEqualTo(teacher);
    assertThat(exported.at("/lineage/runIds/teacherAlgorithm").asText()).isEqualTo("xgboost");
    assertThat(exported.get("algorithm").asText()).isEqualTo("djl.mlp");
    assertThat(exported.get("format").asText()).isEqualTo("onnx");
  }

  @Test
  @Order(2)
  void aRefusedDistillGateStopsThePipelineWithExitOneAndExportsNothing() throws Exception {
    int before = exportedManifests().size();
    Path reportFile = dir.resolve("refused.json");
    Cli cli =
        Cli.run(
            "pipeline",
            "-c",
            conf.toString(),
            "--set",
            "lepton.pipeline.distill=instead-of-quantize",
            "--set",
            "lepton.distill.gate.min-size-ratio=1000000",
            "--report",
            reportFile.toString());

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(Main.GATE_FAILED);
    assertThat(cli.out()).contains("stopped at distill, the distill gate failed: student");
    JsonNode r = JSON.readTree(reportFile.toFile());
    assertThat(r.get("failedStep").asText()).isEqualTo("distill");
    assertThat(r.get("reason").asText()).contains("min-size-ratio").contains("not exportable");
    assertThat(r.get("steps"))
        .extracting(s -> s.get("job").asText())
        .containsExactly("reconcile", "train", "distill");
    assertThat(r.at("/steps/2/model/exportable").asBoolean()).isFalse();
    assertThat(exportedManifests()).as("nothing exported").hasSize(before);
  }

  @Test
  @Order(3)
  void untilAStepTheDistillModeLeavesOutIsRefusedBeforeAnyWork() {
    Cli cli =
        Cli.run(
            "pipeline",
            "-c",
            conf.toString(),
            "--set",
            "lepton.pipeline.distill=instead-of-quantize",
            "--until",
            "quantize");

    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains("--until quantize names a step this pipeline does not run")
        .contains("lepton.pipeline.distill = instead-of-quantize");
  }

  private static List<Path> exportedManifests() throws Exception {
    Path serving = dir.resolve("serving");
    if (!Files.exists(serving)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(serving)) {
      return files.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
    }
  }
}

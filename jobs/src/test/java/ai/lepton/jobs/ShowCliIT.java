package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepton show} honours {@code --json} and {@code --report} like every other command. */
class ShowCliIT {

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    spark = TestSpark.session();
  }

  @Test
  void showPrintsJsonWithJsonAndWritesTheReport() throws IOException {
    String table = dir.resolve("t").toString();
    spark
        .sql("SELECT id, CAST(id * 10 AS INT) AS amount FROM range(5)")
        .write()
        .format("delta")
        .save(table);
    Path report = dir.resolve("show.json");

    Cli cli =
        Cli.run(
            "show",
            table,
            "--where",
            "id >= 2",
            "--limit",
            "2",
            "--json",
            "--report",
            report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).doesNotContain("+---").doesNotContain("rows\n");
    JsonNode printed = new ObjectMapper().readTree(cli.out());
    assertThat(printed.path("job").asText()).isEqualTo("show");
    assertThat(printed.path("count").asLong()).isEqualTo(3);
    assertThat(printed.path("columns").toString()).isEqualTo("[\"id\",\"amount\"]");
    assertThat(printed.path("rows")).hasSize(2);
    assertThat(printed.path("rows").get(0).path("amount").asInt()).isEqualTo(20);
    assertThat(printed.has("text")).isFalse();
    assertThat(new ObjectMapper().readTree(report.toFile())).isEqualTo(printed);

    Cli plain = Cli.run("show", table, "--limit", "1");
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.out()).contains("+---").contains("5 rows");
  }

  @Test
  void aFailedShowWritesAFailureReport() throws IOException {
    Path report = dir.resolve("failed.json");
    Cli cli = Cli.run("show", dir.resolve("missing").toString(), "--report", report.toString());
    assertThat(cli.exitCode()).isEqualTo(Main.RUNTIME);
    assertThat(cli.err()).contains("Cannot show");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("status").asText()).isEqualTo("failed");
    assertThat(json.path("error").asText()).contains("Cannot show");
  }
}

package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

  private static final String RECONCILE_500_GB =
      """
      lepton.reconcile.sources = [
        { name = aws, uri = "s3a://acme-data/accounts/", format = csv }
        { name = azure, uri = "wasbs://data@acme.blob.core.windows.net/accounts/", format = json }
      ]
      lepton.plan {
        input-gb = 500
        data-regions { aws = us-east-1, azure = eastus }
        constraints.deadline-hours = 2
      }
      """;

  @TempDir Path dir;

  private Path conf(String text) throws IOException {
    Path file = dir.resolve("plan.conf");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void planPrintsTheRankedTableWritesDefinitionsAndTheReport() throws IOException {
    Path out = dir.resolve("out");
    Path report = dir.resolve("report.json");
    Cli cli =
        Cli.run(
            "plan",
            "-c",
            conf(RECONCILE_500_GB).toString(),
            "--out",
            out.toString(),
            "--report",
            report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains(
            "Plan for reconcile: 500 GB (aws 250 GB in aws/us-east-1, azure 250 GB in"
                + " azure/eastus), ranked by cost")
        .contains("deadline-hours")
        .contains("platform")
        .contains("why: cheapest of")
        .contains("Wrote to " + out);
    assertThat(out.resolve("spark-submit.args")).isRegularFile();
    assertThat(out.resolve("spark-submit.sh")).isRegularFile();
    assertThat(out.resolve("emr-cluster.json")).isRegularFile();
    assertThat(out.resolve("databricks-job.json")).isRegularFile();
    assertThat(Files.readString(out.resolve("spark-submit.args")))
        .contains("lepton-jobs-0.")
        .contains("-cluster.jar\nreconcile\n-c\nreconcile.conf\n");

    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("job").asText()).isEqualTo("plan");
    assertThat(json.path("status").asText()).isEqualTo("succeeded");
    assertThat(json.path("plannedJob").asText()).isEqualTo("reconcile");
    assertThat(json.path("inputGb").asDouble()).isEqualTo(500.0);
    JsonNode best = json.path("plans").get(0);
    for (String field :
        new String[] {
          "cloud",
          "region",
          "platform",
          "instanceType",
          "nodes",
          "spot",
          "estimatedHours",
          "estimatedCost",
          "costBreakdown",
          "why"
        }) {
      assertThat(best.has(field)).as(field).isTrue();
    }
    assertThat(best.path("rank").asInt()).isEqualTo(1);
    assertThat(best.path("estimatedHours").asDouble()).isPositive().isLessThanOrEqualTo(2.0);
    JsonNode costs = best.path("costBreakdown");
    assertThat(
            costs.path("workers").asDouble()
                + costs.path("driver").asDouble()
                + costs.path("platformFee").asDouble()
                + costs.path("egress").asDouble())
        .isCloseTo(
            best.path("estimatedCost").asDouble(), org.assertj.core.api.Assertions.within(0.03));
    assertThat(costs.path("egress").asDouble()).isPositive();
    assertThat(json.path("outputs").get(0).path("file").asText()).endsWith("spark-submit.args");
    assertThat(json.path("removed").findValuesAsText("constraint")).contains("deadline-hours");
  }

  @Test
  void jsonPrintsOnlyTheReportAndTopLimitsThePlans() throws IOException {
    Cli cli =
        Cli.run(
            "plan", "-c", conf(RECONCILE_500_GB).toString(), "--json", "--no-files", "--top", "2");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.path("plans")).hasSize(2);
    assertThat(json.path("outputs")).isEmpty();
  }

  @Test
  void noFeasiblePlanExitsOneAndSaysWhichConstraintRemovedHowMany() throws IOException {
    Path report = dir.resolve("report.json");
    Cli cli =
        Cli.run(
            "plan",
            "-c",
            conf(RECONCILE_500_GB).toString(),
            "--set",
            "lepton.plan.constraints.deadline-hours=0.05",
            "--set",
            "lepton.plan.constraints.max-total-cost=5",
            "--report",
            report.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(cli.exitCode()).isEqualTo(Main.GATE_FAILED);
    assertThat(cli.out())
        .contains("No plan satisfies the constraints. Of ")
        .containsPattern(
            "deadline-hours \\(0\\.05 h\\) removed [\\d,]+; fastest candidate checked:")
        .contains("Relax the constraints under lepton.plan.constraints");
    assertThat(dir.resolve("out")).doesNotExist();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("status").asText()).isEqualTo("failed");
    assertThat(json.path("plans")).isEmpty();
    long removed = 0;
    for (JsonNode r : json.path("removed")) {
      removed += r.path("removed").asLong();
    }
    assertThat(removed).isEqualTo(json.path("candidates").asLong());
  }

  @Test
  void aBadCatalogRowIsBadConfigNamingFileAndLine() throws IOException {
    Path instances = dir.resolve("instances.csv");
    Files.writeString(
        instances,
        "cloud,region,instance_type,vcpus,memory_gib,gpu_name,gpu_count,gpu_memory_gib,"
            + "price_per_hour,spot_price_per_hour\naws,us-east-1,m5.xlarge,4,16,,,,0.192,\n"
            + "aws,us-east-1,m5.2xlarge,8,32,,,,cheap,\n");
    Path report = dir.resolve("report.json");
    Cli cli =
        Cli.run(
            "plan",
            "-c",
            conf(RECONCILE_500_GB).toString(),
            "--set",
            "lepton.plan.catalog.instances=" + instances,
            "--report",
            report.toString());

    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains(instances + " line 3: price_per_hour is 'cheap', which is not a number");
    assertThat(new ObjectMapper().readTree(report.toFile()).path("status").asText())
        .isEqualTo("failed");
  }

  @Test
  void badPlanConfigIsBadUsage() throws IOException {
    Cli cli =
        Cli.run(
            "plan",
            "-c",
            conf(RECONCILE_500_GB).toString(),
            "--set",
            "lepton.plan.constraints.platforms=[\"emr\", \"glue\"]");
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("names 'glue', which is not a platform");

    Cli noInput = Cli.run("plan");
    assertThat(noInput.exitCode()).isEqualTo(Main.USAGE);
    assertThat(noInput.err()).contains("No input to plan for");
  }

  @Test
  void anUnwritableOutputFolderIsARunTimeFailure() throws IOException {
    Path file = dir.resolve("not-a-folder");
    Files.writeString(file, "x");
    Cli cli = Cli.run("plan", "-c", conf(RECONCILE_500_GB).toString(), "--out", file.toString());
    assertThat(cli.exitCode()).isEqualTo(Main.RUNTIME);
    assertThat(cli.err()).contains("Cannot write").contains("--out or lepton.plan.output-dir");
  }
}

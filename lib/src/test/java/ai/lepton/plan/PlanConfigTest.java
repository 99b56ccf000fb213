package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class PlanConfigTest {

  private static PlanConfig parse(String hocon) {
    return PlanConfig.from(LeptonConfig.parse(hocon));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    PlanConfig c = parse("");
    assertThat(c.job()).isEqualTo("reconcile");
    assertThat(c.rankBy()).isEqualTo(PlanConfig.RankBy.COST);
    assertThat(c.constraints().platforms())
        .containsExactly(Platform.EMR, Platform.DATABRICKS, Platform.DATAPROC);
    assertThat(c.constraints().maxNodes()).isEqualTo(100);
    assertThat(c.driverInstance()).containsEntry("aws", "m5.xlarge");
    assertThat(c.gpu().relativeSpeed("T4")).isEqualTo(1.0);
    assertThat(c.gpu().relativeSpeed("B200")).isEqualTo(1.0);
    assertThat(c.emr().releaseLabel()).isEqualTo("emr-7.9.0");
    assertThat(c.catalog()).isEqualTo(PriceCatalog.Sources.builtIn());
    assertThat(new ConfiguredThroughput(LeptonConfig.parse("")).forJob("reconcile"))
        .isEqualTo(
            new Throughput(15, 2.0, "configured default (lepton.plan.throughput.reconcile)"));
  }

  @Test
  void gpuSpeedsAreAnOpenMap() {
    PlanConfig c = parse("lepton.plan.gpu.relative-speed { B200 = 6.5 }");
    assertThat(c.gpu().relativeSpeed("B200")).isEqualTo(6.5);
    assertThat(c.gpu().relativeSpeed("H100")).isEqualTo(4.0);
  }

  @Test
  void badValuesNameTheKeyAndTheFix() {
    assertThatThrownBy(() -> parse("lepton.plan.job = ingest"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lepton.plan.job is 'ingest'; use one of reconcile, train, quantize, export.");
    assertThatThrownBy(() -> parse("lepton.plan.rank-by = price"))
        .hasMessage("lepton.plan.rank-by is 'price'; use cost or time.");
    assertThatThrownBy(() -> parse("lepton.plan.constraints { min-nodes = 5, max-nodes = 2 }"))
        .hasMessageContaining("lepton.plan.constraints.max-nodes is 2, below")
        .hasMessageContaining("min-nodes (5)");
    assertThatThrownBy(() -> parse("lepton.plan.constraints.platforms = [emr, glue]"))
        .hasMessageContaining("names 'glue', which is not a platform. Use any of: emr, databricks");
    assertThatThrownBy(() -> parse("lepton.plan.constraints.deadline-hours = -1"))
        .hasMessage("lepton.plan.constraints.deadline-hours is -1.0; it must be 0 or more.");
    assertThatThrownBy(() -> parse("lepton.plan.constraints.deadline-hours = soon"))
        .hasMessageContaining("Config key lepton.plan.constraints.deadline-hours must be a number");
  }

  @Test
  void unknownKeysInPlanSourcesAreRefusedWithTheNearest() {
    assertThatThrownBy(
            () -> parse("lepton.plan.sources = [ { name = a, region = x, size_gb = 3 } ]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.plan.sources[0].size_gb")
        .hasMessageContaining("Did you mean lepton.plan.sources[].size-gb?");
  }

  @Test
  void constraintNamesMustBeInTheCatalog() {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.plan { input-gb = 1, sources = [ { name = a, uri = \"/x\" } ],"
                + " constraints { clouds = [aws, gcq], gpu-types = [A100, A1000] } }");
    assertThatThrownBy(() -> new PlanAction(config).writeFiles(false).execute())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "lepton.plan.constraints.clouds names gcq, which the price catalog does not have. It"
                + " has: aws, azure, gcp.");
  }

  @Test
  void plansForEveryJobType() {
    for (String job : PlanConfig.JOBS) {
      PlanResult r =
          plan(
              "lepton.plan { job = "
                  + job
                  + ", sources = [ { name = a, uri = \"s3a://b/k\", size-gb = 100 } ],"
                  + " data-regions.aws = us-east-1 }");
      assertThat(r.plannedJob()).isEqualTo(job);
      assertThat(r.succeeded()).isTrue();
    }
  }

  private static PlanResult plan(String hocon) {
    return ai.lepton.Lepton.plan(LeptonConfig.parse(hocon)).writeFiles(false).execute();
  }
}

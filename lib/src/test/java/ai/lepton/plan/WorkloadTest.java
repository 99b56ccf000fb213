package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private static final String RECONCILE =
      "lepton.reconcile.sources = [\n"
          + "  { name = aws, uri = \"s3a://acme-us/accounts/\", format = csv }\n"
          + "  { name = eu, uri = \"s3://acme-eu/accounts/\", format = csv }\n"
          + "  { name = azure, uri = \"wasbs://data@acme.blob.core.windows.net/accounts/\","
          + " format = json }\n"
          + "  { name = disk, uri = \"/mnt/accounts/\", format = parquet }\n"
          + "]\n";

  private static Workload workload(String hocon) {
    LeptonConfig config = LeptonConfig.parse(hocon);
    return Workload.from(config, PlanConfig.from(config));
  }

  @Test
  void reconcileSourcesGiveCloudsByUriSchemeAndRegionsByPrefixOrCloud() {
    Workload w =
        workload(
            RECONCILE
                + "lepton.plan { input-gb = 400, data-regions { aws = us-east-1, azure = eastus,"
                + " \"s3://acme-eu/\" = eu-west-1 } }");

    assertThat(w.job()).isEqualTo("reconcile");
    assertThat(w.sources())
        .extracting(s -> s.name() + " " + s.location() + " " + s.sizeGb())
        .containsExactly(
            "aws aws/us-east-1 100.0",
            "eu aws/eu-west-1 100.0",
            "azure azure/eastus 100.0",
            "disk local 100.0");
    assertThat(w.inputGb()).isEqualTo(400.0);
  }

  @Test
  void planSourcesAddToReconcileSourcesByName() {
    Workload w =
        workload(
            RECONCILE
                + "lepton.plan { input-gb = 450, data-regions { aws = us-east-1 }, sources = [\n"
                + "  { name = eu, region = eu-central-1, size-gb = 250 }\n"
                + "  { name = azure, region = westeurope }\n"
                + "  { name = extra, cloud = gcp, region = us-central1, size-gb = 50 } ] }");

    assertThat(w.sources())
        .extracting(s -> s.name() + " " + s.location() + " " + s.sizeGb())
        .containsExactly(
            "aws aws/us-east-1 50.0",
            "eu aws/eu-central-1 250.0",
            "azure azure/westeurope 50.0",
            "disk local 50.0",
            "extra gcp/us-central1 50.0");
  }

  @Test
  void otherJobsIgnoreTheReconcileSources() {
    Workload w =
        workload(
            RECONCILE
                + "lepton.plan { job = train, sources = [ { name = golden, uri ="
                + " \"gs://acme/golden\", region = us-central1, size-gb = 80 } ] }");
    assertThat(w.sources()).hasSize(1);
    assertThat(w.sources().get(0).location()).isEqualTo(new Location("gcp", "us-central1"));
  }

  @Test
  void aSourceWithoutARegionSaysWhereToSetIt() {
    assertThatThrownBy(() -> workload(RECONCILE + "lepton.plan.input-gb = 10"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot tell which region source 'aws' (s3a://acme-us/accounts/) is in. Set"
                + " lepton.plan.data-regions.aws = \"<region>\", or give the source a region in"
                + " lepton.plan.sources, e.g. [ { name = \"aws\", region = \"<region>\" } ].");
  }

  @Test
  void anUnknownSchemeNeedsAnExplicitCloud() {
    assertThatThrownBy(
            () ->
                workload(
                    "lepton.plan.sources = [ { name = h, uri = \"hdfs://nn/data\", size-gb = 1 }"
                        + " ]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot tell which cloud holds source 'h' (hdfs://nn/data")
        .hasMessageContaining("{ name = \"h\", cloud = \"aws\", region = \"us-east-1\" }");
  }

  @Test
  void sizesMustBeKnown() {
    assertThatThrownBy(() -> workload("lepton.plan.sources = [ { name = a, uri = \"/x\" } ]"))
        .hasMessageContaining("Cannot tell how big the input is")
        .hasMessageContaining("Set lepton.plan.input-gb to the total");
    assertThatThrownBy(
            () ->
                workload(
                    "lepton.plan { input-gb = 10, sources = [ { name = a, uri = \"/x\", size-gb ="
                        + " 4 } ] }"))
        .hasMessageContaining("input-gb is 10 but the sources' size-gb add up to 4");
    assertThatThrownBy(() -> workload("lepton.plan.input-gb = 10"))
        .hasMessageContaining(
            "No input to plan for: lepton.plan.sources is empty and so is"
                + " lepton.reconcile.sources");
  }

  @Test
  void uriSchemesMapToClouds() {
    assertThat(Workload.cloudOf("s3a://b/k")).hasValue("aws");
    assertThat(Workload.cloudOf("S3://b/k")).hasValue("aws");
    assertThat(Workload.cloudOf("abfss://c@a.dfs.core.windows.net/p")).hasValue("azure");
    assertThat(Workload.cloudOf("wasb://c@a.blob.core.windows.net/p")).hasValue("azure");
    assertThat(Workload.cloudOf("gs://b/p")).hasValue("gcp");
    assertThat(Workload.cloudOf("file:/tmp/x")).hasValue("local");
    assertThat(Workload.cloudOf("relative/path")).hasValue("local");
    assertThat(Workload.cloudOf("dbfs:/x")).isEmpty();
  }
}

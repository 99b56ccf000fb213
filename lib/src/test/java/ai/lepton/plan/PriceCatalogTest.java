package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {

  private static PriceCatalog builtIn;

  @TempDir Path dir;

  @BeforeAll
  static void loadTheBuiltInCatalog() {
    builtIn = PriceCatalog.builtIn();
  }

  private InstanceOffer offer(String cloud, String region, String name) {
    return builtIn.offer(cloud, region, name).orElseThrow(() -> new AssertionError(name));
  }

  @Test
  void builtInCatalogHasEveryCloudAndRegionOfTheSnapshot() {
    assertThat(builtIn.offers())
        .extracting(o -> o.location().toString())
        .contains("aws/us-east-1", "aws/eu-west-1", "azure/eastus", "gcp/us-central1")
        .contains("gcp/europe-west4");
    InstanceOffer m5 = offer("aws", "us-east-1", "m5.xlarge");
    assertThat(m5.vcpus()).isEqualTo(4);
    assertThat(m5.memoryGib()).isEqualTo(16.0);
    assertThat(m5.onDemandPerHour()).isEqualTo(0.192);
    assertThat(m5.spotPerHour()).hasValue(0.0597);
    InstanceOffer g4 = offer("aws", "us-east-1", "g4dn.12xlarge");
    assertThat(g4.gpuName()).isEqualTo("T4");
    assertThat(g4.gpuCount()).isEqualTo(4);
  }

  @Test
  void gcpGpuMachinesArePricedWithTheirAccelerator() {
    InstanceOffer a2 = offer("gcp", "us-central1", "a2-highgpu-1g");
    assertThat(a2.onDemandPerHour()).isCloseTo(0.73948 + 2.93391, within(1e-9));
    assertThat(a2.spotPerHour().getAsDouble()).isCloseTo(0.29576 + 1.1472, within(1e-9));
    assertThat(a2.gpuName()).isEqualTo("A100");
    assertThat(a2.gpuCount()).isEqualTo(1);
    assertThat(a2.gpuMemoryGib()).isEqualTo(40.0);
    assertThat(offer("gcp", "us-central1", "g2-standard-24").gpuCount()).isEqualTo(2);
    assertThat(offer("gcp", "europe-west4", "a3-highgpu-8g").onDemandPerHour())
        .isCloseTo(9.93306 + 101.88413, within(1e-9));

    InstanceOffer n1 = offer("gcp", "us-central1", "n1-standard-8");
    assertThat(n1.hasGpu()).isFalse();
    InstanceOffer n1t4 = offer("gcp", "us-central1", "n1-standard-8+T4x2");
    assertThat(n1t4.machineType()).isEqualTo("n1-standard-8");
    assertThat(n1t4.gpuCount()).isEqualTo(2);
    assertThat(n1t4.onDemandPerHour()).isCloseTo(0.38 + 0.7, within(1e-9));
    assertThat(builtIn.offer("gcp", "us-central1", "n1-standard-64+T4x1")).isEmpty();
  }

  @Test
  void knownOdditiesOfTheSnapshotAreHandled() {
    InstanceOffer h100 = offer("azure", "eastus", "Standard_NC40ads_H100_v5");
    assertThat(h100.spotPerHour()).isEmpty();
    assertThat(builtIn.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("Standard_NC40ads_H100_v5: spot price $6.98 is not below on-demand")
                    .contains("instances.csv (built in) line 123"));
    assertThat(offer("azure", "eastus", "Standard_ND96isr_H100_v5").gpuCount()).isEqualTo(8);
  }

  @Test
  void egressIsFreeInRegionAndPricedByTheCloudHoldingTheData() {
    Location awsUs = new Location("aws", "us-east-1");
    Location awsEu = new Location("aws", "eu-west-1");
    Location azure = new Location("azure", "eastus");
    Location gcpUs = new Location("gcp", "us-central1");
    Location gcpEu = new Location("gcp", "europe-west4");
    assertThat(builtIn.egressUsdPerGb(awsUs, awsUs)).isZero();
    assertThat(builtIn.egressUsdPerGb(Location.LOCAL, awsUs)).isZero();
    assertThat(builtIn.egressUsdPerGb(awsUs, awsEu)).isEqualTo(0.02);
    assertThat(builtIn.egressUsdPerGb(awsUs, azure)).isEqualTo(0.09);
    assertThat(builtIn.egressUsdPerGb(azure, awsUs)).isEqualTo(0.087);
    assertThat(builtIn.egressUsdPerGb(gcpUs, gcpEu)).isEqualTo(0.05);
    assertThat(builtIn.egressUsdPerGb(gcpUs, new Location("gcp", "us-east4"))).isEqualTo(0.02);
    assertThat(builtIn.egressUsdPerGb(gcpEu, awsEu)).isEqualTo(0.12);
  }

  @Test
  void platformFeesFollowTheMostSpecificRow() {
    PlatformFees fees = builtIn.fees();
    InstanceOffer m5 = offer("aws", "us-east-1", "m5.xlarge");
    assertThat(fees.hourly(Platform.EMR, m5).usdPerHour()).isCloseTo(0.048, within(1e-9));
    PlatformFees.Fee big = fees.hourly(Platform.EMR, offer("aws", "us-east-1", "m6i.32xlarge"));
    assertThat(big.usdPerHour()).isEqualTo(0.27);
    assertThat(big.how()).isEqualTo("25% of on-demand, capped at $0.27/h");
    PlatformFees.Fee dbu = fees.hourly(Platform.DATABRICKS, m5);
    assertThat(dbu.usdPerHour()).isCloseTo(0.69 * 0.15, within(1e-9));
    assertThat(dbu.basis()).isEqualTo("list");
    PlatformFees.Fee estimate =
        fees.hourly(Platform.DATABRICKS, offer("azure", "eastus", "Standard_D8s_v5"));
    assertThat(estimate.usdPerHour()).isCloseTo(8 * 0.1875 * 0.30, within(1e-9));
    assertThat(estimate.basis()).isEqualTo("estimate");
    assertThat(
            fees.hourly(Platform.DATAPROC, offer("gcp", "us-central1", "n2-standard-4"))
                .usdPerHour())
        .isCloseTo(0.04, within(1e-9));
    assertThat(fees.runsOn(Platform.EMR, "azure")).isFalse();
    assertThat(fees.runsOn(Platform.DATABRICKS, "gcp")).isTrue();
    assertThat(fees.runsOn(Platform.STANDALONE, "azure")).isTrue();
  }

  private PriceCatalog.Sources withInstances(String csv) throws IOException {
    TinyCatalog.write(dir);
    Path file = dir.resolve("instances.csv");
    Files.writeString(file, csv);
    return new PriceCatalog.Sources(
        file.toString(),
        dir.resolve("egress.csv").toString(),
        dir.resolve("fees.csv").toString(),
        dir.resolve("accelerators.csv").toString());
  }

  private static final String HEADER =
      "cloud,region,instance_type,vcpus,memory_gib,gpu_name,gpu_count,gpu_memory_gib,"
          + "price_per_hour,spot_price_per_hour\n";

  @Test
  void aValueThatIsNotANumberNamesFileLineAndColumn() throws IOException {
    PriceCatalog.Sources sources =
        withInstances(
            "# comment\n"
                + HEADER
                + "\naws,us-east-1,a,4,16,,,,0.1,\naws,us-east-1,b,four,16,,,,0.1,\n");
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            dir.resolve("instances.csv")
                + " line 5: vcpus is 'four', which is not a number. Fix the row, or point"
                + " lepton.plan.catalog.instances at a corrected copy.");
  }

  @Test
  void rowErrorsCarryTheirLineNumbers() throws IOException {
    assertError(
        HEADER + "aws,us-east-1,a,4,16,,,,0.1\n",
        "line 2: has 9 values, but the header (line 1) names 10 columns");
    assertError(
        HEADER + "aws,us-east-1,a,4,16,,,,-0.1,\n",
        "line 2: price_per_hour is -0.1; it must be a number of 0 or more");
    assertError(HEADER + "aws,us-east-1,a,4,16,,,,,\n", "line 2: price_per_hour is empty");
    assertError(
        HEADER + "aws,us-east-1,a,4,16,,2,,0.1,\n", "line 2: gpu_count is 2 but gpu_name is empty");
    assertError(
        HEADER + "aws,us-east-1,a,4.5,16,,,,0.1,\n",
        "line 2: vcpus is 4.5; it must be a whole number");
    assertError(
        HEADER + "aws,us-east-1,a,4,16,,,,0.1,\naws,us-east-1,a,8,32,,,,0.2,\n",
        "line 3: repeats a in aws/us-east-1 of line 2");
    assertError(
        HEADER + "gcp,us-central1,accelerator:T4,,,T4,1,16,0.35,\n",
        "line 2: instance_type 'accelerator:T4' should read accelerator:<GPU>:<count>");
    assertError(
        "cloud,region,instance_type,vcpus\n",
        "line 1: the header lacks the column(s) memory_gib, gpu_name");
    assertError(
        HEADER + "aws,us-east-1,\"a,4,16,,,,0.1,\n", "line 2: has a quote that is never closed");
  }

  private void assertError(String csv, String message) throws IOException {
    PriceCatalog.Sources sources = withInstances(csv);
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(dir.resolve("instances.csv") + " " + message);
  }

  @Test
  void egressAndFeeFilesAreCheckedToo() throws IOException {
    TinyCatalog.write(dir);
    Files.writeString(
        dir.resolve("egress.csv"),
        "from_cloud,from_region,to_cloud,to_region,usd_per_gb\naws,*,internet,*,0.09\naws,*,internet,*,0.08\n");
    PriceCatalog.Sources sources =
        new PriceCatalog.Sources(
            dir.resolve("instances.csv").toString(),
            dir.resolve("egress.csv").toString(),
            dir.resolve("fees.csv").toString(),
            dir.resolve("accelerators.csv").toString());
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .hasMessageContaining("egress.csv line 3: repeats the route of")
        .hasMessageContaining("egress.csv line 2")
        .hasMessageContaining("lepton.plan.catalog.egress");

    TinyCatalog.write(dir);
    Files.writeString(
        dir.resolve("fees.csv"),
        "platform,cloud,instance_type,unit,rate,cap_usd_per_hour,basis\n"
            + "glue,aws,*,usd-per-hour,0.1,,list\n");
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .hasMessageContaining(
            "fees.csv line 2: platform 'glue' is not one Lepton knows: emr, databricks, dataproc,"
                + " standalone");

    Files.writeString(
        dir.resolve("fees.csv"),
        "platform,cloud,instance_type,unit,rate,cap_usd_per_hour,basis\n"
            + "databricks,aws,*,dbu-per-hour,1,,list\n");
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .hasMessageContaining(
            "fees.csv line 2: gives DBUs for databricks on aws, but no row prices a DBU there");
  }

  @Test
  void aMissingCatalogFileNamesTheKeyAndTheBuiltInFallback() {
    PriceCatalog.Sources sources = new PriceCatalog.Sources("/no/such/instances.csv", "", "", "");
    assertThatThrownBy(() -> PriceCatalog.load(sources))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Cannot read the price catalog file /no/such/instances.csv")
        .hasMessageContaining("lepton.plan.catalog.instances = \"\"");
  }

  @Test
  void aMissingEgressRouteSaysWhichRowToAdd() throws IOException {
    TinyCatalog.write(dir);
    PriceCatalog tiny =
        PriceCatalog.load(
            new PriceCatalog.Sources(
                dir.resolve("instances.csv").toString(),
                dir.resolve("egress.csv").toString(),
                dir.resolve("fees.csv").toString(),
                dir.resolve("accelerators.csv").toString()));
    assertThatThrownBy(
            () -> tiny.egressUsdPerGb(new Location("gcp", "us-central1"), new Location("aws", "x")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("No egress price for data in gcp/us-central1 read from aws/x")
        .hasMessageContaining("Add a row, e.g. gcp,*,internet,*,0.09");
  }
}

package ai.lepton.gpu;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpu-check against the RAPIDS jar the build copies into target/rapids. */
class GpuCheckIT {

  private static SparkSession spark;
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    assumeFalse(
        Boolean.getBoolean("lepton.it.rapids-skip"), "built with -Drapids.skip=true: no jar");
    jar =
        Path.of(
            System.getProperty("lepton.it.rapids-jar", RapidsJar.candidates().get(0).toString()));
    spark = TestSpark.session();
  }

  private LeptonConfig demoConfig(DemoDataset demo) {
    return LeptonConfig.parse(
        DemoReconcileConfig.hocon(demo, dir) + "lepton.reconcile.tolerance { balance = 0.005 }\n");
  }

  @Test
  void reconcilePlanHasNoLeptonCausedFallback() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 200, 3);

    GpuCheckResult r = Lepton.with(spark).gpuCheck(demoConfig(demo)).rapidsJar(jar).execute();

    assertThat(r.phases())
        .extracting(GpuCheckResult.Phase::name)
        .containsExactly(
            "read aws",
            "read azure",
            "quarantine",
            "match keys",
            "compare conflicts",
            "discrepancies",
            "golden rows");
    assertThat(r.leptonFallbacks()).isEmpty();
    assertThat(r.phases())
        .flatExtracting(GpuCheckResult.Phase::fallbacks)
        .extracting(GpuCheckResult.Fallback::cause)
        .containsOnly("data-source", "disabled-by-default");
    // The CSV and JSON scans (their corrupt-record columns, JSON decimals read by the parser) stay
    // on CPU; values are typed after the scan by casts RAPIDS runs, so every other operator of the
    // key and conflict phases is GPU-eligible.
    assertThat(r.coverage()).isBetween(0.80, 0.95);
    GpuCheckResult.Phase keys = r.phases().get(3);
    assertThat(keys.operators() - keys.onGpu()).isEqualTo(4);
    assertThat(r.notes()).anyMatch(n -> n.contains("train"));
  }

  @Test
  void aJavaUdfIsAFallbackWithItsReason() {
    spark.udf().register("lepton_test_twice", (UDF1<Long, Long>) x -> 2 * x, DataTypes.LongType);
    Dataset<Row> df = spark.range(10).withColumn("twice", call_udf("lepton_test_twice", col("id")));

    GpuCheckResult r =
        Lepton.with(spark)
            .gpuCheck(LeptonConfig.parse(""))
            .rapidsJar(jar)
            .failOnFallback(true)
            .check(Map.of("udf", df));

    assertThat(r.status()).isEqualTo(JobResult.Status.FAILED);
    List<GpuCheckResult.Fallback> fallbacks = r.phases().get(0).fallbacks();
    assertThat(fallbacks).hasSize(1);
    GpuCheckResult.Fallback f = fallbacks.get(0);
    assertThat(f.operator()).isEqualTo("ProjectExec");
    assertThat(f.cause()).isEqualTo("udf");
    assertThat(f.reason())
        .contains("not all expressions can be replaced")
        .contains("ScalaUDF")
        .contains("lepton_test_twice")
        .contains("spark.rapids.sql.rowBasedUDF.enabled");
    assertThat(f.suggestion()).contains("built-in Spark SQL functions");
    assertThat(r.phases().get(0).coverage()).isEqualTo(0.5);
  }
}

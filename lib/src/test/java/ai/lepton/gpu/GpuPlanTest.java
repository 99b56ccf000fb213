package ai.lepton.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuPlanTest {

  /** Shaped like ExplainPlan.explainPotentialGpuPlan(df, "ALL") output of RAPIDS 25.04. */
  private static final String EXPLAIN =
      """
      !Exec <ProjectExec> cannot run on GPU because not all expressions can be replaced
        @Expression <AttributeReference> id#0 could run on GPU
        @Expression <Alias> twice(1.0) AS u#49 could run on GPU
          !Expression <ScalaUDF> twice(1.0) cannot run on GPU because neither twice provides a GPU implementation
        *Exec <HashAggregateExec> will run on GPU
          #Exec <SortExec> could run on GPU but is going to be removed because replacing sort aggregate with hash aggregate
            *Exec <ShuffleExchangeExec> will run on GPU
              *Partitioning <HashPartitioning> will run on GPU
              !Exec <InMemoryTableScanExec> cannot run on GPU because the Exec InMemoryTableScanExec has been disabled
                ! <MapFromEntries> map_from_entries(x) cannot run on GPU because GPU does not currently support it
      """;

  @Test
  void parsesOperatorsWithReasonsAndSkipsRemovedOnes() {
    GpuPlan plan = GpuPlan.parse(EXPLAIN);

    assertThat(plan.operators())
        .extracting(GpuPlan.Operator::name)
        .containsExactly(
            "ProjectExec", "HashAggregateExec", "ShuffleExchangeExec", "InMemoryTableScanExec");
    GpuPlan.Operator project = plan.fallbacks().get(0);
    assertThat(project.reason())
        .isEqualTo(
            "not all expressions can be replaced; ScalaUDF: neither twice provides a GPU"
                + " implementation");
    assertThat(plan.fallbacks().get(1).reason()).contains("MapFromEntries: GPU does not");
    assertThat(plan.coverage()).isEqualTo(0.5);
    // weights: project 1, aggregate 3, exchange 3, scan 3 -> 6 of 10 on GPU
    assertThat(plan.workCoverage()).isEqualTo(0.6);
  }

  @Test
  void classifiesCausesSoOnlyTheJobsOwnCodeCountsAsLeptons() {
    GpuPlan plan = GpuPlan.parse(EXPLAIN);

    GpuCheckResult.Fallback udf = Fallbacks.classify(plan.fallbacks().get(0), true);
    GpuCheckResult.Fallback cache = Fallbacks.classify(plan.fallbacks().get(1), true);

    assertThat(udf.cause()).isEqualTo("udf");
    assertThat(udf.byLepton()).isTrue();
    assertThat(udf.suggestion()).contains("built-in Spark SQL functions");
    assertThat(cache.cause()).isEqualTo("cache");
    assertThat(cache.byLepton()).isFalse();
    assertThat(cache.suggestion()).contains("ParquetCachedBatchSerializer");
  }

  @Test
  void aMissingJarSaysHowToFetchIt(@TempDir Path dir) {
    assertThatThrownBy(() -> RapidsJar.find(dir.resolve("x.jar").toString(), "--rapids-jar"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x.jar")
        .hasMessageContaining("no such file")
        .hasMessageContaining(RapidsJar.FETCH_COMMAND);
  }
}

package ai.lepton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.benchmarks.ReconcileBenchmark.Measure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile benchmark's smoke mode: tiny data, one repetition, every run measured. */
class ReconcileBenchmarkIT {

  @TempDir Path work;

  @Test
  void smokeRunMeasuresEveryRunAndLeptonAgreesWithTheHandWrittenJob() throws Exception {
    String[] args = {"--smoke", "--work", work.toString()};
    List<Measure> all = ReconcileBenchmark.run(ReconcileBenchmark.Options.parse(args));

    Map<String, Measure> runs = ReconcileBenchmark.medians(all).get(400L);
    assertThat(runs.keySet()).containsExactlyElementsOf(ReconcileBenchmark.RUNS);
    runs.values().forEach(m -> assertThat(m.jobs()).as(m.run()).isPositive());
    Measure full = runs.get("lepton full");
    assertThat(full.goldenRows()).isEqualTo(400);
    // The hand-written job keeps the keyed rows with an unparsable value (as nulls); Lepton
    // quarantines them (3 per copy in the demo data), so it has at most 6 golden rows fewer.
    assertThat(runs.get("hand-written").goldenRows()).isBetween(400L, 406L);
    assertThat(full.sourceFilesRead()).isEqualTo(16);
    Measure unchanged = runs.get("lepton unchanged");
    assertThat(unchanged.sourceFilesRead()).isZero();
    assertThat(unchanged.sourceBytesRead()).isZero();
    assertThat(runs.get("lepton 1% changed").sourceFilesRead()).isEqualTo(1);
    Measure added = runs.get("lepton file added");
    assertThat(added.sourceFilesRead()).isEqualTo(1);
    assertThat(added.goldenRows()).isGreaterThan(full.goldenRows());

    String md = ReconcileBenchmark.markdown(all, null, args, "0", "0");
    assertThat(md).contains("| 400 | lepton 1% changed |").contains("--smoke");
  }
}

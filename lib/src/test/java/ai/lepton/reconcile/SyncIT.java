package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncIT {

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private LeptonConfig config(DemoDataset demo) {
    return LeptonConfig.parse(DemoReconcileConfig.hocon(demo, dir));
  }

  /**
   * One reconcile serves both halves: the golden table is mirrored (a copy, a re-run that copies
   * nothing, a partial copy completed), then written back to every source.
   */
  @Test
  void goldenIsMirroredOnceWithAPartialCopyCompletedThenWrittenBackToEverySourceUntilAllAgree()
      throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 300, 9);
    LeptonConfig config = config(demo);
    ReconcileResult before = Lepton.with(spark).reconcile(config).execute();
    assertThat(before.counts().conflicting()).isPositive();

    mirrorCopiesTheTableOnceAndCompletesAPartialCopy(config);

    SyncResult sync = Lepton.with(spark).sync(config).writeBack("aws").writeBack("azure").execute();
    SyncResult.WriteBack aws = sync.writeBacks().get(0);
    assertThat(aws.upToDate()).isFalse();
    assertThat(aws.rows()).isEqualTo(before.counts().keys());
    assertThat(aws.filesDeleted()).isEqualTo(DemoDataset.PARTS);
    assertThat(dataFiles(demo.awsPath()))
        .isNotEmpty()
        .allMatch(name -> name.startsWith("lepton-golden-v0-"));

    List<String> filesBefore = dataFiles(demo.awsPath());
    SyncResult again =
        Lepton.with(spark).sync(config).writeBack("aws").writeBack("azure").execute();
    assertThat(again.writeBacks()).allMatch(SyncResult.WriteBack::upToDate);
    assertThat(dataFiles(demo.awsPath())).isEqualTo(filesBefore);

    ReconcileResult after = Lepton.with(spark).reconcile(config).execute();
    assertThat(after.counts().keys()).isEqualTo(before.counts().keys());
    assertThat(after.counts().matched()).isEqualTo(after.counts().keys());
    assertThat(after.counts().conflicting()).isZero();
    assertThat(after.counts().missing()).containsEntry("aws", 0L).containsEntry("azure", 0L);
  }

  private void mirrorCopiesTheTableOnceAndCompletesAPartialCopy(LeptonConfig config)
      throws IOException {
    Path target = dir.resolve("mirror");

    SyncResult first = Lepton.with(spark).sync(config).mirrorTo(target.toString()).execute();
    SyncResult.Mirror m = first.mirrors().get(0);
    assertThat(m.filesCopied()).isPositive();
    assertThat(m.filesSkipped()).isZero();
    assertThat(target.resolve("_lepton_state")).doesNotExist();
    Dataset<Row> golden = spark.read().format("delta").load(dir.resolve("golden").toString());
    Dataset<Row> copy = spark.read().format("delta").load(target.toString());
    assertThat(copy.exceptAll(golden).count()).isZero();
    assertThat(golden.exceptAll(copy).count()).isZero();

    SyncResult second = Lepton.with(spark).sync(config).mirrorTo(target.toString()).execute();
    assertThat(second.mirrors().get(0).filesCopied()).isZero();
    assertThat(second.mirrors().get(0).filesSkipped()).isEqualTo(m.filesCopied());

    Path dataFile =
        dataFiles(target).stream()
            .map(target::resolve)
            .filter(p -> p.toString().endsWith(".parquet"))
            .findFirst()
            .orElseThrow();
    Files.delete(dataFile);
    Files.delete(target.resolve("_delta_log/00000000000000000000.json"));
    SyncResult resumed = Lepton.with(spark).sync(config).mirrorTo(target.toString()).execute();
    assertThat(resumed.mirrors().get(0).filesCopied()).isEqualTo(2);
    assertThat(spark.read().format("delta").load(target.toString()).count())
        .isEqualTo(golden.count());
  }

  @Test
  void syncNeedsSomethingToDoAndKnownSources() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 50, 1);
    LeptonConfig config = config(demo);
    assertThatThrownBy(() -> Lepton.with(spark).sync(config).execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Nothing to sync");
    assertThatThrownBy(() -> Lepton.with(spark).sync(config).writeBack("gcp").execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'gcp', which is not a source");
    assertThatThrownBy(() -> Lepton.with(spark).sync(config).writeBack("aws").execute())
        .hasMessageContaining("there is no golden table")
        .hasMessageContaining("lepton reconcile");
  }

  private static List<String> dataFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .filter(n -> !Files.isDirectory(folder.resolve(n)))
          .sorted()
          .toList();
    }
  }
}

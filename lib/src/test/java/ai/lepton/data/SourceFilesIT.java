package ai.lepton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source with nothing to read is named as such, not as a key or schema-inference problem. */
class SourceFilesIT {

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  private static SourceSpec spec(Path folder) {
    return new SourceSpec(
        "aws", folder.toString(), "csv", Map.of(), "", "lepton.reconcile.sources[0]");
  }

  @Test
  void anEmptyFolderOrOnlyHiddenFilesIsRefusedNamingTheSource() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    Files.writeString(empty.resolve(".part-0.csv.crc"), "x");
    assertThatThrownBy(() -> SourceFiles.list(spark, spec(empty)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(
            "Cannot read source 'aws' (" + empty + "): there is no data file there")
        .hasMessageContaining("fix lepton.reconcile.sources[0].uri");
  }

  @Test
  void onlyEmptyFilesAreRefusedNamingOne() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("zero"));
    Files.writeString(folder.resolve("part-0.csv"), "");
    Files.writeString(folder.resolve("part-1.csv"), "");
    assertThatThrownBy(() -> SourceFiles.list(spark, spec(folder)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("each of its 2 files, e.g. ")
        .hasMessageContaining("part-0.csv, is empty (0 bytes)");
    Path file = folder.resolve("part-0.csv");
    assertThatThrownBy(() -> SourceFiles.list(spark, spec(file)))
        .hasMessageContaining("its file ")
        .hasMessageContaining("part-0.csv, is empty (0 bytes)");
  }

  @Test
  void reconcileOfAnEmptySourceSaysSoAndWritesNoTable() throws IOException {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(b.resolve("part-0.json"), "{\"id\": \"k1\"}\n");
    String hocon =
        """
        lepton.reconcile {
          sources = [ { name = a, uri = "%s", format = json },
                      { name = b, uri = "%s", format = json } ]
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.enabled = false
        """
            .formatted(a, b, dir.resolve("g"), dir.resolve("d"), dir.resolve("q"));
    assertThatThrownBy(() -> Lepton.with(spark).reconcile(LeptonConfig.parse(hocon)).execute())
        .hasMessageContaining("Cannot read source 'a' (" + a + "): there is no data file there")
        .hasMessageNotContaining("infer")
        .hasMessageNotContaining("Key column");
    assertThat(dir.resolve("g")).doesNotExist();
  }
}

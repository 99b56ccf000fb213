package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a CSV or JSON source's values can hide: bytes that are not valid UTF-8, a row without a key,
 * a declared column a JSON source's files do not have, a key column renamed in a JSON source. Each
 * row that cannot be used is in quarantine with a reason that names its column, and every row read
 * is accounted for; a missing column is treated as CSV treats it.
 */
class SourceValuesIT {

  /** Bytes that are not UTF-8: a lead byte without its continuation, and 0xFF. */
  private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};

  private static final String SCHEMA = "id STRING, name STRING, n INT";

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  @Test
  void aValueWithBytesThatAreNotUtf8IsQuarantinedNamingItsColumnInCsvAndJson() throws IOException {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.write(ascii("id,name,n\n"));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    for (int i = 1; i <= 5; i++) {
      csv.write(ascii("k" + i + ",name" + i + "," + i + "\n"));
      json.write(ascii("{\"id\":\"k" + i + "\",\"name\":\"name" + i + "\",\"n\":" + i + "}\n"));
    }
    // k6: a name with bytes that are not UTF-8, in both sources.
    csv.write(ascii("k6,bo"));
    csv.write(NOT_UTF8);
    csv.write(ascii("b,6\n"));
    json.write(ascii("{\"id\":\"k6\",\"name\":\"bo"));
    json.write(NOT_UTF8);
    json.write(ascii("b\",\"n\":6}\n"));
    // k7: such bytes in the CSV key, and in a JSON field name (no column can be named there).
    csv.write(ascii("k"));
    csv.write(NOT_UTF8);
    csv.write(ascii("7,gina,7\n"));
    json.write(ascii("{\"id\":\"k7\",\"na"));
    json.write(NOT_UTF8);
    json.write(ascii("me\":\"gina\",\"n\":7}\n"));
    // A CSV line that does not parse (one field too many) and has such bytes: said so.
    csv.write(ascii("k9,x"));
    csv.write(NOT_UTF8);
    csv.write(ascii(",9,extra\n"));
    // No key at all.
    csv.write(ascii(",nokey,8\n"));
    json.write(ascii("{\"name\":\"nokey\",\"n\":8}\n"));
    write(dir.resolve("csv/part-0.csv"), csv.toByteArray());
    write(dir.resolve("json/part-0.json"), json.toByteArray());

    ReconcileResult r = reconcile(source("a", "csv", "csv") + ", " + source("b", "json", "json"));

    Map<String, String> reasons = quarantine();
    assertThat(reasons)
        .containsOnlyKeys(
            "a/k6",
            "a/k\uFFFD(\uFFFD7",
            "a/(unreadable line)",
            "a/null",
            "b/k6",
            "b/(unreadable line)",
            "b/null");
    String badName =
        "column 'name': 'bo\uFFFD(\uFFFDb' has bytes that are not valid UTF-8 (shown as U+FFFD)";
    assertThat(reasons.get("a/k6")).startsWith(badName);
    assertThat(reasons.get("b/k6")).startsWith(badName).contains("encoding option");
    assertThat(reasons.get("a/k\uFFFD(\uFFFD7"))
        .startsWith("column 'id': 'k\uFFFD(\uFFFD7' has bytes that are not valid UTF-8");
    assertThat(reasons.get("a/(unreadable line)"))
        .isEqualTo(
            "malformed record: not valid csv, with bytes that are not valid in the file's"
                + " encoding (shown as U+FFFD in raw)");
    // The JSON reader keeps a rejected line's bytes as they were: no U+FFFD to find in raw, and
    // no column to name when the bytes are in a field name.
    assertThat(reasons.get("b/(unreadable line)"))
        .isEqualTo(
            "malformed record: not valid json (broken quoting or syntax, the wrong number of"
                + " fields, or bytes that are not valid in the file's encoding)");
    assertThat(reasons.get("a/null")).isEqualTo("null or empty key: column 'id' is null");
    assertThat(reasons.get("b/null")).isEqualTo("null or empty key: column 'id' is null");

    List<String> golden = goldenNames();
    assertThat(golden).containsExactlyInAnyOrder("name1", "name2", "name3", "name4", "name5");
    assertThat(r.counts().conflicting()).isZero();
    assertBalanced(r, Map.of("a", 9L, "b", 8L), Map.of("a", 4L, "b", 3L));
  }

  @Test
  void aDeclaredColumnAJsonSourceDoesNotHaveIsMissingThereAsInCsvNotAConflictOnEveryKey()
      throws IOException {
    StringBuilder full = new StringBuilder("id,name,n\n");
    StringBuilder json = new StringBuilder();
    StringBuilder csvWithout = new StringBuilder("id,n\n");
    for (int i = 1; i <= 20; i++) {
      full.append("k").append(i).append(",name").append(i).append(',').append(i).append('\n');
      json.append("{\"id\":\"k").append(i).append("\",\"n\":").append(i).append("}\n");
      csvWithout.append('k').append(i).append(',').append(i).append('\n');
    }
    json.append("{\"id\":\"k21\",\"n\":21}\n");
    csvWithout.append("k21,21\n");
    write(dir.resolve("full/part-0.csv"), ascii(full.toString()));
    write(dir.resolve("json/part-0.json"), ascii(json.toString()));
    write(dir.resolve("csv/part-0.csv"), ascii(csvWithout.toString()));

    ReconcileResult fromJson =
        reconcile(source("a", "full", "csv") + ", " + source("b", "json", "json"));

    assertThat(fromJson.succeeded()).isTrue();
    assertThat(fromJson.gate().passed()).isTrue();
    assertThat(fromJson.counts().keys()).isEqualTo(21);
    assertThat(fromJson.counts().conflicting()).isZero();
    assertThat(fromJson.counts().missing()).containsEntry("a", 1L).containsEntry("b", 0L);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(dir.resolve("discrepancies").toString())
                .where("kind = 'conflict'")
                .count())
        .isZero();
    assertThat(goldenNames()).hasSize(21).contains("name1", "name20");
    assertBalanced(fromJson, Map.of("a", 20L, "b", 21L), Map.of("a", 0L, "b", 0L));
    assertThat(fromJson.schema().columns())
        .filteredOn(c -> c.name().equals("name"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.missingIn()).containsExactly("b");
              assertThat(c.sourceTypes()).containsOnlyKeys("a");
              assertThat(c.role()).isEqualTo("carried");
            });
    Map<String, String> jsonGolden = goldenRows();

    // The same data with the column missing from a CSV header gives the same result.
    delete(dir.resolve("golden"));
    delete(dir.resolve("discrepancies"));
    delete(dir.resolve("quarantine"));
    ReconcileResult fromCsv =
        reconcile(source("a", "full", "csv") + ", " + source("b", "csv", "csv"));
    assertThat(fromCsv.counts()).isEqualTo(fromJson.counts());
    assertThat(fromCsv.schema()).isEqualTo(fromJson.schema());
    assertThat(goldenRows()).isEqualTo(jsonGolden);
  }

  @Test
  void aKeyColumnRenamedInAJsonSourceIsAConfigErrorBeforeAnythingIsWrittenAsInCsv()
      throws IOException {
    StringBuilder csv = new StringBuilder("id,name,n\n");
    StringBuilder json = new StringBuilder();
    StringBuilder renamedCsv = new StringBuilder("customer_id,name,n\n");
    for (int i = 1; i <= 5; i++) {
      csv.append("k").append(i).append(",name").append(i).append(',').append(i).append('\n');
      json.append("{\"customer_id\":\"k").append(i).append("\",\"name\":\"x\",\"n\":1}\n");
      renamedCsv.append("k").append(i).append(",x,1\n");
    }
    write(dir.resolve("csv/part-0.csv"), ascii(csv.toString()));
    write(dir.resolve("json/part-0.json"), ascii(json.toString()));
    write(dir.resolve("renamed/part-0.csv"), ascii(renamedCsv.toString()));

    assertThatThrownBy(
            () -> reconcile(source("a", "csv", "csv") + ", " + source("b", "json", "json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Key column 'id' is not in source 'b' (the columns it has:")
        .hasMessageContaining("no row of it has a value for 'id'")
        .hasMessageContaining("lepton.reconcile.key")
        .hasMessageContaining("lepton.reconcile.sources[1].schema");
    assertThatThrownBy(
            () -> reconcile(source("a", "csv", "csv") + ", " + source("b", "renamed", "csv")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Key column 'id' is not in source 'b' (the columns it has: [customer_id, name, n])")
        .hasMessageContaining("lepton.reconcile.sources[1].schema");
    for (String table : List.of("golden", "discrepancies", "quarantine")) {
      assertThat(dir.resolve(table)).as(table).doesNotExist();
    }
  }

  private String source(String name, String folder, String format) {
    return "{ name = %s, uri = \"%s\", format = %s, options { header = \"true\" } }"
        .formatted(name, dir.resolve(folder), format);
  }

  private ReconcileResult reconcile(String sources) {
    String conf =
        """
        lepton.reconcile {
          key = [id]
          schema = "%s"
          sources = [ %s ]
          resolve.policy = priority
          incremental = false
          max-conflict-ratio = 0.1
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.runs = "%s"
        """
            .formatted(
                SCHEMA,
                sources,
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"),
                dir.resolve("runs"));
    return Lepton.with(spark).reconcile(LeptonConfig.parse(conf)).execute();
  }

  /**
   * Quarantine reasons by source and key as read from raw (the id's value in raw's JSON, "null"
   * without one, or "(unreadable line)" when raw is not JSON with an id).
   */
  private Map<String, String> quarantine() {
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("quarantine").toString())
            .selectExpr(
                "source",
                "reason",
                "CASE WHEN get_json_object(raw, '$.id') IS NOT NULL"
                    + " AND get_json_object(raw, '$.name') IS NOT NULL"
                    + " THEN get_json_object(raw, '$.id')"
                    + " WHEN get_json_object(raw, '$.name') = 'nokey' THEN 'null'"
                    + " ELSE '(unreadable line)' END AS k")
            .collectAsList();
    assertThat(rows.stream().map(r -> r.getString(0) + "/" + r.getString(2)).distinct())
        .as("one quarantine row per source and key")
        .hasSameSizeAs(rows);
    return rows.stream()
        .collect(Collectors.toMap(r -> r.getString(0) + "/" + r.getString(2), r -> r.getString(1)));
  }

  private List<String> goldenNames() {
    return spark
        .read()
        .format("delta")
        .load(dir.resolve("golden").toString())
        .selectExpr("name")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private Map<String, String> goldenRows() {
    return spark
        .read()
        .format("delta")
        .load(dir.resolve("golden").toString())
        .selectExpr("id", "concat_ws('|', name, n, _lepton_source)")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  /**
   * Every row read is accounted for (quarantined, a duplicate, in golden or lost a conflict), and
   * the quarantine table holds exactly the rows counted as quarantined.
   */
  private void assertBalanced(
      ReconcileResult r, Map<String, Long> read, Map<String, Long> quarantinedBySource) {
    for (ReconcileResult.Source s : r.sources()) {
      assertThat(s.rowsRead()).as(s.name()).isEqualTo(read.get(s.name()));
      assertThat(s.rowsQuarantined()).as(s.name()).isEqualTo(quarantinedBySource.get(s.name()));
      assertThat(s.balanced()).as(s.name()).isTrue();
    }
    long quarantined =
        r.sources().stream().mapToLong(ReconcileResult.Source::rowsQuarantined).sum();
    assertThat(r.quarantine().rows()).isEqualTo(quarantined);
    long inTable =
        Files.exists(dir.resolve("quarantine"))
            ? spark.read().format("delta").load(dir.resolve("quarantine").toString()).count()
            : 0;
    assertThat(inTable).isEqualTo(quarantined);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static void delete(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}

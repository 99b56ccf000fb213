package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.ReconcileTables;
import ai.lepton.testing.SourceFiles;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values that are equal but written differently never conflict, across a CSV, a JSON and a Parquet
 * source; values just outside each rule still do. Each key exercises one rule on one column: the
 * other columns hold the same base value in every source.
 */
class CanonicalComparisonIT {

  private static final String SCHEMA =
      "id STRING, x DOUBLE, f FLOAT, dec DECIMAL(12,4), ts TIMESTAMP, amount DOUBLE,"
          + " late TIMESTAMP, opened DATE, name STRING";

  /** The Parquet copy's own types: a narrower decimal scale than the declared one. */
  private static final StructType PARQUET =
      StructType.fromDDL(
          "id STRING, x DOUBLE, f FLOAT, dec DECIMAL(10,2), ts TIMESTAMP, amount DOUBLE,"
              + " late TIMESTAMP, opened DATE, name STRING");

  private static final List<String> COLUMNS =
      List.of("x", "f", "dec", "ts", "amount", "late", "opened", "name");

  /** One case: key, column, the CSV text, the JSON value (as JSON), the Parquet value. */
  private record Case(String key, String column, String csv, String json, Object parquet) {}

  private static final Map<String, Object> BASE_PARQUET = new LinkedHashMap<>();
  private static final Map<String, String> BASE_TEXT = new LinkedHashMap<>();

  static {
    put("x", "1.0", 1.0);
    put("f", "1.0", 1.0f);
    put("dec", "2.5", new BigDecimal("2.50"));
    put("ts", "2024-01-01T10:00:00Z", ts("2024-01-01T10:00:00Z"));
    put("amount", "100.0", 100.0);
    put("late", "2024-01-01T10:00:00Z", ts("2024-01-01T10:00:00Z"));
    put("opened", "2024-01-01", Date.valueOf("2024-01-01"));
    put("name", "abc", "abc");
  }

  /** Written differently, equal under the rules: none of these may conflict. */
  private static final List<Case> EQUAL =
      List.of(
          new Case("eq-negative-zero", "x", "-0.0", "0.0", -0.0),
          new Case("eq-nan", "x", "NaN", "NaN", Double.NaN),
          new Case("eq-decimal-scale", "dec", "2.5", "2.5000", new BigDecimal("2.50")),
          new Case(
              "eq-timestamp-precision",
              "ts",
              "2024-01-01T10:00:00.123456Z",
              "\"2024-01-01T10:00:00.123Z\"",
              ts("2024-01-01T10:00:00.123999Z")),
          new Case(
              "eq-timestamp-zone",
              "ts",
              "2024-01-01T11:00:00+01:00",
              "\"2024-01-01T05:00:00-05:00\"",
              ts("2024-01-01T10:00:00Z")),
          new Case("eq-relative", "amount", "100.0", "100.00005", 99.99995),
          new Case(
              "eq-duration-inclusive",
              "late",
              "2024-01-01T10:00:00Z",
              "\"2024-01-01T10:00:02Z\"",
              ts("2024-01-01T10:00:01Z")),
          new Case(
              "eq-date-one-day",
              "opened",
              "2024-01-01",
              "\"2024-01-02\"",
              Date.valueOf("2024-01-01")),
          new Case("eq-float-by-type", "f", "1.0", "1.005", 1.0f),
          new Case("eq-padded-string", "name", "abc   ", "\"  abc\"", "abc"));

  /** Just outside each rule: each must conflict on its column, and only there. */
  private static final List<Case> DIFFERENT =
      List.of(
          new Case("ne-nan", "x", "NaN", "0.0", Double.NaN),
          new Case("ne-decimal", "dec", "2.5", "2.5001", new BigDecimal("2.50")),
          new Case(
              "ne-timestamp-ms",
              "ts",
              "2024-01-01T10:00:00.123Z",
              "\"2024-01-01T10:00:00.124Z\"",
              ts("2024-01-01T10:00:00.123Z")),
          new Case("ne-relative", "amount", "100.0", "100.001", 100.0),
          new Case("ne-relative-2", "amount", "200.0", "200.1", 200.0),
          new Case(
              "ne-duration",
              "late",
              "2024-01-01T10:00:00Z",
              "\"2024-01-01T10:00:02.001Z\"",
              ts("2024-01-01T10:00:00Z")),
          new Case(
              "ne-date-two-days",
              "opened",
              "2024-01-01",
              "\"2024-01-03\"",
              Date.valueOf("2024-01-01")),
          new Case("ne-float-by-type", "f", "1.0", "1.02", 1.0f));

  private static SparkSession spark;
  private static ReconcileResult result;
  private static Set<String> conflicts;

  @BeforeAll
  static void reconcileThreeFormats() throws IOException {
    spark = TestSpark.session();
    Path dir = Files.createTempDirectory("lepton-canonical-");
    List<Case> all = new ArrayList<>(EQUAL);
    all.addAll(DIFFERENT);
    all.add(new Case("same", "x", "1.0", "1.0", 1.0));
    writeCsv(dir.resolve("csv"), all);
    writeJson(dir.resolve("json"), all);
    writeParquet(dir.resolve("parquet"), all);
    String conf =
        """
        lepton.reconcile {
          key = [id]
          schema = "%s"
          sources = [ { name = csv, uri = "%s", format = csv, options { header = "true" } },
                      { name = json, uri = "%s", format = json },
                      { name = parquet, uri = "%s", format = parquet } ]
          normalize { timezone = "UTC", timestamp-precision = ms }
          resolve { policy = priority, priority = [csv, json, parquet] }
          tolerance { amount = { rel = 1e-6 }, late = 2s, opened = 1d }
          tolerance-by-type { float = 0.01 }
          max-conflict-ratio = 1.0
          sample-size = 1
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.runs = "%s"
        """
            .formatted(
                SCHEMA,
                dir.resolve("csv"),
                dir.resolve("json"),
                dir.resolve("parquet"),
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"),
                dir.resolve("runs"));
    result = Lepton.with(spark).reconcile(LeptonConfig.parse(conf)).execute();
    conflicts = new TreeSet<>(ReconcileTables.conflicts(spark, dir.resolve("discrepancies")));
  }

  @Test
  void valuesEqualUnderTheRulesNeverConflict() {
    assertThat(result.sources()).allSatisfy(s -> assertThat(s.rowsQuarantined()).isZero());
    assertThat(conflicts).noneMatch(c -> c.startsWith("eq-") || c.startsWith("same/"));
  }

  @Test
  void valuesJustOutsideEachRuleConflictOnTheirColumnOnly() {
    Set<String> expected = new TreeSet<>();
    DIFFERENT.forEach(c -> expected.add(c.key() + "/" + c.column()));
    assertThat(conflicts).isEqualTo(expected);
    assertThat(result.counts().conflicting()).isEqualTo(DIFFERENT.size());
    assertThat(result.counts().matched()).isEqualTo(EQUAL.size() + 1);
  }

  @Test
  void theReportCountsConflictsPerColumnAndSamplesAtMostSampleSizeOfEach() {
    Map<String, Long> expected = new java.util.TreeMap<>();
    DIFFERENT.forEach(c -> expected.merge(c.column(), 1L, Long::sum));
    assertThat(new java.util.TreeMap<>(result.conflicts().byColumn())).isEqualTo(expected);
    assertThat(expected).containsEntry("amount", 2L);
    assertThat(result.conflicts().samples())
        .extracting(ReconcileResult.ConflictSample::column)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    ReconcileResult.ConflictSample amount =
        result.conflicts().samples().stream()
            .filter(c -> c.column().equals("amount"))
            .findFirst()
            .orElseThrow();
    assertThat(amount.key()).containsExactly(Map.entry("id", "ne-relative"));
    assertThat(amount.values())
        .containsEntry("csv", "100.0")
        .containsEntry("json", "100.001")
        .containsEntry("parquet", "100.0");
    assertThat(amount.winner()).isEqualTo("csv");
  }

  private static void put(String column, String text, Object parquet) {
    BASE_TEXT.put(column, text);
    BASE_PARQUET.put(column, parquet);
  }

  private static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  private static String text(Case c, String column, boolean json) {
    if (column.equals(c.column())) {
      return json ? c.json() : c.csv();
    }
    String v = BASE_TEXT.get(column);
    boolean quoted = Set.of("ts", "late", "opened", "name").contains(column);
    return json && quoted ? "\"" + v + "\"" : v;
  }

  private static void writeCsv(Path folder, List<Case> cases) throws IOException {
    List<String> names = new ArrayList<>(List.of("id"));
    names.addAll(COLUMNS);
    List<List<String>> rows = new ArrayList<>();
    for (Case c : cases) {
      List<String> values = new ArrayList<>();
      values.add(c.key());
      COLUMNS.forEach(col -> values.add(text(c, col, false)));
      rows.add(values);
    }
    SourceFiles.csv(folder, names, rows);
  }

  private static void writeJson(Path folder, List<Case> cases) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Case c : cases) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("id", SourceFiles.quoted(c.key()));
      COLUMNS.forEach(col -> fields.put(col, text(c, col, true)));
      rows.add(fields);
    }
    SourceFiles.json(folder, rows);
  }

  private static void writeParquet(Path folder, List<Case> cases) {
    List<Row> rows = new ArrayList<>();
    for (Case c : cases) {
      List<Object> values = new ArrayList<>();
      values.add(c.key());
      COLUMNS.forEach(
          col -> values.add(col.equals(c.column()) ? c.parquet() : BASE_PARQUET.get(col)));
      rows.add(RowFactory.create(values.toArray()));
    }
    spark.createDataFrame(rows, PARQUET).coalesce(1).write().parquet(folder.toString());
  }
}

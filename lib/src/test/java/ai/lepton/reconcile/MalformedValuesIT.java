package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.SourceFiles;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every type a schema can name, in a CSV and a JSON source, with one row per malformed or
 * out-of-range value: the run goes on, each such row is in quarantine with its column named and its
 * raw text, and every other row is in golden with its value exactly as written.
 */
class MalformedValuesIT {

  private static final String SCHEMA =
      "id STRING, i INT, b BIGINT, s SMALLINT, d DECIMAL(6,2), x DOUBLE, f FLOAT, ok BOOLEAN,"
          + " dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ";

  private static final List<String> COLUMNS =
      List.of("i", "b", "s", "d", "x", "f", "ok", "dt", "ts", "ntz");

  /** A row whose every value fits. */
  private static final Map<String, String> GOOD =
      Map.of(
          "i", "42",
          "b", "9000000000",
          "s", "-7",
          "d", "1234.50",
          "x", "2.5e-3",
          "f", "1.5",
          "ok", "true",
          "dt", "2024-02-29",
          "ts", "2024-01-31 10:00:00",
          "ntz", "2024-01-31 10:00:00");

  /** Case name, column, a value that does not fit it. */
  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("int-text", "i", "forty"),
        Arguments.of("int-overflow", "i", "3000000000"),
        Arguments.of("int-fraction", "i", "1.5"),
        Arguments.of("bigint-text", "b", "12x"),
        Arguments.of("bigint-overflow", "b", "99999999999999999999"),
        Arguments.of("smallint-overflow", "s", "70000"),
        Arguments.of("decimal-text", "d", "abc"),
        Arguments.of("decimal-precision", "d", "12345.67"),
        Arguments.of("decimal-scale", "d", "1.239"),
        Arguments.of("double-text", "x", "two"),
        Arguments.of("double-overflow", "x", "1e400"),
        Arguments.of("float-overflow", "f", "1e40"),
        Arguments.of("boolean-word", "ok", "yes"),
        Arguments.of("date-impossible", "dt", "2023-02-30"),
        Arguments.of("date-text", "dt", "last tuesday"),
        Arguments.of("timestamp-impossible", "ts", "2023-02-30 10:00:00"),
        Arguments.of("timestamp-text", "ts", "noon"),
        Arguments.of("ntz-impossible", "ntz", "2023-13-01 00:00:00"));
  }

  private static final int GOOD_ROWS = 20;

  /** A key of white space only: no key at all, once trimmed. */
  private static final String BLANK_KEY = " \t ";

  private static SparkSession spark;
  private static Path dir;
  private static ReconcileResult result;
  private static Map<String, Row> quarantineByKey;

  @BeforeAll
  static void reconcileBothFormats() throws IOException {
    spark = TestSpark.session();
    dir = Files.createTempDirectory("lepton-malformed-");
    List<Map<String, String>> rows = new ArrayList<>();
    for (int n = 0; n < GOOD_ROWS; n++) {
      Map<String, String> r = new LinkedHashMap<>(GOOD);
      r.put("id", "good-" + n);
      r.put("i", String.valueOf(n));
      rows.add(r);
    }
    badValues()
        .forEach(
            a -> {
              Map<String, String> r = new LinkedHashMap<>(GOOD);
              r.put("id", "bad-" + a.get()[0]);
              r.put((String) a.get()[1], (String) a.get()[2]);
              rows.add(r);
            });
    Map<String, String> blankKey = new LinkedHashMap<>(GOOD);
    blankKey.put("id", BLANK_KEY);
    rows.add(blankKey);
    writeCsv(dir.resolve("csv"), rows);
    writeJson(dir.resolve("json"), rows);
    String conf =
        """
        lepton.reconcile {
          key = [id]
          schema = "%s"
          sources = [ { name = csv, uri = "%s", format = csv, options { header = "true" } },
                      { name = json, uri = "%s", format = json } ]
          normalize.timezone = "UTC"
          resolve.timestamp-column = ts
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.runs = "%s"
        """
            .formatted(
                SCHEMA,
                dir.resolve("csv"),
                dir.resolve("json"),
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"),
                dir.resolve("runs"));
    result = Lepton.with(spark).reconcile(LeptonConfig.parse(conf)).execute();
    quarantineByKey = new LinkedHashMap<>();
    for (Row r :
        spark.read().format("delta").load(dir.resolve("quarantine").toString()).collectAsList()) {
      quarantineByKey.put(r.<String>getAs("source") + "/" + r.<String>getAs("raw"), r);
    }
  }

  @AfterAll
  static void clean() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void aValueThatDoesNotFitSendsItsRowToQuarantineNamingTheColumn(
      String name, String column, String value) {
    for (String source : List.of("csv", "json")) {
      List<Row> hits =
          quarantineByKey.values().stream()
              .filter(r -> r.<String>getAs("source").equals(source))
              .filter(r -> r.<String>getAs("raw").contains("bad-" + name))
              .toList();
      assertThat(hits).as(source + " quarantine rows for " + name).hasSize(1);
      String reason = hits.get(0).getAs("reason");
      // JSON numbers too large for a double or float are given by Spark's reader as it parsed
      // them (Infinity, 1.0E40); every other value is shown as written.
      boolean reparsed = source.equals("json") && name.matches("(double|float)-overflow");
      String shown = reparsed ? "" : value + "'";
      assertThat(reason)
          .as(source)
          .startsWith("column '" + column + "': '" + shown)
          .contains(typeOf(column));
      if (source.equals("csv")) {
        assertThat(hits.get(0).<String>getAs("raw")).contains(value);
      }
    }
  }

  @Test
  void aKeyOfWhiteSpaceOnlyIsNoKey() {
    for (String source : List.of("csv", "json")) {
      assertThat(quarantineByKey.values())
          .filteredOn(r -> r.<String>getAs("source").equals(source))
          .filteredOn(r -> r.<String>getAs("reason").startsWith("null or empty key"))
          .as(source)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.<String>getAs("reason"))
                    .isEqualTo("null or empty key: column 'id' is ' \\t '");
                assertThat(r.<String>getAs("raw")).contains("\"id\":\"\"", "\"i\":42");
              });
    }
  }

  @Test
  void theRunGoesOnAndEveryOtherRowIsInGoldenWithItsValuesAsWritten() {
    assertThat(result.succeeded()).isTrue();
    long bad = badValues().count();
    for (ReconcileResult.Source s : result.sources()) {
      assertThat(s.rowsRead()).as(s.name()).isEqualTo(GOOD_ROWS + bad + 1);
      assertThat(s.rowsQuarantined()).as(s.name()).isEqualTo(bad + 1);
      assertThat(s.rowsInGolden()).as(s.name()).isEqualTo(GOOD_ROWS);
      assertThat(s.balanced()).as(s.name()).isTrue();
    }
    assertThat(result.counts().conflicting()).isZero();
    assertThat(result.golden().rows()).isEqualTo(GOOD_ROWS);
    Row r =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("golden").toString())
            .where("id = 'good-3'")
            .first();
    assertThat(r.<Integer>getAs("i")).isEqualTo(3);
    assertThat(r.<Long>getAs("b")).isEqualTo(9_000_000_000L);
    assertThat(r.<Short>getAs("s")).isEqualTo((short) -7);
    assertThat(r.<BigDecimal>getAs("d")).isEqualByComparingTo("1234.50");
    assertThat(r.<Double>getAs("x")).isEqualTo(0.0025);
    assertThat(r.<Float>getAs("f")).isEqualTo(1.5f);
    assertThat(r.<Boolean>getAs("ok")).isTrue();
    assertThat(r.<Date>getAs("dt").toLocalDate()).hasToString("2024-02-29");
    assertThat(r.<Timestamp>getAs("ts").toInstant())
        .isEqualTo(Instant.parse("2024-01-31T10:00:00Z"));
    assertThat(r.<LocalDateTime>getAs("ntz")).isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 0));
  }

  @Test
  void aParquetSourceReadWithANarrowerSchemaQuarantinesWhatWouldBeWrappedRoundedOrGuessed() {
    Path parquet = dir.resolve("parquet");
    spark
        .sql(
            "SELECT * FROM VALUES ('p1', 5L, 'true', 1.25D, '7'), ('p2', 3000000000L, 'true', 1.25D,"
                + " '7'), ('p3', 5L, 'yes', 1.25D, '7'), ('p4', 5L, 'true', 1.239D, '7'), ('p5', 5L,"
                + " 'true', 1.25D, '1.5') AS t(id, n, flag, amount, count)")
        .write()
        .parquet(parquet.toString());
    String conf =
        """
        lepton.reconcile {
          schema = "id STRING, n INT, flag BOOLEAN, amount DECIMAL(12,2), count BIGINT"
          sources = [ { name = lake, uri = "%s", format = parquet },
                      { name = copy, uri = "%s", format = parquet } ]
          resolve.policy = priority
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.runs = "%s"
        """
            .formatted(
                parquet,
                parquet,
                dir.resolve("p-golden"),
                dir.resolve("p-discrepancies"),
                dir.resolve("p-quarantine"),
                dir.resolve("runs"));
    ReconcileResult r = Lepton.with(spark).reconcile(LeptonConfig.parse(conf)).execute();

    assertThat(r.sources()).allSatisfy(s -> assertThat(s.rowsQuarantined()).isEqualTo(4));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(dir.resolve("p-quarantine").toString())
                .where("source = 'lake'")
                .selectExpr("reason")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .map(reason -> reason.substring(0, reason.indexOf(" is not")))
        .containsExactlyInAnyOrder(
            "column 'n': '3000000000'",
            "column 'flag': 'yes'",
            "column 'amount': '1.239'",
            "column 'count': '1.5'");
    Row golden =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("p-golden").toString())
            .collectAsList()
            .get(0);
    assertThat(golden.<String>getAs("id")).isEqualTo("p1");
    assertThat(golden.<Integer>getAs("n")).isEqualTo(5);
    assertThat(golden.<Boolean>getAs("flag")).isTrue();
    assertThat(golden.<BigDecimal>getAs("amount")).isEqualByComparingTo("1.25");
    assertThat(golden.<Long>getAs("count")).isEqualTo(7L);
  }

  private static String typeOf(String column) {
    return Stream.of(SCHEMA.split(","))
        .map(String::trim)
        .filter(f -> f.startsWith(column + " "))
        .map(f -> f.substring(column.length() + 1))
        .findFirst()
        .orElseThrow();
  }

  private static void writeCsv(Path folder, List<Map<String, String>> rows) throws IOException {
    List<String> names = new ArrayList<>(List.of("id"));
    names.addAll(COLUMNS);
    SourceFiles.csv(
        folder, names, rows.stream().map(r -> names.stream().map(r::get).toList()).toList());
  }

  private static void writeJson(Path folder, List<Map<String, String>> rows) throws IOException {
    List<Map<String, String>> objects = new ArrayList<>();
    for (Map<String, String> r : rows) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("id", SourceFiles.quoted(r.get("id").replace("\t", "\\t")));
      for (String c : COLUMNS) {
        String v = r.get(c);
        boolean number = v.matches("-?[0-9.]+(e-?[0-9]+)?") && !c.equals("dt");
        boolean bool = v.equals("true") || v.equals("false");
        fields.put(c, number || bool ? v : SourceFiles.quoted(v));
      }
      objects.add(fields);
    }
    SourceFiles.json(folder, objects);
  }
}

package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.spark.Progress;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcile and sync neither depend on nor change the caller's {@code spark.sql.session.timeZone}:
 * the same sources reconciled and written back in a UTC session and in an America/Los_Angeles
 * session give the same golden table, discrepancies, quarantine and written-back files, all in the
 * configured {@code normalize.timezone} (Asia/Tokyo); the session's zone is the caller's during and
 * after a run, including a failed one.
 */
class SessionTimeZoneIT {

  private static final String ZONE_KEY = "spark.sql.session.timeZone";

  private static final String CSV =
      """
      id,born,seen,amount,updated_at
      a,2024-01-01,2024-03-10 01:30:00,1.0,2024-05-01 00:00:00
      b,2024-02-02,2024-03-10 02:30:00,2.0,2024-05-01 00:00:00
      c,2024-03-03,2024-11-03 01:30:00,3.0,2024-05-01 00:00:00
      d,2024-04-04,2024-01-01 00:00:00,4.0,2024-05-01 00:00:00
      e,2024-05-05,2024-01-01 00:00:00,6.0,2024-05-01 00:00:00
      ,2024-04-04,2024-01-01 09:00:00,5.0,2024-05-01 00:00:00
      """;

  private static final String JSON =
      """
      {"id":"a","born":"2024-01-01 00:00:00","seen":"2024-03-10 01:30:00","amount":1.0,\
      "updated_at":"2024-05-01 00:00:00"}
      {"id":"b","born":"2024-02-02 00:00:00","seen":"2024-03-10 03:30:00","amount":2.0,\
      "updated_at":"2024-05-02 00:00:00"}
      {"id":"c","born":"2024-03-03 12:00:00","seen":"2024-11-03 01:30:00","amount":3.0,\
      "updated_at":"2024-04-30 23:00:00"}
      {"id":"d","born":"2024-04-04 00:00:00","seen":"2024-01-01 00:00:00","amount":4.5,\
      "updated_at":"2024-05-01 00:00:00"}
      """;

  private static SparkSession shared;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    shared = TestSpark.session();
  }

  /** A session of its own on the shared context, whose time zone only this test sets. */
  private static SparkSession sessionIn(String zone) {
    SparkSession s = shared.newSession();
    s.conf().set(ZONE_KEY, zone);
    return s;
  }

  @Test
  void resultsAreTheConfiguredZonesWhateverTheSessionZoneAndTheSessionZoneIsLeftAlone()
      throws IOException {
    Outcome utc = reconcileAndWriteBack(sessionIn("UTC"), dir.resolve("utc"));
    Outcome la = reconcileAndWriteBack(sessionIn("America/Los_Angeles"), dir.resolve("la"));

    assertThat(utc.zonesSeen()).containsOnly("UTC");
    assertThat(la.zonesSeen()).containsOnly("America/Los_Angeles");
    assertThat(la.golden()).isEqualTo(utc.golden()).hasSize(5);
    assertThat(la.discrepancies()).isEqualTo(utc.discrepancies()).hasSize(4);
    assertThat(la.quarantine()).isEqualTo(utc.quarantine()).hasSize(1);
    assertThat(la.writtenBack()).isEqualTo(utc.writtenBack()).hasSize(5);

    // Dates widen to midnight in Tokyo, as the JSON copy's offset-less "00:00:00" is read there:
    // key a agrees, and its golden `born` is that instant.
    assertThat(la.golden())
        .contains("a|" + Instant.parse("2023-12-31T15:00:00Z") + "|2024-03-09T16:30:00Z|1.0");
    // Timestamps are rendered as text in Tokyo, giving back what the sources say (02:30 on
    // 2024-03-10 does not exist in Los Angeles).
    assertThat(la.discrepancies())
        .containsExactly(
            "b|conflict|seen|{aws -> 2024-03-10 02:30:00, azure -> 2024-03-10 03:30:00}|[]|azure",
            "c|conflict|born|{aws -> 2024-03-03 00:00:00, azure -> 2024-03-03 12:00:00}|[]|aws",
            "d|conflict|amount|{aws -> 4.0, azure -> 4.5}|[]|aws",
            "e|missing|null|null|[azure]|aws");
    assertThat(la.quarantine().get(0)).contains("\"seen\":\"2024-01-01T09:00:00.000+09:00\"");
    assertThat(la.writtenBack())
        .contains(
            "a,2024-01-01T00:00:00.000+09:00,2024-03-10T01:30:00.000+09:00,1.0,"
                + "2024-05-01T00:00:00.000+09:00");
  }

  @Test
  void aFailedRunLeavesTheSessionZoneAlone() {
    SparkSession la = sessionIn("America/Los_Angeles");
    Path missing = dir.resolve("no-such-folder");
    List<String> zonesSeen = new ArrayList<>();
    LeptonConfig config = config(missing, missing, dir.resolve("out"));

    assertThatThrownBy(
            () -> Lepton.with(la).reconcile(config).progress(watching(la, zonesSeen)).execute())
        .hasMessageContaining("Cannot read source 'aws'")
        .hasMessageContaining(missing.toString());
    assertThat(zonesSeen).isNotEmpty().containsOnly("America/Los_Angeles");
    assertThat(la.conf().get(ZONE_KEY)).isEqualTo("America/Los_Angeles");
  }

  /** What one reconcile and one write-back to the CSV source produced, each row as text. */
  private record Outcome(
      Set<String> zonesSeen,
      List<String> golden,
      List<String> discrepancies,
      List<String> quarantine,
      List<String> writtenBack) {}

  private Outcome reconcileAndWriteBack(SparkSession session, Path root) throws IOException {
    String zone = session.conf().get(ZONE_KEY);
    Path aws = Files.createDirectories(root.resolve("aws"));
    Path azure = Files.createDirectories(root.resolve("azure"));
    Files.writeString(aws.resolve("part-0.csv"), CSV);
    Files.writeString(azure.resolve("part-0.json"), JSON);
    LeptonConfig config = config(aws, azure, root);
    List<String> zonesSeen = new ArrayList<>();

    ReconcileResult result =
        Lepton.with(session).reconcile(config).progress(watching(session, zonesSeen)).execute();
    assertThat(result.counts().conflicting()).isEqualTo(3);
    assertThat(session.conf().get(ZONE_KEY)).isEqualTo(zone);
    Lepton.with(session)
        .sync(config)
        .writeBack("aws")
        .progress(watching(session, zonesSeen))
        .execute();
    assertThat(session.conf().get(ZONE_KEY)).isEqualTo(zone);

    return new Outcome(
        new TreeSet<>(zonesSeen),
        rows(session, root.resolve("golden"), "id", "born", "seen", "amount"),
        rows(
            session,
            root.resolve("discrepancies"),
            "id",
            "kind",
            "`column`",
            "cast(`values` as string)",
            "missing_in",
            "winner"),
        rows(session, root.resolve("quarantine"), "source", "reason", "raw"),
        writtenLines(aws));
  }

  /** A table's rows as text (timestamps as the instants they hold), sorted. */
  private static List<String> rows(SparkSession session, Path table, String... columns) {
    return session
        .read()
        .format("delta")
        .load(table.toString())
        .selectExpr(columns)
        .collectAsList()
        .stream()
        .map(SessionTimeZoneIT::text)
        .sorted()
        .toList();
  }

  private static String text(Row r) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      parts.add(
          v instanceof java.sql.Timestamp t
              ? t.toInstant().toString()
              : v instanceof scala.collection.Seq<?> s
                  ? s.mkString("[", ", ", "]")
                  : String.valueOf(v));
    }
    return String.join("|", parts);
  }

  /** Every line of the source's data files as written back (header lines included), sorted. */
  private static List<String> writtenLines(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> data =
          files.filter(p -> !p.getFileName().toString().matches("[_.].*")).sorted().toList();
      assertThat(data).allMatch(p -> p.getFileName().toString().startsWith("lepton-golden-v0-"));
      List<String> lines = new ArrayList<>();
      for (Path p : data) {
        lines.addAll(Files.readAllLines(p));
      }
      return lines.stream().filter(l -> !l.startsWith("id,")).sorted().toList();
    }
  }

  /** Progress that notes the session's time zone at every line an action prints. */
  private static Progress watching(SparkSession session, List<String> zonesSeen) {
    return new Progress("test", session, line -> zonesSeen.add(session.conf().get(ZONE_KEY)), 0);
  }

  private static LeptonConfig config(Path aws, Path azure, Path out) {
    String schema = "id STRING, born %s, seen TIMESTAMP, amount DOUBLE, updated_at TIMESTAMP";
    return LeptonConfig.parse(
        """
        lepton.reconcile {
          key = [id]
          ignore-columns = [updated_at]
          sources = [
            { name = aws, uri = "%s", format = csv, options { header = "true" }, schema = "%s" }
            { name = azure, uri = "%s", format = json, schema = "%s" }
          ]
          normalize.timezone = "Asia/Tokyo"
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.enabled = false
        """
            .formatted(
                aws,
                schema.formatted("DATE"),
                azure,
                schema.formatted("TIMESTAMP"),
                out.resolve("golden"),
                out.resolve("discrepancies"),
                out.resolve("quarantine")));
  }
}

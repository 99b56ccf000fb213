package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.ParsedSource;
import ai.lepton.data.SourceSpec;
import ai.lepton.testing.ReconcileTables;
import ai.lepton.testing.SourceFiles;
import ai.lepton.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three copies of one account list that name and encode their columns differently: a CSV whose
 * header says {@code mail} for {@code email}; a JSON copy keyed by {@code account_id}, with the
 * balance in cents and the e-mail address in two parts (both computed by {@code transform}); and a
 * Parquet copy with {@code email_address} and a {@code legacy_code} only it and the CSV have, in
 * different types, listed in {@code ignore-columns}. The truth: every copy agrees except one
 * planted balance, and two keys are missing from one copy each.
 */
class ColumnMappingIT {

  private static final String SCHEMA =
      "id STRING, name STRING, email STRING, balance DECIMAL(12,2)";

  private static SparkSession spark;
  private static Path dir;
  private static ReconcileResult result;

  @BeforeAll
  static void reconcileThreeDifferentlyNamedCopies() throws IOException {
    spark = TestSpark.session();
    dir = Files.createTempDirectory("lepton-mapping-");
    write(
        "crm/part-0.csv",
        "id,name,mail,balance,legacy_code",
        "k1,Ann,ann@example.com,1234.56,X1",
        "k2,Bob,bob@example.com,0.05,X2",
        "k3,Cy,cy@example.com,990.00,X3",
        "k4,Di,di@example.com,10.00,X4");
    write(
        "billing/part-0.json",
        "{\"account_id\":\"k1\",\"name\":\"Ann\",\"user\":\"ann\",\"domain\":\"EXAMPLE.COM \","
            + "\"cents\":123456}",
        "{\"account_id\":\"k2\",\"name\":\"Bob\",\"user\":\"bob\",\"domain\":\"example.com\","
            + "\"cents\":5}",
        "{\"account_id\":\"k3\",\"name\":\"Cy\",\"user\":\"cy\",\"domain\":\"example.com\","
            + "\"cents\":99900}",
        "{\"account_id\":\"k5\",\"name\":\"Ed\",\"user\":\"ed\",\"domain\":\"example.com\","
            + "\"cents\":1000}");
    List<Row> archive = new ArrayList<>();
    archive.add(row("k1", "Ann", "ann@example.com", "1234.56", 7));
    archive.add(row("k2", "Bob", "Bob@Example.com", "0.05", 8));
    archive.add(row("k3", "Cy", "cy@example.com", "990.00", 9));
    archive.add(row("k4", "Di", "di@example.com", "10.00", 10));
    archive.add(row("k5", "Ed", "ed@example.com", "10.00", 11));
    spark
        .createDataFrame(
            archive,
            StructType.fromDDL(
                "id STRING, name STRING, email_address STRING, balance DECIMAL(12,2),"
                    + " legacy_code INT"))
        .coalesce(1)
        .write()
        .parquet(dir.resolve("archive").toString());
    result = Lepton.with(spark).reconcile(LeptonConfig.parse(config())).execute();
  }

  private static String config() {
    return """
        lepton.reconcile {
          key = [id]
          schema = "%s"
          sources = [
            { name = crm, uri = "%s", format = csv, options { header = "true" },
              columns { mail = "email" } },
            { name = billing, uri = "%s", format = json,
              schema = "id STRING, name STRING, user STRING, domain STRING, cents BIGINT",
              columns { account_id = "id" },
              transform { email = "concat(user, '@', domain)", balance = "cents / 100" } },
            { name = archive, uri = "%s", format = parquet, columns { email_address = "email" } } ]
          ignore-columns = [legacy_code]
          normalize { case-insensitive-columns = [email] }
          resolve { policy = priority, priority = [crm, billing, archive] }
          sample-size = 5
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track { runs = "%s", enabled = false }
        """
        .formatted(
            SCHEMA,
            dir.resolve("crm"),
            dir.resolve("billing"),
            dir.resolve("archive"),
            dir.resolve("golden"),
            dir.resolve("discrepancies"),
            dir.resolve("quarantine"),
            dir.resolve("runs"));
  }

  @Test
  void goldenRowsAreTheTruthUnderCanonicalNames() {
    Map<String, String> golden = new TreeMap<>();
    for (Row r :
        spark.read().format("delta").load(dir.resolve("golden").toString()).collectAsList()) {
      golden.put(
          r.getString(r.fieldIndex("id")),
          String.join(
              "|",
              r.getString(r.fieldIndex("name")),
              r.getString(r.fieldIndex("email")),
              r.getDecimal(r.fieldIndex("balance")).toPlainString(),
              String.valueOf(r.get(r.fieldIndex("legacy_code"))),
              r.getString(r.fieldIndex("_lepton_source"))));
    }
    assertThat(golden)
        .containsExactly(
            Map.entry("k1", "Ann|ann@example.com|1234.56|X1|crm"),
            Map.entry("k2", "Bob|bob@example.com|0.05|X2|crm"),
            Map.entry("k3", "Cy|cy@example.com|990.00|X3|crm"),
            Map.entry("k4", "Di|di@example.com|10.00|X4|crm"),
            Map.entry("k5", "Ed|ed@example.com|10.00|null|billing"));
    assertThat(result.sources()).allSatisfy(s -> assertThat(s.rowsQuarantined()).isZero());
  }

  @Test
  void onlyThePlantedBalanceConflicts() {
    assertThat(result.counts().keys()).isEqualTo(5);
    assertThat(result.counts().matched()).isEqualTo(2);
    assertThat(result.counts().conflicting()).isEqualTo(1);
    assertThat(result.counts().missing())
        .containsExactly(Map.entry("crm", 1L), Map.entry("billing", 1L), Map.entry("archive", 0L));
    assertThat(result.conflicts().byColumn()).containsExactly(Map.entry("balance", 1L));
    ReconcileResult.ConflictSample sample = result.conflicts().samples().get(0);
    assertThat(sample.key()).containsExactly(Map.entry("id", "k3"));
    assertThat(sample.values())
        .containsExactly(
            Map.entry("crm", "990.00"),
            Map.entry("billing", "999.00"),
            Map.entry("archive", "990.00"));
    List<String> conflicts = ReconcileTables.conflicts(spark, dir.resolve("discrepancies"));
    assertThat(conflicts).containsExactly("k3/balance");
  }

  @Test
  void theSchemaReportNamesRenamesTransformsAndTheIgnoredColumn() {
    Map<String, ReconcileResult.SchemaColumn> byName = new TreeMap<>();
    result.schema().columns().forEach(c -> byName.put(c.name(), c));
    // billing's user, domain and cents only feed its transforms: not columns of their own
    assertThat(byName).containsOnlyKeys("id", "name", "email", "balance", "legacy_code");
    assertThat(byName.get("id").mappedFrom()).containsExactly(Map.entry("billing", "account_id"));
    ReconcileResult.SchemaColumn email = byName.get("email");
    assertThat(email.role()).isEqualTo("compared");
    assertThat(email.mappedFrom())
        .containsExactly(Map.entry("crm", "mail"), Map.entry("archive", "email_address"));
    assertThat(email.transforms())
        .containsExactly(Map.entry("billing", "concat(user, '@', domain)"));
    ReconcileResult.SchemaColumn balance = byName.get("balance");
    assertThat(balance.alignedType()).isEqualTo("decimal(12,2)");
    assertThat(balance.transforms()).containsExactly(Map.entry("billing", "cents / 100"));
    assertThat(balance.sourceTypes()).containsEntry("billing", "double");
    assertThat(balance.widenedIn()).isEmpty();
    ReconcileResult.SchemaColumn legacy = byName.get("legacy_code");
    assertThat(legacy.role()).isEqualTo("ignored");
    assertThat(legacy.alignedType()).isEqualTo("string");
    assertThat(legacy.sourceTypes())
        .containsExactly(Map.entry("crm", "string"), Map.entry("archive", "int"));
    assertThat(legacy.missingIn()).containsExactly("billing");
  }

  @Test
  void aTransformThatIsNotOneRowsValueOverKnownColumnsIsRefused() {
    ParsedSource billing =
        new ParsedSource(
            new SourceSpec("billing", "/b", "json", Map.of(), "", "lepton.reconcile.sources[1]"),
            spark.createDataFrame(
                List.of(RowFactory.create("k1", 5L)),
                StructType.fromDDL("id STRING, cents BIGINT")),
            StructType.fromDDL("id STRING, cents BIGINT"));
    String key = "lepton.reconcile.sources[1]";
    assertThatThrownBy(() -> SourceTransforms.of(billing, Map.of("balance", "cent / 100"), key))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.reconcile.sources[1].transform.balance (cent / 100)")
        .hasMessageContaining("cannot be evaluated on source 'billing': [UNRESOLVED_COLUMN")
        .hasMessageContaining("`cent`")
        .hasMessageContaining("Its columns, as renamed: [id, cents]");
    assertThatThrownBy(() -> SourceTransforms.of(billing, Map.of("balance", "sum(cents)"), key))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.reconcile.sources[1].transform.balance (sum(cents))");
    assertThatThrownBy(
            () -> SourceTransforms.of(billing, Map.of("balance", "explode(array(cents))"), key))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources[1].transform.balance (explode(array(cents))) is not computed"
                + " from one row's values");
  }

  @Test
  void syncWritesRenamedColumnsBackUnderTheSourcesOwnNames() throws IOException {
    Lepton.with(spark).sync(LeptonConfig.parse(config())).writeBack("crm").execute();
    List<String> headers = new ArrayList<>();
    try (var files = Files.list(dir.resolve("crm"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        headers.add(Files.readAllLines(f).get(0));
      }
    }
    assertThat(headers).isNotEmpty().allMatch(h -> h.equals("id,name,mail,balance,legacy_code"));
  }

  @Test
  void aColumnATransformReadsIsAnInputOnlyWhenNoOtherSourceOrTheKeyHasIt() {
    ParsedSource a = inMemory("a", "id STRING, cents BIGINT, note STRING");
    ParsedSource b = inMemory("b", "id STRING, note STRING");
    Map<String, SourceTransforms> t =
        SourceTransforms.of(
            List.of(a, b),
            List.of(
                new ReconcileConfig.SourceConfig(
                    "a",
                    "/a",
                    "json",
                    Map.of(),
                    "",
                    Map.of(),
                    Map.of("balance", "cents / 100", "tag", "concat(id, note)")),
                new ReconcileConfig.SourceConfig("b", "/b", "json", Map.of(), "")),
            List.of("id"));
    assertThat(t.get("a").consumes("cents")).isTrue();
    assertThat(t.get("a").consumes("id")).isFalse();
    assertThat(t.get("a").consumes("note")).isFalse();
    assertThat(t.get("a").schemaOf(a.dataSchema()).fieldNames())
        .startsWith("id", "note")
        .containsExactlyInAnyOrder("id", "note", "balance", "tag");
  }

  private static ParsedSource inMemory(String name, String ddl) {
    StructType schema = StructType.fromDDL(ddl);
    Object[] values = new Object[schema.size()];
    return new ParsedSource(
        new SourceSpec(name, "/" + name, "json", Map.of(), "", "lepton.reconcile.sources[0]"),
        spark.createDataFrame(List.of(RowFactory.create(values)), schema),
        schema);
  }

  private static Row row(String id, String name, String email, String balance, int legacy) {
    return RowFactory.create(id, name, email, new BigDecimal(balance), legacy);
  }

  private static void write(String file, String... lines) throws IOException {
    SourceFiles.lines(dir.resolve(file), lines);
  }
}

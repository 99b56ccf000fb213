package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestBuckets;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark reads and writes s3a:// (s3proxy) and wasb:// (Azurite) with the endpoints and credentials
 * of {@code lepton.stores}, written into its Hadoop configuration by {@link HadoopStoreConf}.
 */
@ExtendWith(EmulatorsExtension.class)
class SparkStoresIT {

  private static SparkSession spark;
  private static ObjectStores stores;
  private static TestBuckets buckets;
  private static String bucket;
  private static String container;

  @BeforeAll
  static void configureSpark() {
    spark = TestSpark.session();
    LeptonConfig config = TestStores.config(EmulatorsExtension.emulators(), "");
    Map<String, String> applied = HadoopStoreConf.apply(config, spark);
    assertThat(applied).containsEntry("fs.s3a.path.style.access", "true");
    stores = ObjectStores.from(config);
    buckets = TestBuckets.create(stores, "s3a", "lepton-spark");
    bucket = buckets.bucket();
    container = buckets.container();
  }

  @AfterAll
  static void cleanUp() {
    buckets.close();
    stores.close();
  }

  private static Dataset<Row> accounts(int n) {
    return spark
        .range(n)
        .selectExpr(
            "cast(id as string) as id", "id * 1.5 as balance", "concat('name-', id) as name");
  }

  @Test
  void deltaTableOnS3RoundTripsThroughS3a() {
    String table = bucket + "tables/accounts";
    accounts(500).write().format("delta").mode("overwrite").save(table);
    accounts(20).write().format("delta").mode("append").save(table);

    Dataset<Row> back = spark.read().format("delta").load(table);

    assertThat(back.count()).isEqualTo(520);
    assertThat(back.where("id = '499'").first().getAs("name").toString()).isEqualTo("name-499");
    List<ObjectInfo> files = stores.forUri(table).list(table);
    assertThat(files)
        .extracting(ObjectInfo::uri)
        .anyMatch(u -> u.contains("/_delta_log/00000000000000000001.json"))
        .anyMatch(u -> u.endsWith(".parquet"));
  }

  @Test
  void deltaTableOnAzureRoundTripsThroughWasb() {
    String table = container + "tables/accounts";
    accounts(300).write().format("delta").mode("overwrite").save(table);
    spark.sql("DELETE FROM delta.`" + table + "` WHERE cast(id as int) < 100");

    Dataset<Row> back = spark.read().format("delta").load(table);

    assertThat(back.count()).isEqualTo(200);
    assertThat(stores.forUri(table).list(table))
        .extracting(ObjectInfo::uri)
        .anyMatch(u -> u.contains("/_delta_log/00000000000000000001.json"));
  }

  @Test
  void csvWrittenByTheStoreIsReadBySparkAndTheOtherWayRound() {
    String csv = bucket + "raw/accounts.csv";
    stores.forUri(csv).write(csv, new java.io.ByteArrayInputStream("id,n\n1,a\n2,b\n".getBytes()));
    assertThat(spark.read().option("header", "true").csv(csv).count()).isEqualTo(2);

    String out = container + "exports/accounts";
    accounts(10).coalesce(1).write().mode("overwrite").json(out);
    List<ObjectInfo> written = stores.forUri(out).list(out);
    assertThat(written).extracting(ObjectInfo::uri).anyMatch(u -> u.endsWith(".json"));
    long lines =
        written.stream()
            .filter(o -> o.uri().endsWith(".json"))
            .mapToLong(o -> new String(readAll(o.uri())).lines().count())
            .sum();
    assertThat(lines).isEqualTo(10);
  }

  private static byte[] readAll(String uri) {
    try (var in = stores.forUri(uri).open(uri)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

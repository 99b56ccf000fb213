package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  private static final String STORES =
      "lepton.stores {\n"
          + "  raw { type = s3, buckets = [\"acme-raw\", \"acme-landing\"], region = eu-west-1 }\n"
          + "  lake { type = s3, endpoint = \"http://127.0.0.1:9000\", path-style-access = true }\n"
          + "  blob { type = azure, account = acme, credentials { mode = account-key,"
          + " account-key = \"a2V5\" } }\n"
          + "  gold { type = azure, account = acme, containers = [gold] }\n"
          + "}\n";

  @Test
  void storeKeysFallBackToStoreDefaults() {
    StoreConfig raw = StoreConfig.all(LeptonConfig.parse(STORES)).get("raw");

    assertThat(raw.type()).isEqualTo(StoreType.S3);
    assertThat(raw.region()).isEqualTo("eu-west-1");
    assertThat(raw.multipart().partSizeBytes()).isEqualTo(8L * 1024 * 1024);
    assertThat(raw.multipart().thresholdBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(raw.retry().maxAttempts()).isEqualTo(4);
    assertThat(raw.timeouts().attemptMs()).isEqualTo(300_000);
    assertThat(raw.verifyWrites()).isEqualTo(StoreConfig.VerifyWrites.AUTO);
    assertThat(raw.credentials().mode()).isEqualTo("default");
    assertThat(raw.key("retry.max-attempts")).isEqualTo("lepton.stores.raw.retry.max-attempts");
  }

  @Test
  void changedStoreDefaultsApplyToEveryStore() {
    LeptonConfig config =
        LeptonConfig.parse(STORES + "lepton.store-defaults.retry.max-attempts = 9");
    assertThat(StoreConfig.all(config).values())
        .allSatisfy(s -> assertThat(s.retry().maxAttempts()).isEqualTo(9));
  }

  @Test
  void locationsPickTheStoreThatNamesThemThenTheCatchAllThenABuiltIn() {
    ObjectStores stores = ObjectStores.from(LeptonConfig.parse(STORES));

    assertThat(stores.configFor("s3a://acme-raw/x.csv").name()).isEqualTo("raw");
    assertThat(stores.configFor("s3://acme-landing/").name()).isEqualTo("raw");
    assertThat(stores.configFor("s3a://other/x").name()).isEqualTo("lake");
    assertThat(stores.configFor("wasbs://gold@acme.blob.core.windows.net/t").name())
        .isEqualTo("gold");
    assertThat(stores.configFor("abfss://data@acme.dfs.core.windows.net/t").name())
        .isEqualTo("blob");
    assertThat(stores.configFor("wasbs://data@elsewhere.blob.core.windows.net/t").name())
        .isEqualTo(ObjectStores.DEFAULT_AZURE);
    assertThat(stores.configFor("/tmp/x").name()).isEqualTo(ObjectStores.LOCAL);
    assertThat(stores.configFor("file:///tmp/x").name()).isEqualTo(ObjectStores.LOCAL);
    assertThat(ObjectStores.from(LeptonConfig.parse("")).configFor("s3://b/k").name())
        .isEqualTo(ObjectStores.DEFAULT_S3);
  }

  @Test
  void twoStoresServingTheSameBucketAreRefused() {
    assertThatThrownBy(
            () ->
                ObjectStores.from(
                    LeptonConfig.parse(
                        "lepton.stores { a { type = s3, buckets = [x, y] },"
                            + " b { type = s3, buckets = [y] } }")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Stores 'a' and 'b' both serve bucket y")
        .hasMessageContaining("Give each store its own buckets under lepton.stores");
    assertThatThrownBy(
            () ->
                ObjectStores.from(
                    LeptonConfig.parse("lepton.stores { a { type = s3 }, b { type = s3 } }")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("any s3 bucket");
  }

  @Test
  void unknownKeyInsideAStoreNamesTheNearestValidKey() {
    assertThatThrownBy(
            () -> LeptonConfig.parse("lepton.stores.aws { type = s3, regoin = eu-west-1 }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.stores.aws.regoin")
        .hasMessageContaining("Did you mean lepton.stores.aws.region?");
    assertThatThrownBy(
            () ->
                LeptonConfig.parse(
                    "lepton.stores.aws { type = s3, multipart { part-size = 5000000 } }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.stores.aws.multipart.part-size")
        .hasMessageContaining("Did you mean lepton.stores.aws.multipart.part-size-bytes?");
    assertThatThrownBy(() -> LeptonConfig.parse("lepton.stores.aws = s3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.stores.aws must be an object");
  }

  @Test
  void badValuesNameTheKeyAndTheFix() {
    assertThatThrownBy(() -> stores("x { type = gcs }"))
        .hasMessageContaining("lepton.stores.x.type = 'gcs' is not a store type")
        .hasMessageContaining("s3, azure or local");
    assertThatThrownBy(() -> stores("x { region = eu-west-1 }"))
        .hasMessageContaining("lepton.stores.x.type is not set");
    assertThatThrownBy(() -> stores("x { type = s3, credentials.mode = sas }"))
        .hasMessageContaining("lepton.stores.x.credentials.mode = 'sas' is not valid for type s3")
        .hasMessageContaining("anonymous, default, profile, static");
    assertThatThrownBy(() -> stores("x { type = s3, credentials { mode = static } }"))
        .hasMessageContaining("lepton.stores.x.credentials.access-key-id is empty")
        .hasMessageContaining("access-key-id = ${?AWS_ACCESS_KEY_ID}");
    assertThatThrownBy(() -> stores("x { type = s3, multipart.part-size-bytes = 1000 }"))
        .hasMessageContaining("lepton.stores.x.multipart.part-size-bytes = 1000 is below")
        .hasMessageContaining("5242880");
    assertThatThrownBy(() -> stores("x { type = azure, buckets = [a] }"))
        .hasMessageContaining("lepton.stores.x.buckets applies to s3 stores only");
    assertThatThrownBy(
            () ->
                stores(
                    "x { type = azure, credentials.mode = account-key,"
                        + " credentials.account-key = k }"))
        .hasMessageContaining("lepton.stores.x.account is not set");
    assertThatThrownBy(() -> stores("x { type = s3, verify-writes = sometimes }"))
        .hasMessageContaining("lepton.stores.x.verify-writes = 'sometimes' is not valid");
  }

  @Test
  void secretsFromTheEnvironmentAreRedactedInDumpsAndToString() {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.stores.aws { type = s3, credentials { mode = static,"
                + " access-key-id = AKIAEXAMPLE, secret-access-key = ${?PATH} } }");
    StoreConfig aws = StoreConfig.all(config).get("aws");

    assertThat(aws.credentials().secretAccessKey()).isEqualTo(System.getenv("PATH"));
    assertThat(config.dump()).doesNotContain(System.getenv("PATH")).doesNotContain("AKIAEXAMPLE");
    assertThat(aws.toString()).doesNotContain(System.getenv("PATH")).contains("mode=static");
  }

  @Test
  void locationsParseBucketAccountAndKey() {
    Location s3 = Location.parse("s3a://bucket/dir/file name.csv");
    assertThat(s3.bucket()).isEqualTo("bucket");
    assertThat(s3.key()).isEqualTo("dir/file name.csv");
    assertThat(s3.withKey("x")).isEqualTo("s3a://bucket/x");

    Location az = Location.parse("abfss://data@Acct.dfs.core.windows.net/t/");
    assertThat(az.bucket()).isEqualTo("data");
    assertThat(az.account()).isEqualTo("acct");
    assertThat(az.folderKey()).isEqualTo("t/");

    assertThat(Location.parse("file:/tmp/a").key()).isEqualTo("/tmp/a");
    assertThat(Location.parse("file:///tmp/a").key()).isEqualTo("/tmp/a");
    assertThatThrownBy(() -> Location.parse("wasbs://acct.blob.core.windows.net/x"))
        .hasMessageContaining("wasbs://CONTAINER@ACCOUNT.blob.core.windows.net/path");
    assertThatThrownBy(() -> Location.parse("gs://b/k"))
        .hasMessageContaining("scheme 'gs' is not supported");
  }

  @Test
  void storesSurviveJavaSerializationLikeSparkTasksNeed() throws Exception {
    ObjectStores stores = ObjectStores.from(LeptonConfig.parse(STORES));
    ObjectStore raw = stores.forUri("s3a://acme-raw/");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(stores);
      out.writeObject(raw);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      ObjectStores copy = (ObjectStores) in.readObject();
      ObjectStore rawCopy = (ObjectStore) in.readObject();
      assertThat(copy.configFor("wasbs://gold@acme.blob.core.windows.net/t").name())
          .isEqualTo("gold");
      assertThat(rawCopy.name()).isEqualTo("raw");
      assertThat(((ai.lepton.storage.s3.S3Store) rawCopy).config().buckets())
          .containsExactly("acme-raw", "acme-landing");
    }
  }

  private static ObjectStores stores(String body) {
    return ObjectStores.from(LeptonConfig.parse("lepton.stores { " + body + " }"));
  }
}

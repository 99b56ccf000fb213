package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HadoopStoreConfTest {

  private static Map<String, String> settings(String stores) {
    return HadoopStoreConf.settings(ObjectStores.from(LeptonConfig.parse(stores)));
  }

  @Test
  void s3StoreThatNamesBucketsGetsPerBucketKeys() {
    Map<String, String> s =
        settings(
            "lepton.stores.raw { type = s3, buckets = [a, b], region = eu-west-1,"
                + " credentials { mode = static, access-key-id = id, secret-access-key = sec } }");

    assertThat(s)
        .containsEntry("fs.s3a.bucket.a.endpoint.region", "eu-west-1")
        .containsEntry("fs.s3a.bucket.b.access.key", "id")
        .containsEntry("fs.s3a.bucket.b.secret.key", "sec")
        .containsEntry("fs.s3a.bucket.a.aws.credentials.provider", HadoopStoreConf.S3A_SIMPLE)
        .containsEntry("fs.s3a.bucket.a.retry.limit", "3")
        .containsEntry("fs.s3a.bucket.a.attempts.maximum", "0")
        .containsEntry("fs.s3a.bucket.a.multipart.size", "8388608");
    assertThat(s.keySet()).noneMatch(k -> k.startsWith("fs.s3a.endpoint"));
  }

  @Test
  void s3EmulatorStoreGetsTheSettingsS3proxyNeeds() {
    Map<String, String> s =
        settings(
            "lepton.stores.emu { type = s3, endpoint = \"http://127.0.0.1:9000\","
                + " path-style-access = true, emulator = true,"
                + " credentials { mode = static, access-key-id = id, secret-access-key = sec,"
                + " session-token = tok } }");

    assertThat(s)
        .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:9000")
        .containsEntry("fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("fs.s3a.endpoint.region", "us-east-1")
        .containsEntry("fs.s3a.path.style.access", "true")
        .containsEntry("fs.s3a.change.detection.mode", "client")
        .containsEntry("fs.s3a.session.token", "tok")
        .containsEntry("fs.s3a.aws.credentials.provider", HadoopStoreConf.S3A_TEMPORARY);
  }

  @Test
  void storeDefaultsBoundTheRetriesAndTimeoutsOfS3aWasbAndAbfs() {
    Map<String, String> s =
        settings(
            "lepton.store-defaults { retry { max-attempts = 2, base-delay-ms = 150,"
                + " max-delay-ms = 900 }, connect-timeout-ms = 1500, read-timeout-ms = 2500 }");

    assertThat(s)
        .containsEntry("fs.s3a.attempts.maximum", "0")
        .containsEntry("fs.s3a.retry.limit", "1")
        .containsEntry("fs.s3a.retry.interval", "150ms")
        .containsEntry("fs.s3a.retry.throttle.limit", "1")
        .containsEntry("fs.s3a.connection.establish.timeout", "1500")
        .containsEntry("fs.s3a.connection.timeout", "2500")
        .containsEntry("fs.azure.io.retry.max.retries", "1")
        .containsEntry("fs.azure.io.retry.min.backoff.interval", "150")
        .containsEntry("fs.azure.io.retry.max.backoff.interval", "900")
        .containsEntry("fs.azure.io.copyblob.retry.max.retries", "1")
        .containsEntry("fs.azure.storage.timeout", "3");
  }

  @Test
  void anAzureStoreWithAnAccountBoundsAbfsRetriesForThatAccount() {
    Map<String, String> s =
        settings(
            "lepton.stores.az { type = azure, account = acct, retry.max-attempts = 3,"
                + " credentials { mode = account-key, account-key = k } }");

    assertThat(s)
        .containsEntry("fs.azure.io.retry.max.retries", "2")
        .containsEntry("fs.azure.io.retry.max.retries.acct.dfs.core.windows.net", "2");
  }

  @Test
  void defaultCredentialsLeaveTheProviderChainToHadoop() {
    assertThat(settings("lepton.stores.aws { type = s3 }"))
        .doesNotContainKey("fs.s3a.aws.credentials.provider")
        .doesNotContainKey("fs.s3a.access.key");
  }

  @Test
  void azureEmulatorUsesWasbEmulatorMode() {
    assertThat(
            settings(
                "lepton.stores.az { type = azure, account = devstoreaccount1, emulator = true,"
                    + " endpoint = \"http://127.0.0.1:10000/devstoreaccount1\" }"))
        .containsEntry(
            "fs.azure.storage.emulator.account.name", "devstoreaccount1.blob.core.windows.net")
        .doesNotContainKeys(
            "fs.azure.account.key.devstoreaccount1.blob.core.windows.net",
            "fs.azure.account.auth.type.devstoreaccount1.dfs.core.windows.net");
  }

  @Test
  void azureKeysGoToBothBlobAndDfsHosts() {
    Map<String, String> s =
        settings(
            "lepton.stores.az { type = azure, account = acme,"
                + " credentials { mode = account-key, account-key = k3y } }");

    assertThat(s)
        .containsEntry("fs.azure.account.key.acme.blob.core.windows.net", "k3y")
        .containsEntry("fs.azure.account.key.acme.dfs.core.windows.net", "k3y")
        .containsEntry("fs.azure.account.auth.type.acme.dfs.core.windows.net", "SharedKey");
  }

  @Test
  void azureSasGoesPerContainerAndConnectionStringsAreTakenApart() {
    assertThat(
            settings(
                "lepton.stores.az { type = azure, account = acme, containers = [c1, c2],"
                    + " credentials { mode = sas, sas-token = \"?sv=1&sig=abc\" } }"))
        .containsEntry("fs.azure.sas.c1.acme.blob.core.windows.net", "sv=1&sig=abc")
        .containsEntry("fs.azure.sas.c2.acme.blob.core.windows.net", "sv=1&sig=abc");
    assertThat(
            settings(
                "lepton.stores.az { type = azure, credentials { mode = connection-string,"
                    + " connection-string = \"DefaultEndpointsProtocol=https;AccountName=acme;"
                    + "AccountKey=k3y;EndpointSuffix=core.windows.net\" } }"))
        .containsEntry("fs.azure.account.key.acme.blob.core.windows.net", "k3y");
  }
}

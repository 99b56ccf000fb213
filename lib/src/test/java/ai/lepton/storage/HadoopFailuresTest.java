package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HadoopFailuresTest {

  private static ObjectStores stores(String hocon) {
    return ObjectStores.from(LeptonConfig.parse(hocon));
  }

  @Test
  void theEndpointIsTheHostAndPortHadoopDials() {
    ObjectStores s =
        stores(
            "lepton.stores.minio { type = s3, buckets = [raw],"
                + " endpoint = \"http://10.1.2.3:9000/\" }\n"
                + "lepton.stores.az { type = azure, account = acme, endpoint = \"https://x:7/\" }\n"
                + "lepton.stores.emu { type = azure, account = devstoreaccount1, emulator = true }");

    assertThat(HadoopFailures.endpoint(s.configFor("s3a://raw/x"), "s3a://raw/x"))
        .isEqualTo("10.1.2.3:9000");
    assertThat(HadoopFailures.endpoint(s.configFor("s3a://other/x"), "s3a://other/x"))
        .isEqualTo("AWS S3 (s3.amazonaws.com:443)");
    String wasbs = "wasbs://c@acme.blob.core.windows.net/x";
    assertThat(HadoopFailures.endpoint(s.configFor(wasbs), wasbs))
        .isEqualTo("acme.blob.core.windows.net:443");
    String abfss = "abfss://c@acme.dfs.core.windows.net/x";
    assertThat(HadoopFailures.endpoint(s.configFor(abfss), abfss)).isEqualTo("x:7");
    String emulator = "wasb://c@devstoreaccount1.blob.core.windows.net/x";
    assertThat(HadoopFailures.endpoint(s.configFor(emulator), emulator))
        .isEqualTo("127.0.0.1:10000");
  }

  @Test
  void aRefusedConnectionIsFoundByConnectingAndAnOpenPortIsNot() throws IOException {
    int port;
    try (ServerSocket open = new ServerSocket(0)) {
      port = open.getLocalPort();
      assertThat(HadoopFailures.connectFails("127.0.0.1:" + port, 2000)).isEmpty();
    }
    assertThat(HadoopFailures.connectFails("127.0.0.1:" + port, 2000))
        .hasValueSatisfying(why -> assertThat(why).startsWith("ConnectException"));
    assertThat(HadoopFailures.connectFails("AWS S3 (s3.amazonaws.com:443)", 2000)).isEmpty();
  }
}

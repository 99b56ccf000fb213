package ai.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Checks an export's version folder on its store against its {@code manifest.json}. */
public final class ExportedFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportedFiles() {}

  /**
   * Every file the manifest in {@code versionFolder} names has the SHA-256 and size it gives, there
   * is at least one, and nothing else is in the folder.
   */
  public static void assertMatchManifest(ObjectStores stores, String versionFolder)
      throws IOException {
    JsonNode manifest = JSON.readTree(read(stores, versionFolder + "manifest.json"));
    ObjectStore store = stores.forUri(versionFolder);
    Iterator<Map.Entry<String, JsonNode>> files = manifest.get("files").fields();
    int n = 0;
    while (files.hasNext()) {
      Map.Entry<String, JsonNode> f = files.next();
      String uri = versionFolder + f.getKey();
      assertThat(store.sha256(uri)).as(uri).isEqualTo(f.getValue().get("sha256").asText());
      assertThat(store.stat(uri).orElseThrow().size()).isEqualTo(f.getValue().get("size").asLong());
      n++;
    }
    assertThat(n).isPositive();
    assertThat(store.list(versionFolder)).hasSize(n + 1);
  }

  /** The object at {@code uri} as UTF-8 text. */
  public static String read(ObjectStores stores, String uri) {
    try (InputStream in = stores.forUri(uri).open(uri)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

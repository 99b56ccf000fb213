package ai.lepton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

  @TempDir Path tmp;

  private final ObjectStores stores = ObjectStores.from(LeptonConfig.parse(""));

  private static ModelManifest draft() {
    FeatureSignature features =
        new FeatureSignature(
            "id",
            "y",
            "binary",
            List.of(new FeatureSignature.Numeric("x", 1.0, 2.0)),
            List.of(new FeatureSignature.Categorical("c", List.of("a", "b"))),
            List.of("0", "1"),
            "drop");
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        "m",
        "djl.mlp",
        ModelFormat.DJL,
        features,
        Map.of("seed", 7),
        Map.of("test", Map.of("auc", 0.9)),
        new ModelManifest.InputTable("/t", 3),
        "r1",
        "2026-11-27T00:00:00Z",
        "0.1.0",
        null,
        null,
        null,
        null,
        true);
  }

  private Path staged() throws Exception {
    Path dir = tmp.resolve("staged");
    Files.createDirectories(dir.resolve("model"));
    Files.writeString(dir.resolve("model/weights.bin"), "weights");
    Files.writeString(dir.resolve("model/block.json"), "{}");
    return dir;
  }

  @Test
  void sealPublishAndFetchRoundTrip() throws Exception {
    Path dir = staged();
    ModelManifest sealed = ModelDirectory.seal(dir, draft());
    assertThat(sealed.files()).containsOnlyKeys("model/block.json", "model/weights.bin");
    assertThat(sealed.files().get("model/weights.bin").size()).isEqualTo(7);

    String uri = tmp.resolve("published").toString();
    ModelDirectory.publish(dir, uri, stores);
    ModelManifest fetched = ModelDirectory.fetch(uri, stores, tmp.resolve("fetched"));

    assertThat(fetched).usingRecursiveComparison().isEqualTo(sealed);
    assertThat(Files.readString(tmp.resolve("fetched/model/weights.bin"))).isEqualTo("weights");
    assertThat(fetched.features().encode(Map.of("x", 3.0, "c", "b"))).containsExactly(1f, 0f, 1f);
  }

  @Test
  void aModelRootIsFollowedToItsLatestModel() throws Exception {
    Path dir = staged();
    ModelManifest sealed = ModelDirectory.seal(dir, draft());
    String root = tmp.resolve("models").toString();
    ModelDirectory.publish(dir, ModelDirectory.child(root, "r1"), stores);
    ModelDirectory.pointLatest(root, "r1", stores);

    assertThat(ModelDirectory.resolve(root, stores)).isEqualTo(ModelDirectory.child(root, "r1"));
    assertThat(ModelDirectory.read(root, stores).runId()).isEqualTo(sealed.runId());
    assertThat(ModelDirectory.fetch(root, stores, tmp.resolve("f")).files())
        .isEqualTo(sealed.files());
  }

  @Test
  void theSplitAModelRecordsWinsOverTheFallback() throws Exception {
    SplitRule fallback = new SplitRule(0.1, 0.1, 42);
    assertThat(SplitRule.of(draft(), fallback)).isEqualTo(fallback);

    ModelManifest recorded =
        ModelDirectory.fromJson(
            ModelDirectory.toJson(draft())
                .replace(
                    "\"seed\" : 7",
                    "\"seed\" : 7, \"split.validation\" : 0.2, \"split.test\" : 0.15,"
                        + " \"split.seed\" : 9"),
            "test");
    assertThat(SplitRule.of(recorded, fallback)).isEqualTo(new SplitRule(0.2, 0.15, 9));
  }

  @Test
  void aChangedFileIsRefusedWithItsChecksums() throws Exception {
    Path dir = staged();
    ModelDirectory.seal(dir, draft());
    Files.writeString(dir.resolve("model/weights.bin"), "tampered");
    assertThatThrownBy(() -> ModelDirectory.verifyLocal(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("weights.bin does not match its lepton-model.json");
  }

  @Test
  void anExtraFileOrAMissingManifestIsRefused() throws Exception {
    Path dir = staged();
    ModelDirectory.seal(dir, draft());
    String uri = tmp.resolve("published").toString();
    ModelDirectory.publish(dir, uri, stores);
    Files.writeString(tmp.resolve("published/model/extra.bin"), "x");
    assertThatThrownBy(() -> ModelDirectory.fetch(uri, stores, tmp.resolve("f")))
        .hasMessageContaining("does not name: [model/extra.bin]");
    assertThatThrownBy(() -> ModelDirectory.read(tmp.toString(), stores))
        .hasMessageContaining("lepton-model.json is missing");
  }

  @Test
  void aStagingFolderThatCannotBeReadIsAModelErrorNamingItNotAJdkException() {
    Path missing = tmp.resolve("not-there");

    assertThatThrownBy(() -> ModelDirectory.seal(missing, draft()))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("Cannot list the model files in " + missing + ": ")
        .hasMessageEndingWith("and that its disk is not full.")
        .hasMessageNotContaining("Exception")
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void aManifestNamingAnUnknownFormatSaysWhichFormatsThisLeptonReads() {
    String json = ModelDirectory.toJson(draft()).replace("\"djl\"", "\"onnx-v9\"");

    assertThatThrownBy(() -> ModelDirectory.fromJson(json, "/m/lepton-model.json"))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("Cannot read /m/lepton-model.json: it is not a valid")
        .hasMessageContaining("Unknown model format 'onnx-v9': this Lepton reads [")
        .hasMessageNotContaining("\n");
  }
}

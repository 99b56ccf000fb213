package ai.lepton.train;

import ai.lepton.internal.LocalFiles;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a published Lepton model for scoring on Spark: {@code LeptonModel.load(uri,
 * stores).transform(df)}.
 */
public final class LeptonModel {

  /** Rows scored per predictor call. */
  public static final int BATCH_SIZE = 1024;

  private LeptonModel() {}

  /**
   * Fetches the model directory at {@code uri} (any store), verifies its checksums, and returns a
   * transformer that scores with it. A Spark ML model is read by Spark from {@code uri} itself (the
   * session's Hadoop configuration must reach its store); the others are shipped to the executors
   * as bytes. The local copy is removed before this returns.
   */
  public static LeptonModelTransformer load(String uri, ObjectStores stores) {
    String resolved = ModelDirectory.resolve(uri, stores);
    Path local;
    try {
      local = Files.createTempDirectory("lepton-model-");
    } catch (IOException e) {
      throw TrainErrors.modelFile(
          "create a temporary folder to load the model at " + uri, e, TrainErrors.CHECK_STAGING);
    }
    try {
      ModelManifest manifest = ModelDirectory.fetch(resolved, stores, local);
      return new LeptonModelTransformer(
          manifest, ModelLoaders.forModel(manifest, local, resolved), BATCH_SIZE);
    } finally {
      LocalFiles.deleteScratch(local);
    }
  }

  /** A transformer for a verified local model directory. */
  public static LeptonModelTransformer fromLocal(ModelManifest manifest, Path dir) {
    return new LeptonModelTransformer(
        manifest, ModelLoaders.forDirectory(manifest, dir), BATCH_SIZE);
  }
}

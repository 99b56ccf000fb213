package ai.lepton.export;

import ai.lepton.model.ModelManifest;
import java.nio.file.Path;

/**
 * The model being exported, fetched and verified into a local folder.
 *
 * @param uri where the model directory was read from
 * @param dir the verified local copy
 * @param manifest its {@code lepton-model.json}
 * @param name the name it is exported as
 * @param version the version it is exported as
 */
record SourceModel(String uri, Path dir, ModelManifest manifest, String name, String version) {

  /** A model file of the directory, e.g. {@code model/xgboost-model}. */
  Path file(String relative) {
    return dir.resolve(relative);
  }
}

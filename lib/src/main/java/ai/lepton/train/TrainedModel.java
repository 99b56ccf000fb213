package ai.lepton.train;

import ai.lepton.model.ModelFormat;
import java.nio.file.Path;

/** A trained model before it is written: its format and how to write its native files. */
interface TrainedModel {

  /** How the files are stored. */
  ModelFormat format();

  /** Writes the model's native files into {@code modelDir} (the model directory's root). */
  void write(Path modelDir);

  /**
   * A loader that scores with the model in memory (identity {@code id}), or null when it is read
   * back from the files {@link #write} wrote.
   */
  default ModelLoader inMemory(String id) {
    return null;
  }
}

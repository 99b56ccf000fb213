package ai.lepton.train;

import ai.lepton.train.djl.DjlMlpFiles;
import ai.lepton.train.djl.DjlMlpPredictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A DJL MLP shipped to executors as the bytes of its two files (a plain class, so Java and Kryo
 * serialization both carry it); each JVM writes them to a temporary folder once and opens a DJL
 * predictor per partition.
 */
final class DjlLoader implements ModelLoader {

  private final String id;
  private final byte[] block;
  private final byte[] params;
  private final boolean classification;

  DjlLoader(String id, Path files, boolean classification) {
    this.id = id;
    this.block = read(files.resolve(DjlMlpFiles.BLOCK_FILE));
    this.params = read(files.resolve(DjlMlpFiles.PARAMS_FILE));
    this.classification = classification;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public LoadedModel load() {
    var network = readNetwork();
    return () -> {
      DjlMlpPredictor predictor = DjlMlpPredictor.of(network);
      return new Predictor() {
        @Override
        public double[][] scores(float[][] batch) {
          return Scores.of(predictor.predict(batch), classification);
        }

        @Override
        public void close() {
          predictor.close();
        }
      };
    };
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw TrainErrors.modelFile("read the model file " + file, e, TrainErrors.CHECK_STAGING);
    }
  }

  /** Reads the network through a temp folder, removed as soon as it is read. */
  private ai.lepton.model.DenseNetwork readNetwork() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lepton-djl-");
      Files.write(dir.resolve(DjlMlpFiles.BLOCK_FILE), block);
      Files.write(dir.resolve(DjlMlpFiles.PARAMS_FILE), params);
      return DjlMlpFiles.read(dir);
    } catch (IOException e) {
      throw TrainErrors.modelFile(
          "stage the DJL model files in " + dir + " to read them", e, TrainErrors.CHECK_STAGING);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // scratch in the temp folder: nothing more to do
    }
  }
}

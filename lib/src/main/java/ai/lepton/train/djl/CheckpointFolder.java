package ai.lepton.train.djl;

import ai.lepton.errors.Failures;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The folder a checkpointing run ({@code djl.mlp} training, distillation) writes its checkpoints
 * into, on the model's store, kept until the model it trains is published.
 */
public final class CheckpointFolder {

  private CheckpointFolder() {}

  /**
   * Deletes the folder {@code uri} (any Hadoop file system) once its model is published; a folder
   * that cannot be deleted is only said to {@code say}, since the model is already out.
   */
  public static void delete(String uri, Configuration conf, Consumer<String> say) {
    Path path = new Path(uri);
    try {
      path.getFileSystem(conf).delete(path, true);
    } catch (IOException e) {
      say.accept("could not delete the checkpoints at " + uri + ": " + Failures.describe(e));
    }
  }
}

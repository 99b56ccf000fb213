package ai.lepton.train;

import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelFormat;
import ai.lepton.train.djl.DataParallelMlp;
import ai.lepton.train.djl.DjlMlpFiles;
import ai.lepton.train.djl.DjlRuntime;
import ai.lepton.train.djl.MlpSpec;
import ai.lepton.train.djl.MlpTrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code djl.mlp}: a DJL multilayer perceptron trained data-parallel across Spark executors ({@link
 * DataParallelMlp}), checkpointed after every round so {@code --resume} continues a killed run.
 * Written as DJL parameters plus the block spec under {@code model/}.
 */
final class DjlTrainer implements Trainer {

  /** Where the DJL files go inside a model directory. */
  static final String DIR = "model";

  @Override
  public TrainedModel fit(TrainingSet set, TrainContext context) {
    TrainConfig c = context.config();
    Map<String, Object> p = c.params();
    DjlRuntime.configure((String) p.get("cache-dir"));
    MlpSpec spec = spec(p, c.features().task());
    int classes = set.signature().classes().size();
    MlpTrainingResult result =
        DataParallelMlp.train(
            set.train(),
            spec,
            set.signature().encodedSize(),
            spec.outputsFor(classes),
            context.checkpointUri(),
            context.resume(),
            context.progress());
    DenseNetwork network = result.network();
    return new TrainedModel() {
      @Override
      public ModelFormat format() {
        return ModelFormat.DJL;
      }

      @Override
      public void write(Path modelDir) {
        DjlMlpFiles.write(network, modelDir.resolve(DIR));
      }
    };
  }

  @SuppressWarnings("unchecked")
  static MlpSpec spec(Map<String, Object> p, String task) {
    List<Integer> hidden = ((List<Number>) p.get("hidden")).stream().map(Number::intValue).toList();
    return new MlpSpec(
        hidden,
        (String) p.get("activation"),
        ((Number) p.get("rounds")).intValue(),
        ((Number) p.get("local-steps")).intValue(),
        ((Number) p.get("batch-size")).intValue(),
        ((Number) p.get("learning-rate")).doubleValue(),
        (String) p.get("optimizer"),
        ((Number) p.get("seed")).longValue(),
        ((Number) p.get("workers")).intValue(),
        task);
  }
}

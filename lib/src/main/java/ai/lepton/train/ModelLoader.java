package ai.lepton.train;

import java.io.Serializable;

/**
 * What is shipped to executors to score with a model: small and serializable (the model's bytes or
 * a serializable model object). {@link PredictorCache} loads it once per JVM, keyed by {@link
 * #id()}.
 */
public interface ModelLoader extends Serializable {

  /** Identity of the model: the SHA-256 of its {@code lepton-model.json}. */
  String id();

  /** Loads the model; called at most once per JVM per {@link #id()}. */
  LoadedModel load();
}

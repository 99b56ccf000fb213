package ai.lepton.train;

/** A model loaded into one JVM; it hands out one {@link Predictor} per partition. */
@FunctionalInterface
public interface LoadedModel {

  /** A predictor for one partition; closed when the partition is done. */
  Predictor newPredictor();
}

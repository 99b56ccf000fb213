package ai.lepton.train;

/**
 * Trains one algorithm on a {@link TrainingSet} ({@code features} Vector and {@code label} double
 * columns). Chosen by {@code lepton.train.algorithm} in {@link Trainers}.
 */
@FunctionalInterface
interface Trainer {

  /** Trains on {@code set.train()} and returns the model, ready to write. */
  TrainedModel fit(TrainingSet set, TrainContext context);
}

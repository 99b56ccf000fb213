package ai.lepton.train;

/** The trainer of each {@code lepton.train.algorithm}. */
final class Trainers {

  private Trainers() {}

  /** The trainer for {@code algorithm} (one of {@link TrainConfig#ALGORITHMS}). */
  public static Trainer forAlgorithm(String algorithm) {
    return switch (algorithm) {
      case "mllib.logistic-regression", "mllib.gbt", "mllib.random-forest" -> new MllibTrainer();
      case "xgboost" -> new XgboostTrainer();
      case "djl.mlp" -> new DjlTrainer();
      default -> throw TrainErrors.unknownAlgorithm(algorithm);
    };
  }
}

package ai.lepton.train;

/** The trainer of each {@code lepton.train.algorithm}. */
public final class Trainers {

  private Trainers() {}

  /** The trainer for {@code algorithm} (one of {@link TrainConfig#ALGORITHMS}). */
  public static Trainer forAlgorithm(String algorithm) {
    return switch (algorithm) {
      case "mllib.logistic-regression", "mllib.gbt", "mllib.random-forest" -> new MllibTrainer();
      case "xgboost" -> new XgboostTrainer();
      // INTEGRATION: djl.mlp -> ai.lepton.train.djl.DataParallelMlp (built on branch djl).
      case "djl.mlp" ->
          (set, context) -> {
            throw new TrainException(
                "lepton.train.algorithm = djl.mlp is not wired yet on this build (the DJL trainer is"
                    + " integrated separately). Choose another lepton.train.algorithm.");
          };
      default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
    };
  }
}

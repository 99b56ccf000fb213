package ai.lepton.export;

import ai.lepton.model.ModelFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether each target's serving image reads an exported XGBoost model exactly: the SageMaker image
 * (a target's {@code image}, else {@link ServingImages}' {@code sagemaker-xgboost:1.7-1}) carries
 * its XGBoost version in its tag; an Azure ML environment or your own image does not, and is not
 * judged.
 */
final class XgboostCompatibility {

  private XgboostCompatibility() {}

  /** The image that serves the model on {@code t}, or null when the target names none. */
  static String servedBy(ExportTarget t) {
    return switch (t.type()) {
      case SAGEMAKER ->
          !t.image().isEmpty()
              ? t.image()
              : ServingImages.sagemaker(ModelFormat.XGBOOST, t.sagemaker().region())
                  .orElse(ServingImages.XGBOOST_REPOSITORY);
      case AZUREML -> t.azureml().environment();
      default -> null;
    };
  }

  /**
   * Why the export must be refused: a target whose image's XGBoost is older than the model needs;
   * empty when every image reads it (or cannot be judged).
   */
  static Optional<String> refusal(XgboostModelFile model, List<ExportTarget> targets, String uri) {
    List<String> problems = new ArrayList<>();
    for (ExportTarget t : targets) {
      String image = servedBy(t);
      String have = image == null ? null : XgboostModelFile.imageVersion(image);
      if (have != null && XgboostModelFile.older(have, model.needs())) {
        problems.add(
            "target '"
                + t.name()
                + "' serves it with "
                + image
                + " (XGBoost "
                + have
                + "): set "
                + t.key("image")
                + " to an image with XGBoost "
                + model.needs()
                + " or newer (a sagemaker-xgboost tag "
                + model.needs()
                + "-N or later, or your own)");
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Refused to export "
            + uri
            + ": its XGBoost model (written by XGBoost "
            + model.writerVersion()
            + ") has base_score "
            + model.baseScore()
            + ", one intercept per class or target that export cannot rewrite for older XGBoost"
            + " (a dart booster, vector leaves or several targets), which only XGBoost "
            + model.needs()
            + " or newer reads; an older XGBoost loads it without an error and scores with"
            + " base_score 0.5. "
            + String.join("; ", problems)
            + ". Nothing was published. --force (lepton.export.force = true) exports it anyway;"
            + " manifest.json then records the override.");
  }

  /** The manifest's account of the model file on {@code t}. */
  static ExportManifest.Xgboost describe(XgboostModelFile model, ExportTarget t, boolean forced) {
    String image = servedBy(t);
    String have = image == null ? null : XgboostModelFile.imageVersion(image);
    boolean tooOld = have != null && XgboostModelFile.older(have, model.needs());
    return new ExportManifest.Xgboost(
        model.writerVersion(),
        model.needs(),
        image,
        have,
        model.change(),
        tooOld && forced
            ? "exported with --force although XGBoost "
                + have
                + " of "
                + image
                + " reads base_score "
                + model.baseScore()
                + " as 0.5"
            : null);
  }
}

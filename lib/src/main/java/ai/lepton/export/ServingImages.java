package ai.lepton.export;

import ai.lepton.model.ModelFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Public SageMaker serving images by model format and region: the list as of 2026-11-27. A target's
 * {@code image} key overrides it (a newer tag, your own image, a region not listed).
 *
 * <ul>
 *   <li>xgboost: the SageMaker XGBoost framework container {@code sagemaker-xgboost:1.7-1}, whose
 *       registry account differs per region.
 *   <li>onnx: NVIDIA Triton for SageMaker {@code sagemaker-tritonserver:24.09-py3}, registry
 *       account per region.
 *   <li>djl: the DJL Serving deep learning container {@code djl-inference:0.29.0-cpu-full}, account
 *       763104351884 in every commercial region.
 *   <li>spark-ml: no public image serves a Spark ML pipeline as saved: set {@code image}.
 * </ul>
 */
final class ServingImages {

  /** The date the table below was written down. */
  public static final String AS_OF = "2026-11-27";

  static final String XGBOOST_REPOSITORY = "sagemaker-xgboost:1.7-1";
  static final String TRITON_REPOSITORY = "sagemaker-tritonserver:24.09-py3";
  static final String DJL_REPOSITORY = "djl-inference:0.29.0-cpu-full";
  static final String DJL_ACCOUNT = "763104351884";

  static final Map<String, String> XGBOOST_ACCOUNTS =
      Map.ofEntries(
          Map.entry("us-east-1", "683313688378"),
          Map.entry("us-east-2", "257758044811"),
          Map.entry("us-west-1", "746614075791"),
          Map.entry("us-west-2", "246618743249"),
          Map.entry("ca-central-1", "341280168497"),
          Map.entry("sa-east-1", "737474898029"),
          Map.entry("eu-west-1", "141502667606"),
          Map.entry("eu-west-2", "764974769150"),
          Map.entry("eu-west-3", "659782779980"),
          Map.entry("eu-central-1", "492215442770"),
          Map.entry("eu-north-1", "662702820516"),
          Map.entry("ap-south-1", "720646828776"),
          Map.entry("ap-northeast-1", "354813040037"),
          Map.entry("ap-northeast-2", "366743142698"),
          Map.entry("ap-southeast-1", "121021644041"),
          Map.entry("ap-southeast-2", "783357654285"));

  static final Map<String, String> TRITON_ACCOUNTS =
      Map.ofEntries(
          Map.entry("us-east-1", "785573368785"),
          Map.entry("us-east-2", "007439368137"),
          Map.entry("us-west-1", "710691900526"),
          Map.entry("us-west-2", "301217895009"),
          Map.entry("ca-central-1", "464438896020"),
          Map.entry("sa-east-1", "756306329178"),
          Map.entry("eu-west-1", "802834080501"),
          Map.entry("eu-west-2", "205493899709"),
          Map.entry("eu-west-3", "254080097072"),
          Map.entry("eu-central-1", "746233611703"),
          Map.entry("eu-north-1", "601324751636"),
          Map.entry("ap-south-1", "763008648453"),
          Map.entry("ap-northeast-1", "941853720454"),
          Map.entry("ap-northeast-2", "151534178276"),
          Map.entry("ap-southeast-1", "324986816169"),
          Map.entry("ap-southeast-2", "355873309152"));

  private ServingImages() {}

  /** The public SageMaker image serving {@code format} in {@code region}, if the table has one. */
  public static Optional<String> sagemaker(ModelFormat format, String region) {
    return switch (format) {
      case XGBOOST -> image(XGBOOST_ACCOUNTS.get(region), region, XGBOOST_REPOSITORY);
      case ONNX -> image(TRITON_ACCOUNTS.get(region), region, TRITON_REPOSITORY);
      case DJL -> image(DJL_ACCOUNT, region, DJL_REPOSITORY);
      case SPARK_ML -> Optional.empty();
    };
  }

  private static Optional<String> image(String account, String region, String repository) {
    if (account == null || region == null || region.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(account + ".dkr.ecr." + region + ".amazonaws.com/" + repository);
  }
}

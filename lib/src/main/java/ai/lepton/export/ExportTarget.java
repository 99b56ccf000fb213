package ai.lepton.export;

import java.util.List;

/**
 * One entry of {@code lepton.export.targets}.
 *
 * @param name unique name of the target (reports, routing)
 * @param type the serving system, which picks the layout
 * @param uri the folder the model's versions are published under: {@code <uri>/<name>/<version>/}
 * @param image container image override; empty: the built-in table of {@link ServingImages}
 * @param onnxForms for ONNX models: which forms to publish, {@code int8} and/or {@code fp32}
 * @param hostname the DNS name this target's endpoint answers on, for the traffic files; empty: a
 *     placeholder
 * @param capacity relative serving capacity, for routing weights; 0: a standby
 * @param latencyMs expected latency, for routing weights
 * @param costPerHour expected USD per hour, for routing weights
 * @param sagemaker SageMaker settings (used when {@code type} is sagemaker)
 * @param azureml Azure ML settings (used when {@code type} is azureml)
 * @param configKey where this target is configured, e.g. {@code lepton.export.targets[1]}
 */
public record ExportTarget(
    String name,
    TargetType type,
    String uri,
    String image,
    List<String> onnxForms,
    String hostname,
    double capacity,
    double latencyMs,
    double costPerHour,
    SageMaker sagemaker,
    AzureMl azureml,
    String configKey) {

  /**
   * SageMaker endpoint settings.
   *
   * @param region AWS region of the endpoint (picks the container image's registry)
   * @param instanceType e.g. {@code ml.m5.large}
   * @param initialInstanceCount instances behind the endpoint
   * @param roleArn the execution role CreateModel names; empty writes a placeholder
   */
  public record SageMaker(
      String region, String instanceType, int initialInstanceCount, String roleArn) {}

  /**
   * Azure ML managed online deployment settings.
   *
   * @param instanceType e.g. {@code Standard_DS3_v2}
   * @param instanceCount instances of the deployment
   * @param endpointName the online endpoint; empty: the model name
   * @param environment the environment of custom_model deployments (not used for Triton)
   */
  public record AzureMl(
      String instanceType, int instanceCount, String endpointName, String environment) {}

  /** The int8 ONNX form (the one quantize chose, {@code model/model.onnx}). */
  public static final String INT8 = "int8";

  /** The fp32 ONNX form (the gate's baseline). */
  public static final String FP32 = "fp32";

  public ExportTarget {
    onnxForms = List.copyOf(onnxForms);
  }

  /** The key of one of this target's settings, e.g. {@code lepton.export.targets[0].uri}. */
  public String key(String name) {
    return configKey + "." + name;
  }
}

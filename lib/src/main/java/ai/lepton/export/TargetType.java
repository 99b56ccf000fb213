package ai.lepton.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where an export target's artifacts are served from, which picks their layout. */
public enum TargetType {
  /** Amazon SageMaker: {@code model.tar.gz} plus CreateModel / CreateEndpointConfig bodies. */
  SAGEMAKER("sagemaker"),
  /** Azure ML: {@code triton_model/} or {@code custom_model/} plus model and deployment specs. */
  AZUREML("azureml"),
  /** A plain Triton Inference Server model repository. */
  TRITON("triton"),
  /** A local directory holding the model's serving layout unpacked. */
  LOCAL("local");

  private final String id;

  TargetType(String id) {
    this.id = id;
  }

  /** The name used in config and reports. */
  public String id() {
    return id;
  }

  /** The type named {@code id}, if any. */
  public static Optional<TargetType> of(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.id.equals(wanted)).findFirst();
  }

  /** Every type's name. */
  public static List<String> names() {
    return Arrays.stream(values()).map(TargetType::id).toList();
  }
}

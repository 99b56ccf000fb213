package ai.lepton.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a planned cluster runs Spark, which decides its fee, start-up time and definitions. */
public enum Platform {
  /** Amazon EMR on EC2: an EMR fee per node; a RunJobFlow and an AddJobFlowSteps JSON. */
  EMR,
  /** Databricks on AWS, Azure or GCP: DBUs per node; a Jobs API 2.1 job JSON. */
  DATABRICKS,
  /** Google Cloud Dataproc: a fee per vCPU; spark-submit arguments. */
  DATAPROC,
  /** Your own Spark on VMs or Kubernetes: no fee; spark-submit arguments. */
  STANDALONE;

  /** The lower-case name used in config and catalog files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The platform with this name, if any. */
  public static Optional<Platform> of(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(id.trim())).findFirst();
  }

  /** The names of all platforms, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(Platform::id).toList());
  }
}

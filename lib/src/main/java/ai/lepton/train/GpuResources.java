package ai.lepton.train;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Checks that a Spark session really has GPUs before anything asks for {@code cuda}: XGBoost and
 * RAPIDS abort the JVM instead of throwing when there is none.
 */
final class GpuResources {

  private GpuResources() {}

  /** True when executors (or, on local Spark, the driver) are given GPU resources. */
  public static boolean available(SparkSession spark) {
    SparkConf conf = spark.sparkContext().getConf();
    double executorGpus = amount(conf, "spark.executor.resource.gpu.amount");
    double taskGpus = amount(conf, "spark.task.resource.gpu.amount");
    boolean driverGpu = spark.sparkContext().resources().contains("gpu");
    boolean local = spark.sparkContext().isLocal();
    return local ? driverGpu : executorGpus > 0 && taskGpus > 0;
  }

  /** Throws a {@link TrainException} naming the settings to fix when there is no GPU. */
  public static void require(SparkSession spark, String key) {
    if (available(spark)) {
      return;
    }
    SparkConf conf = spark.sparkContext().getConf();
    throw new TrainException(
        key
            + " = cuda, but this Spark session has no GPU: spark.executor.resource.gpu.amount = "
            + conf.get("spark.executor.resource.gpu.amount", "(not set)")
            + ", spark.task.resource.gpu.amount = "
            + conf.get("spark.task.resource.gpu.amount", "(not set)")
            + ", driver resources "
            + spark.sparkContext().resources().keySet()
            + ". Stopped before XGBoost started (it would abort the JVM). Set "
            + key
            + " = cpu, or run on GPU executors configured as in conf/gpu-cluster.conf (with the"
            + " xgboost4j-spark-gpu jar).");
  }

  private static double amount(SparkConf conf, String key) {
    try {
      return Double.parseDouble(conf.get(key, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

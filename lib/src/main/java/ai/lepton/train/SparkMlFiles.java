package ai.lepton.train;

import ai.lepton.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;

/**
 * Spark ML models on a cluster. Spark ML's writers and readers run tasks on the executors, so a
 * model is saved to and loaded from a URI every node reaches (the model's store), never a folder on
 * the driver's disk: on a cluster whose nodes share only object storage the executors could neither
 * write their parts there nor read them back.
 */
public final class SparkMlFiles {

  private SparkMlFiles() {}

  /**
   * Saves {@code model} at {@code stagingUri} (on the model's store), copies the files written
   * there into {@code localDir} on the driver (for sealing and publishing with the other model
   * files), and deletes {@code stagingUri}, also when the copy fails.
   */
  static void save(MLWritable model, String stagingUri, Path localDir, SparkSession spark) {
    String uri = sparkUri(stagingUri);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(uri);
    try {
      FileSystem fs = staging.getFileSystem(conf);
      try {
        model.write().overwrite().save(uri);
        copyToLocal(fs, fs.makeQualified(staging), localDir);
      } finally {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw TrainErrors.engine(
          "save the Spark ML model through " + stagingUri,
          e,
          "Check that every node of the cluster can write lepton.train.model.uri (its"
              + " store settings under lepton.stores).");
    }
  }

  /**
   * Loads the Spark ML model saved at {@code uri} (a folder every node reaches) for {@code
   * algorithm}.
   */
  @SuppressWarnings("unchecked")
  public static PredictionModel<Vector, ?> load(
      String algorithm, boolean classification, String uri) {
    String at = sparkUri(uri);
    Object model =
        switch (algorithm) {
          case "mllib.logistic-regression" ->
              classification ? LogisticRegressionModel.load(at) : LinearRegressionModel.load(at);
          case "mllib.gbt" ->
              classification ? GBTClassificationModel.load(at) : GBTRegressionModel.load(at);
          case "mllib.random-forest" ->
              classification
                  ? RandomForestClassificationModel.load(at)
                  : RandomForestRegressionModel.load(at);
          default ->
              throw new ModelException(
                  "The manifest says format spark-ml but algorithm '" + algorithm + "'.");
        };
    return (PredictionModel<Vector, ?>) model;
  }

  /** {@code uri} as Spark reads it: a plain local path becomes an absolute {@code file:} URI. */
  public static String sparkUri(String uri) {
    if (uri.contains("://") || uri.startsWith("file:")) {
      return uri;
    }
    return Path.of(uri).toAbsolutePath().normalize().toUri().toString();
  }

  private static void copyToLocal(FileSystem fs, org.apache.hadoop.fs.Path from, Path to)
      throws IOException {
    String prefix = from.toUri().getPath();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(from, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue;
      }
      String rel = f.getPath().toUri().getPath().substring(prefix.length());
      Path target = to.resolve(rel.startsWith("/") ? rel.substring(1) : rel);
      Files.createDirectories(target.getParent());
      try (InputStream in = fs.open(f.getPath())) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}

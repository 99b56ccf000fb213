package ai.lepton.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small generated training data with a known, learnable signal. Columns: {@code id} (string key),
 * {@code x1}, {@code x2} (double), {@code x3} (int), {@code color} (string: red, green, blue),
 * {@code outcome} (binary label "yes"/"no": yes when {@code 2*x1 - x2 + (red ? 1 : 0) + noise >
 * 0}), {@code tier} (multiclass "a"/"b"/"c" by thirds of {@code x1 + x2}), {@code y} (regression
 * target {@code 3*x1 - 2*x2 + 0.5*x3 + noise}).
 */
public final class TrainData {

  /** The table's schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("x1", DataTypes.DoubleType)
          .add("x2", DataTypes.DoubleType)
          .add("x3", DataTypes.IntegerType)
          .add("color", DataTypes.StringType)
          .add("outcome", DataTypes.StringType)
          .add("tier", DataTypes.StringType)
          .add("y", DataTypes.DoubleType);

  private TrainData() {}

  /** {@code rows} rows from {@code seed}; ids start at {@code firstId}. */
  public static Dataset<Row> rows(SparkSession spark, int rows, long seed, int firstId) {
    return rows(spark, rows, seed, firstId, false);
  }

  /** As {@link #rows}, with the binary label flipped when {@code flipped} (a changed table). */
  public static Dataset<Row> rows(
      SparkSession spark, int rows, long seed, int firstId, boolean flipped) {
    Random r = new Random(seed);
    String[] colors = {"red", "green", "blue"};
    List<Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      int x3 = r.nextInt(10);
      String color = colors[r.nextInt(3)];
      double score = 2 * x1 - x2 + (color.equals("red") ? 1 : 0) + 0.5 * r.nextGaussian();
      boolean yes = (score > 0) != flipped;
      double s = x1 + x2;
      String tier = s < -0.6 ? "a" : s < 0.6 ? "b" : "c";
      double y = 3 * x1 - 2 * x2 + 0.5 * x3 + 0.3 * r.nextGaussian();
      out.add(
          RowFactory.create("k" + (firstId + i), x1, x2, x3, color, yes ? "yes" : "no", tier, y));
    }
    return spark.createDataFrame(out, SCHEMA).repartition(2);
  }

  /** The HOCON of a train config over {@code table} with the binary label. */
  public static String binaryConfig(String table, String algorithm, String workDir) {
    return """
        lepton {
          work-dir = "%s"
          train {
            input { table = "%s" }
            features {
              key = "id"
              label = "outcome"
              task = "binary"
              numeric = ["x1", "x2", "x3"]
              categorical = ["color"]
            }
            split { validation = 0.15, test = 0.15, seed = 7 }
            algorithm = "%s"
            mllib { max-iter = 10, num-trees = 10, max-depth = 4 }
            xgboost { num-round = 20, max-depth = 4, num-workers = 1 }
          }
        }
        """
        .formatted(workDir, table, algorithm);
  }
}

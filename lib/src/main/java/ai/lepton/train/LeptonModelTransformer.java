package ai.lepton.train;

import ai.lepton.data.InputException;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame that has the model's raw input columns ({@link
 * FeatureSignature#inputColumns()}), adding {@code prediction} (double: the class index into {@code
 * classes} for classification, the value for regression) and, for classification, {@code
 * probability}: a double p(class 1) for binary, an {@code array<double>} of every class's
 * probability for multiclass. The model is shipped to executors as a broadcast, loaded once per JVM
 * ({@link PredictorCache}), and scored with one {@link Predictor} per partition in batches.
 */
public final class LeptonModelTransformer extends Transformer {

  /** The column holding the prediction. */
  public static final String PREDICTION = "prediction";

  /** The column holding the probability (classification only). */
  public static final String PROBABILITY = "probability";

  private static final String ENCODED = "_lepton_encoded";

  private final String uid;
  private final ModelManifest manifest;
  private final ModelLoader loader;
  private final int batchSize;

  /** A transformer for the model of {@code manifest}, scoring through {@code loader}. */
  public LeptonModelTransformer(ModelManifest manifest, ModelLoader loader, int batchSize) {
    this.uid = "lepton_" + UUID.randomUUID().toString().substring(0, 8);
    this.manifest = manifest;
    this.loader = loader;
    this.batchSize = batchSize;
  }

  /** The model's manifest. */
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FeatureSignature sig = manifest.features();
    List<String> names = Arrays.asList(schema.fieldNames());
    for (String c : sig.inputColumns()) {
      if (names.stream().noneMatch(n -> n.equalsIgnoreCase(c))) {
        throw new InputException(
            "Cannot score with model '"
                + manifest.name()
                + "': input column '"
                + c
                + "' is missing; the model needs "
                + sig.inputColumns()
                + " and the data has "
                + names
                + ".");
      }
    }
    StructType out = schema.add(PREDICTION, DataTypes.DoubleType, false);
    if (sig.classification()) {
      out =
          out.add(
              PROBABILITY,
              sig.task().equals("binary")
                  ? DataTypes.DoubleType
                  : DataTypes.createArrayType(DataTypes.DoubleType, false),
              false);
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema());
    Dataset<Row> withEncoded =
        dataset.toDF().withColumn(ENCODED, Encoding.features(manifest.features()));
    int width = dataset.schema().size();
    int encodedAt = width;
    Broadcast<ModelLoader> shipped =
        JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(loader);
    boolean classification = manifest.features().classification();
    boolean binary = manifest.features().task().equals("binary");
    int size = batchSize;
    MapPartitionsFunction<Row, Row> score =
        rows -> new Scoring(rows, shipped.value(), width, encodedAt, size, classification, binary);
    return withEncoded.mapPartitions(score, Encoders.row(outSchema));
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return new LeptonModelTransformer(manifest, loader, batchSize);
  }

  /** Scores a partition in batches with one predictor. */
  private static final class Scoring implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Predictor predictor;
    private final int width;
    private final int encodedAt;
    private final int batchSize;
    private final boolean classification;
    private final boolean binary;
    private final List<Row> pending = new ArrayList<>();
    private Iterator<Row> ready = java.util.Collections.emptyIterator();
    private boolean closed;

    Scoring(
        Iterator<Row> rows,
        ModelLoader loader,
        int width,
        int encodedAt,
        int batchSize,
        boolean classification,
        boolean binary) {
      this.rows = rows;
      this.predictor = PredictorCache.get(loader).newPredictor();
      this.width = width;
      this.encodedAt = encodedAt;
      this.batchSize = batchSize;
      this.classification = classification;
      this.binary = binary;
    }

    @Override
    public boolean hasNext() {
      if (ready.hasNext()) {
        return true;
      }
      if (!rows.hasNext()) {
        if (!closed) {
          closed = true;
          predictor.close();
        }
        return false;
      }
      pending.clear();
      while (rows.hasNext() && pending.size() < batchSize) {
        pending.add(rows.next());
      }
      ready = scoreBatch().iterator();
      return ready.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.next();
    }

    private List<Row> scoreBatch() {
      float[][] x = new float[pending.size()][];
      for (int i = 0; i < x.length; i++) {
        x[i] = Encoding.toFloats((Vector) pending.get(i).get(encodedAt));
      }
      double[][] s = predictor.scores(x);
      List<Row> out = new ArrayList<>(x.length);
      for (int i = 0; i < x.length; i++) {
        Row r = pending.get(i);
        Object[] values = new Object[width + (classification ? 2 : 1)];
        for (int c = 0; c < width; c++) {
          values[c] = r.get(c);
        }
        if (classification) {
          values[width] = (double) argmax(s[i]);
          values[width + 1] = binary ? (Object) s[i][1] : (Object) s[i].clone();
        } else {
          values[width] = s[i][0];
        }
        out.add(RowFactory.create(values));
      }
      return out;
    }

    private static int argmax(double[] p) {
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        if (p[k] > p[best]) {
          best = k;
        }
      }
      return best;
    }
  }
}

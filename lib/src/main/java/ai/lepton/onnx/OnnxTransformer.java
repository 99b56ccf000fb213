package ai.lepton.onnx;

import ai.lepton.data.InputException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} scoring an encoded feature column with an ONNX model: reads {@code
 * inputCol} (an ML {@code Vector} or {@code array<float|double>}, the {@link
 * ai.lepton.model.FeatureSignature#encode encoded} vector) and appends {@code outputCol}, {@code
 * array<float>} (see {@link OnnxVersions#OUTPUT}). Rows are scored in batches per partition with
 * the executor's shared ONNX Runtime session.
 */
public final class OnnxTransformer extends Transformer {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final OnnxPredictor predictor;
  private final String inputCol;
  private final String outputCol;
  private final int batchSize;

  /** Scores {@code inputCol} into {@code outputCol}, {@code batchSize} rows per ORT call. */
  public OnnxTransformer(
      OnnxPredictor predictor, String inputCol, String outputCol, int batchSize) {
    this.uid = Identifiable.randomUID("lepton_onnx");
    this.predictor = predictor;
    this.inputCol = inputCol;
    this.outputCol = outputCol;
    this.batchSize = batchSize;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DataType t = schema.apply(inputCol).dataType();
    boolean ok =
        t.equals(SQLDataTypes.VectorType())
            || t.equals(DataTypes.createArrayType(DataTypes.FloatType))
            || t.equals(DataTypes.createArrayType(DataTypes.DoubleType))
            || t.equals(DataTypes.createArrayType(DataTypes.FloatType, false))
            || t.equals(DataTypes.createArrayType(DataTypes.DoubleType, false));
    if (!ok) {
      throw new InputException(
          "Column "
              + inputCol
              + " must hold encoded feature vectors (vector or array<float>), but is "
              + t.simpleString());
    }
    return schema.add(
        new StructField(outputCol, new ArrayType(DataTypes.FloatType, false), false, null));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int col = dataset.schema().fieldIndex(inputCol);
    OnnxPredictor p = predictor;
    int batch = batchSize;
    return dataset
        .toDF()
        .mapPartitions(
            (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
                rows -> new Scored(rows, p, col, batch),
            Encoders.row(out));
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return new OnnxTransformer(predictor, inputCol, outputCol, batchSize);
  }

  /** The encoded vector of {@code row}'s column {@code col}. */
  static float[] vector(Row row, int col) {
    Object v = row.get(col);
    if (v instanceof Vector vec) {
      double[] d = vec.toArray();
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      return f;
    }
    List<?> list = row.getList(col);
    float[] f = new float[list.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ((Number) list.get(i)).floatValue();
    }
    return f;
  }

  private static final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final OnnxPredictor predictor;
    private final int col;
    private final int batchSize;
    private final List<Row> pending = new ArrayList<>();
    private float[][] scores = new float[0][];
    private int next;

    Scored(Iterator<Row> rows, OnnxPredictor predictor, int col, int batchSize) {
      this.rows = rows;
      this.predictor = predictor;
      this.col = col;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      if (next < pending.size()) {
        return true;
      }
      pending.clear();
      next = 0;
      List<float[]> xs = new ArrayList<>();
      while (rows.hasNext() && pending.size() < batchSize) {
        Row r = rows.next();
        pending.add(r);
        xs.add(vector(r, col));
      }
      if (pending.isEmpty()) {
        return false;
      }
      int width = xs.get(0).length;
      FloatBuffer buf = FloatBuffer.allocate(xs.size() * width);
      xs.forEach(buf::put);
      buf.flip();
      scores = predictor.predict(buf, xs.size(), width);
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = pending.get(next);
      float[] s = scores[next++];
      Object[] values = new Object[r.size() + 1];
      for (int i = 0; i < r.size(); i++) {
        values[i] = r.get(i);
      }
      values[r.size()] = s;
      return RowFactory.create(values);
    }
  }
}

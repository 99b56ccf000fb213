package ai.lepton.train.djl;

import ai.lepton.data.InputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** Splits the training rows into one cached {@link Shard} per worker, by a hash of each row. */
final class Shards {

  static final String FEATURES = "features";
  static final String LABEL = "label";

  private Shards() {}

  /** One shard per partition, {@code spec.workers()} partitions, persisted (not yet computed). */
  static JavaRDD<Shard> build(Dataset<Row> train, MlpSpec spec, int inputs, int outputs) {
    int workers = spec.workers();
    String task = spec.task();
    JavaRDD<Shard> shards =
        train
            .select(FEATURES, LABEL)
            .javaRDD()
            .mapToPair(
                row -> {
                  Shard.Sample s = sample(row, inputs, outputs, task);
                  return new Tuple2<>(s.worker(workers), s);
                })
            .partitionBy(new ByWorker(workers))
            .mapPartitions(
                it -> {
                  List<Shard.Sample> samples = new ArrayList<>();
                  it.forEachRemaining(t -> samples.add(t._2()));
                  return List.of(Shard.of(TaskContext.getPartitionId(), inputs, samples))
                      .iterator();
                },
                true);
    return shards.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The rows of each shard, in partition order (computes and caches the shards). */
  static long[] sizes(JavaRDD<Shard> shards) {
    try {
      List<Integer> rows = shards.map(Shard::rows).collect();
      return rows.stream().mapToLong(Integer::longValue).toArray();
    } catch (Exception e) {
      throw DataParallelMlp.unwrap(e, "reading the training rows");
    }
  }

  static Shard.Sample sample(Row row, int inputs, int outputs, String task) {
    Object f = row.get(0);
    if (f == null || row.isNullAt(1)) {
      throw new InputException(
          "Cannot train the DJL MLP: a training row has a null "
              + (f == null ? FEATURES : LABEL)
              + ". Drop or impute nulls before training (lepton.train null policy).");
    }
    double[] values = ((Vector) f).toArray();
    if (values.length != inputs) {
      throw new InputException(
          "Cannot train the DJL MLP: a feature vector has "
              + values.length
              + " values but the network takes "
              + inputs
              + ". Encode every row with the same feature signature.");
    }
    float[] x = new float[inputs];
    for (int i = 0; i < inputs; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InputException(
            "Cannot train the DJL MLP: feature "
                + i
                + " of a training row is "
                + values[i]
                + ". Drop or impute missing values before training (lepton.train null policy).");
      }
      x[i] = (float) values[i];
    }
    double label = ((Number) row.get(1)).doubleValue();
    checkLabel(label, outputs, task);
    return Shard.Sample.of(x, (float) label);
  }

  private static void checkLabel(double label, int outputs, String task) {
    boolean ok =
        switch (task) {
          // a probability too: distillation's soft targets (lepton distill)
          case "binary" -> label >= 0 && label <= 1;
          case "multiclass" -> label == Math.rint(label) && label >= 0 && label < outputs;
          default -> Double.isFinite(label);
        };
    if (!ok) {
      throw new InputException(
          "Cannot train the DJL MLP: label "
              + label
              + " is not valid for task "
              + task
              + (task.equals("regression")
                  ? " (it must be a finite number)."
                  : task.equals("binary")
                      ? " (it must be 0 or 1, or a soft target in between)."
                      : " (it must be a class index from 0 to " + (outputs - 1) + ")."));
    }
  }

  /** Sends key {@code k} to partition {@code k}. */
  static final class ByWorker extends Partitioner {
    private final int workers;

    ByWorker(int workers) {
      this.workers = workers;
    }

    @Override
    public int numPartitions() {
      return workers;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ByWorker b && b.workers == workers;
    }

    @Override
    public int hashCode() {
      return workers;
    }
  }
}

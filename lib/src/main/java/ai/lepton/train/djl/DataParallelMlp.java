package ai.lepton.train.djl;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.data.InputException;
import ai.lepton.errors.Failures;
import ai.lepton.model.DenseNetwork;
import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a {@link DenseNetwork} with DJL on the PyTorch engine, data-parallel across Spark
 * executors (local SGD with parameter averaging).
 *
 * <p>The input is split by a hash of each row's content into exactly {@code workers} shards, which
 * stay cached on the executors. Each round is one barrier stage of {@code workers} tasks that run
 * together: every task builds the network from the round's start parameters (a broadcast), trains
 * on its shard for {@code localSteps} mini-batches, and returns its parameters and shard size; the
 * driver averages the parameters weighted by shard size, writes a checkpoint, and starts the next
 * round from the average. For a given seed and worker count the result is the same, bit for bit.
 */
public final class DataParallelMlp {

  private DataParallelMlp() {}

  /**
   * Trains on {@code train} (columns {@code features}: a Spark ML vector of {@code inputs} values;
   * {@code label}: a double, the class index for classification), with the checkpoints in the
   * folder {@code checkpointUri}: a local path or a URI of any Hadoop file system (s3a://,
   * wasbs://, abfss://) reached through the session's Hadoop configuration, so that a run resumes
   * from any driver. Resuming when the folder holds no checkpoint is an error.
   *
   * @param outputs 1 for binary and regression, the number of classes for multiclass
   * @param checkpointUri where the checkpoint after each round goes
   * @param resume continue from the checkpoint in {@code checkpointUri} when there is one (it must
   *     come from the same spec, except for {@code rounds})
   */
  public static MlpTrainingResult train(
      Dataset<Row> train,
      MlpSpec spec,
      int inputs,
      int outputs,
      String checkpointUri,
      boolean resume,
      Progress progress) {
    return train(train, spec, inputs, outputs, checkpointUri, resume, progress, round -> {});
  }

  /**
   * Fails, before any work, when {@code checkpointUri} holds no checkpoint to resume from: resuming
   * a run that never checkpointed (or whose model is already published) is an error, not a fresh
   * start.
   */
  public static void requireCheckpoint(String checkpointUri, Configuration hadoop) {
    if (Checkpoint.read(checkpointUri, hadoop) == null) {
      throw noCheckpoint(checkpointUri);
    }
  }

  private static ConfigException noCheckpoint(String checkpointUri) {
    return new ConfigException(
        "Cannot resume: there is no DJL checkpoint in "
            + checkpointUri
            + ". Checkpoints are kept under lepton.train.model.uri/_checkpoints/<runId> until"
            + " the run's model is published; check the run id and lepton.train.model.uri,"
            + " or start a new run without --resume.");
  }

  /**
   * As {@link #train(Dataset, MlpSpec, int, int, String, boolean, Progress)}; when {@code
   * afterCheckpoint} told each round's number once its checkpoint is written (a test can stop the
   * run there, as a kill would).
   */
  public static MlpTrainingResult train(
      Dataset<Row> train,
      MlpSpec spec,
      int inputs,
      int outputs,
      String checkpointDir,
      boolean resume,
      Progress progress,
      IntConsumer afterCheckpoint) {
    Configuration hadoop = train.sparkSession().sparkContext().hadoopConfiguration();
    checkShape(spec, inputs, outputs);
    checkColumns(train.schema());
    DenseNetwork network = NetworkParameters.initialNetwork(spec, inputs, outputs);
    List<RoundStats> stats = new ArrayList<>();
    int resumedFrom = 0;
    if (resume) {
      Checkpoint checkpoint = Checkpoint.read(checkpointDir, hadoop);
      if (checkpoint == null) {
        throw noCheckpoint(checkpointDir);
      } else {
        checkpoint.requireSameSpec(spec, inputs, outputs, checkpointDir);
        network = checkpoint.network();
        stats.addAll(checkpoint.rounds());
        resumedFrom = checkpoint.round();
        progress.say("resuming after round " + resumedFrom + "/" + spec.rounds());
      }
    }
    if (resumedFrom >= spec.rounds()) {
      return new MlpTrainingResult(network, stats, resumedFrom, List.of());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    JavaRDD<Shard> shards = Shards.build(train, spec, inputs, outputs);
    try {
      long[] sizes = Shards.sizes(shards);
      long total = Arrays.stream(sizes).sum();
      if (total == 0) {
        throw new InputException(
            "Cannot train the DJL MLP: the training split has no rows. Check the input table and"
                + " the split settings.");
      }
      progress.say(
          String.format(
              Locale.ROOT,
              "%,d rows in %d shards %s; %d rounds x %d steps x %d rows per worker",
              total,
              spec.workers(),
              Arrays.toString(sizes),
              spec.rounds(),
              spec.localSteps(),
              spec.batchSize()));
      BarrierSlots.require(jsc.sc(), spec.workers());
      String specHash = spec.hash(inputs, outputs);
      List<String> devices = List.of();
      for (int round = resumedFrom + 1; round <= spec.rounds(); round++) {
        long start = System.nanoTime();
        List<LocalTraining.Update> updates = runRound(jsc, shards, network, spec, round);
        network = NetworkParameters.average(updates, network);
        devices = updates.stream().map(LocalTraining.Update::device).toList();
        long samples = updates.stream().mapToLong(LocalTraining.Update::samples).sum();
        double loss =
            samples == 0
                ? Double.NaN
                : updates.stream().mapToDouble(LocalTraining.Update::lossSum).sum() / samples;
        if (!Double.isFinite(loss)) {
          throw new MlpTrainingException(
              "DJL training diverged in round "
                  + round
                  + " (training loss "
                  + loss
                  + "). Lower lepton.train.djl.learning-rate (now "
                  + spec.learningRate()
                  + ") and train again.");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        RoundStats r = new RoundStats(round, samples, loss, ms);
        stats.add(r);
        new Checkpoint(round, specHash, spec.identity(inputs, outputs), stats, network)
            .write(checkpointDir, hadoop);
        progress.say(
            String.format(
                Locale.ROOT,
                "round %d/%d: loss %.5f, %,d samples in %.1fs (%,.0f samples/s)",
                round,
                spec.rounds(),
                loss,
                samples,
                ms / 1000.0,
                r.samplesPerSecond()));
        afterCheckpoint.accept(round);
      }
      return new MlpTrainingResult(network, stats, resumedFrom, devices);
    } finally {
      shards.unpersist(false);
    }
  }

  private static List<LocalTraining.Update> runRound(
      JavaSparkContext jsc, JavaRDD<Shard> shards, DenseNetwork network, MlpSpec spec, int round) {
    Broadcast<Params> start = jsc.broadcast(Params.of(network));
    try {
      RoundTask task = new RoundTask(start, spec, round, DjlRuntime.configuredCacheDir());
      List<LocalTraining.Update> updates =
          new ArrayList<>(
              shards
                  .rdd()
                  .barrier()
                  .mapPartitions(task, false, RoundTask.TAG)
                  .toJavaRDD()
                  .collect());
      updates.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      return updates;
    } catch (Exception e) {
      throw unwrap(e, "round " + round);
    } finally {
      start.destroy();
    }
  }

  private static void checkShape(MlpSpec spec, int inputs, int outputs) {
    if (inputs <= 0) {
      throw new InputException(
          "Cannot train the DJL MLP: the encoded feature vector is empty. Name at least one"
              + " numeric or categorical feature.");
    }
    boolean ok =
        switch (spec.task()) {
          case "multiclass" -> outputs >= 2;
          default -> outputs == 1;
        };
    if (!ok) {
      throw new InputException(
          "Cannot train the DJL MLP for task "
              + spec.task()
              + " with "
              + outputs
              + " outputs: binary and regression take 1 output, multiclass one per class (at"
              + " least 2).");
    }
  }

  private static void checkColumns(StructType schema) {
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(Shards.FEATURES) || !names.contains(Shards.LABEL)) {
      throw new InputException(
          "Cannot train the DJL MLP: the training data needs columns 'features' (vector) and"
              + " 'label' (double), but has "
              + names
              + ".");
    }
    DataType features = schema.apply(Shards.FEATURES).dataType();
    DataType label = schema.apply(Shards.LABEL).dataType();
    if (!(features instanceof VectorUDT) || !(label instanceof NumericType)) {
      throw new InputException(
          "Cannot train the DJL MLP: 'features' must be a Spark ML vector and 'label' a number,"
              + " but they are "
              + features.simpleString()
              + " and "
              + label.simpleString()
              + ".");
    }
  }

  /** The Lepton error inside a Spark failure, or the failure wrapped with what was being done. */
  static LeptonException unwrap(Exception e, String what) {
    return Failures.wrap(
        e, "train the DJL network (" + what + ")", Failures.DEBUG_HINT, MlpTrainingException::new);
  }
}

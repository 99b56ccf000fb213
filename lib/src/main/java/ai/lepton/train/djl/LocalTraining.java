package ai.lepton.train.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.lepton.model.DenseNetwork;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One worker's part of one round: the network from the round's start parameters, {@code localSteps}
 * mini-batch steps on the shard, and the parameters at the end.
 *
 * <p>The mini-batches of round {@code r} are positions {@code [(r-1) L B, r L B)} of an endless
 * sequence of epochs over the shard, each epoch a permutation seeded by (seed, partition, epoch):
 * every row is seen once per epoch, and a resumed run continues exactly where the killed one was.
 */
final class LocalTraining {

  private LocalTraining() {}

  /** What one worker sends back after a round (a plain class: Spark's Kryo cannot read records). */
  static final class Update implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int rows;
    private final Params params;
    private final long samples;
    private final double lossSum;
    private final String device;

    Update(
        int partition,
        int rows,
        DenseNetwork network,
        long samples,
        double lossSum,
        String device) {
      this.partition = partition;
      this.rows = rows;
      this.params = Params.of(network);
      this.samples = samples;
      this.lossSum = lossSum;
      this.device = device;
    }

    int partition() {
      return partition;
    }

    int rows() {
      return rows;
    }

    DenseNetwork network() {
      return params.network();
    }

    long samples() {
      return samples;
    }

    double lossSum() {
      return lossSum;
    }

    String device() {
      return device;
    }
  }

  static Update run(Shard shard, DenseNetwork start, MlpSpec spec, int round, Device device) {
    if (shard.rows() == 0) {
      return new Update(shard.partition(), 0, start, 0, 0, device.toString());
    }
    MlpBlock mlp = MlpBlock.shapedLike(start, false);
    try (ThreadGradients off = ThreadGradients.off();
        Model model = Model.newInstance("mlp", device, DjlRuntime.ENGINE)) {
      model.setBlock(mlp.block());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss(spec.task()))
              .optOptimizer(optimizer(spec))
              .optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, start.inputs()));
        mlp.setParameters(start);
        Batches batches = new Batches(shard, spec, round);
        double lossSum = 0;
        long samples = 0;
        for (int step = 0; step < spec.localSteps(); step++) {
          int[] rows = batches.next();
          lossSum += step(trainer, shard, rows, spec.task()) * rows.length;
          samples += rows.length;
        }
        return new Update(
            shard.partition(), shard.rows(), mlp.parameters(), samples, lossSum, device.toString());
      }
    }
  }

  private static double step(Trainer trainer, Shard shard, int[] rows, String task) {
    int inputs = shard.inputs();
    float[] x = new float[rows.length * inputs];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(shard.features(), rows[i] * inputs, x, i * inputs, inputs);
    }
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDArray features = batch.create(x, new Shape(rows.length, inputs));
      NDArray labels = labels(batch, shard, rows, task);
      float loss;
      try (ThreadGradients gradients = ThreadGradients.record()) {
        NDList predictions = trainer.forward(new NDList(features));
        NDArray value = trainer.getLoss().evaluate(new NDList(labels), predictions);
        gradients.backward(value);
        loss = value.getFloat();
      }
      trainer.step();
      return loss;
    }
  }

  private static NDArray labels(NDManager manager, Shard shard, int[] rows, String task) {
    if (task.equals("multiclass")) {
      long[] y = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = (long) shard.labels()[rows[i]];
      }
      return manager.create(y, new Shape(rows.length));
    }
    float[] y = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      y[i] = shard.labels()[rows[i]];
    }
    return manager.create(y, new Shape(rows.length, 1));
  }

  static Loss loss(String task) {
    return switch (task) {
      case "binary" -> Loss.sigmoidBinaryCrossEntropyLoss();
      case "multiclass" -> Loss.softmaxCrossEntropyLoss();
      default -> Loss.l2Loss();
    };
  }

  private static Optimizer optimizer(MlpSpec spec) {
    Tracker rate = Tracker.fixed((float) spec.learningRate());
    return spec.optimizer().equals("adam")
        ? Optimizer.adam().optLearningRateTracker(rate).build()
        : Optimizer.sgd().setLearningRateTracker(rate).build();
  }

  /** The row indices of each mini-batch of one round on one shard. */
  static final class Batches {
    private final int rows;
    private final int batchSize;
    private final long seed;
    private final int partition;
    private long position;
    private long epoch = -1;
    private int[] order;

    Batches(Shard shard, MlpSpec spec, int round) {
      this.rows = shard.rows();
      this.batchSize = Math.min(spec.batchSize(), rows);
      this.seed = spec.seed();
      this.partition = shard.partition();
      this.position = (long) (round - 1) * spec.localSteps() * this.batchSize;
    }

    int[] next() {
      int[] batch = new int[batchSize];
      for (int i = 0; i < batchSize; i++, position++) {
        long e = position / rows;
        if (e != epoch) {
          order = permutation(e);
          epoch = e;
        }
        batch[i] = order[(int) (position % rows)];
      }
      return batch;
    }

    private int[] permutation(long e) {
      SplittableRandom random =
          new SplittableRandom(
              seed ^ (0x9E3779B97F4A7C15L * (partition + 1)) ^ (e * 0xBF58476D1CE4E5B9L));
      int[] p = new int[rows];
      for (int i = 0; i < rows; i++) {
        p[i] = i;
      }
      for (int i = rows - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }
  }
}

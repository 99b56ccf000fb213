package ai.lepton.train.djl;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One worker's rows, encoded, in a fixed order (by content hash, then content) so the same rows
 * give the same shard however Spark delivered them: {@code rows x inputs} feature values
 * (row-major) and one label per row (a class index for classification). Plain classes, not records:
 * Spark's Kryo serializer cannot rebuild records.
 */
final class Shard implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int partition;
  private final int inputs;
  private final float[] features;
  private final float[] labels;

  Shard(int partition, int inputs, float[] features, float[] labels) {
    this.partition = partition;
    this.inputs = inputs;
    this.features = features;
    this.labels = labels;
  }

  int partition() {
    return partition;
  }

  int inputs() {
    return inputs;
  }

  float[] features() {
    return features;
  }

  float[] labels() {
    return labels;
  }

  int rows() {
    return labels.length;
  }

  /** The shard of {@code samples}, sorted into their canonical order. */
  static Shard of(int partition, int inputs, List<Sample> samples) {
    Sample[] sorted = samples.toArray(new Sample[0]);
    Arrays.sort(sorted, Sample.ORDER);
    float[] x = new float[sorted.length * inputs];
    float[] y = new float[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      System.arraycopy(sorted[i].features(), 0, x, i * inputs, inputs);
      y[i] = sorted[i].label();
    }
    return new Shard(partition, inputs, x, y);
  }

  /** One encoded row with a hash of its content (which also picks its shard). */
  static final class Sample implements Serializable {

    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final float label;
    private final long hash;

    Sample(float[] features, float label, long hash) {
      this.features = features;
      this.label = label;
      this.hash = hash;
    }

    float[] features() {
      return features;
    }

    float label() {
      return label;
    }

    long hash() {
      return hash;
    }

    static final Comparator<Sample> ORDER =
        Comparator.comparingLong(Sample::hash)
            .thenComparing(Sample::features, Arrays::compare)
            .thenComparing(Sample::label, Float::compare);

    static Sample of(float[] features, float label) {
      long h = 0x9E3779B97F4A7C15L;
      for (float f : features) {
        h = mix(h ^ Float.floatToIntBits(f));
      }
      h = mix(h ^ Float.floatToIntBits(label));
      return new Sample(features, label, h);
    }

    /** The shard this row belongs to among {@code workers}. */
    int worker(int workers) {
      return (int) Math.floorMod(hash, (long) workers);
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
      z = (z ^ (z >>> 33)) * 0xC4CEB93FE53E4CB9L;
      return z ^ (z >>> 33);
    }
  }
}

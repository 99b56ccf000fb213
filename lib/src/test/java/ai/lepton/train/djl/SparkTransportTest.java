package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.DenseNetwork;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** What Spark ships between driver and tasks survives both of Spark's serializers. */
class SparkTransportTest {

  static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(SerializerInstance serializer, T value) {
    return (T) serializer.deserialize(serializer.serialize(value, ANY), ANY);
  }

  @Test
  void shardsSamplesAndUpdatesSurviveKryoAndJavaSerialization() {
    SparkConf conf = new SparkConf();
    for (SerializerInstance s :
        new SerializerInstance[] {
          new KryoSerializer(conf).newInstance(), new JavaSerializer(conf).newInstance()
        }) {
      DenseNetwork network = NetworkParameters.initialNetwork(MlpSpecTest.spec(1, 0.1), 3, 1);
      LocalTraining.Update update =
          roundTrip(s, new LocalTraining.Update(1, 5, network, 10, 2.5, "cpu()"));
      Shard shard = roundTrip(s, new Shard(1, 2, new float[] {1, 2}, new float[] {3}));
      Shard.Sample sample = roundTrip(s, Shard.Sample.of(new float[] {4, 5}, 1));
      Params params = roundTrip(s, Params.of(network));

      assertThat(update.rows()).isEqualTo(5);
      assertThat(update.network().layers().get(1).weights())
          .isDeepEqualTo(network.layers().get(1).weights());
      assertThat(params.network().layers().get(2).activation())
          .isEqualTo(network.layers().get(2).activation());
      assertThat(shard.features()).containsExactly(1, 2);
      assertThat(sample.hash()).isEqualTo(Shard.Sample.of(new float[] {4, 5}, 1).hash());
    }
  }
}

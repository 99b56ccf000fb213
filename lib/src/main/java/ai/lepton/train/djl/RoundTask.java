package ai.lepton.train.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.lepton.model.DenseNetwork;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/** One worker's task in a round's barrier stage: trains its shard and returns its parameters. */
final class RoundTask extends AbstractFunction1<Iterator<Shard>, Iterator<LocalTraining.Update>>
    implements Serializable {

  @SuppressWarnings("unchecked")
  static final ClassTag<LocalTraining.Update> TAG =
      (ClassTag<LocalTraining.Update>)
          (ClassTag<?>) ClassTag$.MODULE$.apply(LocalTraining.Update.class);

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RoundTask.class);

  private final Broadcast<Params> start;
  private final MlpSpec spec;
  private final int round;
  private final String cacheDir;

  RoundTask(Broadcast<Params> start, MlpSpec spec, int round, String cacheDir) {
    this.start = start;
    this.spec = spec;
    this.round = round;
    this.cacheDir = cacheDir;
  }

  @Override
  public Iterator<LocalTraining.Update> apply(Iterator<Shard> shards) {
    BarrierTaskContext context = BarrierTaskContext.get();
    Engine engine = DjlRuntime.ensure(cacheDir, context.cpus());
    DenseNetwork network = start.value().network();
    Shard shard =
        shards.hasNext()
            ? shards.next()
            : new Shard(context.partitionId(), network.inputs(), new float[0], new float[0]);
    Device device = device(context.resourcesJMap(), engine);
    LocalTraining.Update update = LocalTraining.run(shard, network, spec, round, device);
    return scala.collection.Iterator$.MODULE$.single(update);
  }

  /** The task's GPU when it has one that the engine can use, else the CPU. */
  static Device device(Map<String, ResourceInformation> resources, Engine engine) {
    ResourceInformation gpu = resources.get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return Device.cpu();
    }
    String address = gpu.addresses()[0];
    int index;
    try {
      index = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      LOG.warn("GPU address '{}' is not a device index: training on the CPU", address);
      return Device.cpu();
    }
    if (index >= engine.getGpuCount()) {
      LOG.warn(
          "This task has GPU {} but the {} engine sees {} GPUs (a CPU-only native library?):"
              + " training on the CPU",
          address,
          engine.getEngineName(),
          engine.getGpuCount());
      return Device.cpu();
    }
    return Device.gpu(index);
  }
}

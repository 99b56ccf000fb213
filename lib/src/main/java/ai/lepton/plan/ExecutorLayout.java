package ai.lepton.plan;

import java.util.Optional;

/**
 * How Spark executors fill one worker node: on CPU workers a few executors of up to {@code
 * lepton.plan.executor.max-cores} cores; on GPU workers one executor per GPU. Memory is what the
 * node has less the reserved share, split over its executors into heap and overhead (the RAPIDS
 * pinned pool counts as overhead).
 */
record ExecutorLayout(
    int executorsPerNode,
    int coresPerExecutor,
    int gpusPerExecutor,
    long heapMib,
    long overheadMib) {

  static final long MIN_HEAP_MIB = 1024;

  /** Executor cores on one node. */
  int coresPerNode() {
    return executorsPerNode * coresPerExecutor;
  }

  /** {@code --executor-memory}, e.g. {@code 26g} or {@code 3584m}. */
  String heap() {
    return size(heapMib);
  }

  /** {@code spark.executor.memoryOverhead}. */
  String overhead() {
    return size(overheadMib);
  }

  /** The layout on {@code offer}; empty when an executor would get less than 1 GiB of heap. */
  static Optional<ExecutorLayout> of(InstanceOffer offer, PlanConfig config) {
    int executors;
    int cores;
    if (offer.hasGpu()) {
      executors = offer.gpuCount();
      cores = Math.max(1, offer.vcpus() / executors);
    } else {
      cores = cpuExecutorCores(offer.vcpus(), config.executor().maxCores());
      executors = offer.vcpus() / cores;
    }
    double usableMib = offer.memoryGib() * 1024 * (1 - config.executor().reservedMemoryFraction());
    double perExecutor = usableMib / executors;
    double pinnedMib = offer.hasGpu() ? config.gpu().pinnedPoolGib() * 1024 : 0;
    long heap =
        roundDown(
            (perExecutor - pinnedMib) / (1 + config.executor().memoryOverheadFraction()),
            perExecutor > 8192 ? 512 : 128);
    if (heap < MIN_HEAP_MIB) {
      return Optional.empty();
    }
    long overhead = roundDown(perExecutor - heap, 128);
    return Optional.of(
        new ExecutorLayout(
            executors, cores, offer.hasGpu() ? 1 : 0, heap, Math.max(384, overhead)));
  }

  /**
   * Cores per CPU executor: between half of {@code maxCores} and {@code maxCores}, the size that
   * leaves the fewest of the node's cores idle (ties go to the larger executor).
   */
  static int cpuExecutorCores(int vcpus, int maxCores) {
    int top = Math.min(maxCores, vcpus);
    int bottom = Math.max(1, (top + 1) / 2);
    int best = top;
    for (int c = top; c >= bottom; c--) {
      if ((vcpus / c) * c > (vcpus / best) * best) {
        best = c;
      }
    }
    return best;
  }

  private static long roundDown(double mib, long step) {
    return mib <= 0 ? 0 : ((long) Math.floor(mib / step)) * step;
  }

  private static String size(long mib) {
    return mib % 1024 == 0 ? (mib / 1024) + "g" : mib + "m";
  }
}

package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ExecutorLayoutTest {

  private static final PlanConfig CONFIG = PlanConfig.from(LeptonConfig.parse(""));

  private static InstanceOffer offer(int vcpus, double memoryGib, String gpu, int gpus) {
    return new InstanceOffer(
        "aws", "r", "t", "t", vcpus, memoryGib, gpu, gpus, 16, 1.0, OptionalDouble.empty(), "");
  }

  @Test
  void cpuExecutorsLeaveTheFewestCoresIdle() {
    assertThat(ExecutorLayout.cpuExecutorCores(2, 5)).isEqualTo(2);
    assertThat(ExecutorLayout.cpuExecutorCores(4, 5)).isEqualTo(4);
    assertThat(ExecutorLayout.cpuExecutorCores(8, 5)).isEqualTo(4);
    assertThat(ExecutorLayout.cpuExecutorCores(16, 5)).isEqualTo(4);
    assertThat(ExecutorLayout.cpuExecutorCores(20, 5)).isEqualTo(5);
    assertThat(ExecutorLayout.cpuExecutorCores(48, 5)).isEqualTo(4);
    assertThat(ExecutorLayout.cpuExecutorCores(7, 5)).isEqualTo(3);
  }

  @Test
  void memoryIsSplitIntoHeapAndOverheadAfterTheReservedShare() {
    // 64 GiB x 0.9 = 58982 MiB over 4 executors = 14746 each; heap 14746 / 1.1 -> 13312 (512 steps)
    ExecutorLayout m5 = ExecutorLayout.of(offer(16, 64, "", 0), CONFIG).orElseThrow();
    assertThat(m5.executorsPerNode()).isEqualTo(4);
    assertThat(m5.coresPerExecutor()).isEqualTo(4);
    assertThat(m5.heap()).isEqualTo("13g");
    assertThat(m5.overheadMib()).isEqualTo(1408);
    assertThat(m5.heapMib() + m5.overheadMib()).isLessThanOrEqualTo(58982 / 4);
  }

  @Test
  void gpuWorkersRunOneExecutorPerGpuWithThePinnedPoolInItsOverhead() {
    ExecutorLayout g4 = ExecutorLayout.of(offer(48, 192, "T4", 4), CONFIG).orElseThrow();
    assertThat(g4.executorsPerNode()).isEqualTo(4);
    assertThat(g4.coresPerExecutor()).isEqualTo(12);
    assertThat(g4.gpusPerExecutor()).isEqualTo(1);
    assertThat(g4.overheadMib()).isGreaterThanOrEqualTo(2048);
  }

  @Test
  void aWorkerTooSmallForAnExecutorHasNoLayout() {
    assertThat(ExecutorLayout.of(offer(2, 1, "", 0), CONFIG)).isEmpty();
    assertThat(ExecutorLayout.of(offer(4, 2.5, "T4", 1), CONFIG)).isEmpty();
  }
}

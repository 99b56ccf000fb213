package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.JobResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans over {@link TinyCatalog}, each checked against figures worked out by hand. Costs: workers +
 * driver ($0.20/h) for the expected hours, plus egress; 120 GB of input unless said otherwise.
 */
class PlanScenariosTest {

  private static final String AWS_120 =
      "{ name = data, cloud = aws, region = us-east-1, size-gb = 120 }";

  @TempDir Path dir;

  @Test
  void gpuWinsWhenItsSpeedupPaysForItsPrice() {
    // cpu.4x x n: 3/n h at 0.8n + 0.2 $/h = 2.4 + 0.6/n  -> n = 4: $2.55, 0.75 h
    // gpu.4x x n: 1/n h at 1.5n + 0.2 $/h = 1.5 + 0.2/n  -> n = 4: $1.55, 0.25 h
    PlanResult r =
        TinyCatalog.plan(dir, AWS_120, "lepton.plan.constraints { clouds = [aws], spot = false }");

    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    Plan best = r.plans().get(0);
    assertThat(best.instanceType()).isEqualTo("gpu.4x");
    assertThat(best.nodes()).isEqualTo(4);
    assertThat(best.gpu()).isEqualTo(new Plan.Gpu("T4", 1));
    assertThat(best.estimatedHours()).isEqualTo(0.25);
    assertThat(best.hourlyCost()).isEqualTo(6.2);
    assertThat(best.estimatedCost()).isEqualTo(1.55);
    assertThat(best.costBreakdown()).isEqualTo(new Plan.CostBreakdown(1.5, 0.05, 0, 0));
    assertThat(best.why()).contains("1 x T4 per node", "x3.0");

    Plan cpu = r.plans().get(1);
    assertThat(cpu.instanceType()).isEqualTo("cpu.4x");
    assertThat(cpu.nodes()).isEqualTo(4);
    assertThat(cpu.estimatedHours()).isEqualTo(0.75);
    assertThat(cpu.estimatedCost()).isEqualTo(2.55);
    assertThat(cpu.why()).startsWith("+$1.00 (+65%) vs #1, 0.50 h later");
  }

  @Test
  void withoutAnySizeThePlanListsTheSourcesThroughTheStoresAndSaysSo() throws Exception {
    Path aws = java.nio.file.Files.createDirectories(dir.resolve("data/aws"));
    java.nio.file.Files.write(aws.resolve("part-0.csv"), new byte[3000]);
    java.nio.file.Files.write(aws.resolve("part-1.csv"), new byte[2000]);
    String source = "{ name = data, uri = \"" + aws + "/\", cloud = aws, region = us-east-1 }";

    PlanResult r =
        TinyCatalog.plan(dir, source, "lepton.plan.constraints { clouds = [aws], spot = false }");

    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.inputGb()).isEqualTo(5000 / 1e9);
    assertThat(r.notes())
        .anyMatch(
            n ->
                n.startsWith("The input size was measured by listing the sources")
                    && n.contains("data: 5,000 bytes")
                    && n.contains(aws.toString()));
  }

  @Test
  void cpuWinsWhenTheGpuSpeedupIsSmall() {
    // gpu.4x at speedup 1.2: 48 GB/h per node, 2.5/n h at 1.5n + 0.2 = 3.75 + 0.5/n -> $3.875
    PlanResult r =
        TinyCatalog.plan(
            dir,
            AWS_120,
            "lepton.plan.constraints { clouds = [aws], spot = false }\n"
                + "lepton.plan.throughput.reconcile.gpu-speedup = 1.2");

    assertThat(r.plans()).extracting(Plan::instanceType).containsExactly("cpu.4x", "gpu.4x");
    assertThat(r.plans().get(0).estimatedCost()).isEqualTo(2.55);
    assertThat(r.plans().get(1).estimatedCost()).isCloseTo(3.88, within(0.001));
    assertThat(r.plans().get(1).estimatedHours()).isEqualTo(0.625);
  }

  @Test
  void egressFlipsTheChoiceToTheDataCloud() {
    String noGpu = "lepton.plan.constraints { spot = false, allow-gpu = false }";
    // Local data, no egress: aws (0.8n + 0.2) x 2.5/n = $2.125 beats azure (1.0n + 0.2) x 2.5/n =
    // $2.625
    PlanResult local =
        TinyCatalog.plan(dir, "{ name = data, uri = \"/data\", size-gb = 100 }", noGpu);
    assertThat(local.plans().get(0).cloud()).isEqualTo("aws");
    assertThat(local.plans().get(0).estimatedCost()).isEqualTo(2.13);

    // The same 100 GB in azure/eastus: reading it from aws costs 100 x $0.10 of egress
    PlanResult inAzure =
        TinyCatalog.plan(
            dir, "{ name = data, cloud = azure, region = eastus, size-gb = 100 }", noGpu);
    Plan best = inAzure.plans().get(0);
    assertThat(best.cloud()).isEqualTo("azure");
    assertThat(best.region()).isEqualTo("eastus");
    assertThat(best.estimatedCost()).isEqualTo(2.63);
    assertThat(best.costBreakdown().egress()).isZero();
    assertThat(best.why()).contains("no egress: the input is read in azure/eastus");
    Plan aws = inAzure.plans().get(1);
    assertThat(aws.cloud()).isEqualTo("aws");
    assertThat(aws.costBreakdown().egress()).isEqualTo(10.0);
    assertThat(aws.estimatedCost()).isEqualTo(12.13);
    assertThat(aws.why()).contains("egress $10.00: 100 GB from azure/eastus at $0.10/GB");
  }

  @Test
  void anHourlyCapRemovesTheCheapestAndFastestPlan() {
    String base = "lepton.plan.constraints { clouds = [aws], spot = false }\n";
    assertThat(TinyCatalog.plan(dir, AWS_120, base).plans().get(0).instanceType())
        .isEqualTo("gpu.4x");

    // $1.50/h: every gpu.4x cluster costs at least 1.5 + 0.2 per hour; cpu.4x fits with 1 node
    PlanResult capped =
        TinyCatalog.plan(dir, AWS_120, base + "lepton.plan.constraints.max-hourly-cost = 1.5");

    Plan best = capped.plans().get(0);
    assertThat(best.instanceType()).isEqualTo("cpu.4x");
    assertThat(best.nodes()).isEqualTo(1);
    assertThat(best.hourlyCost()).isEqualTo(1.0);
    assertThat(best.estimatedHours()).isEqualTo(3.0);
    assertThat(best.estimatedCost()).isEqualTo(3.0);
    assertThat(capped.plans()).extracting(Plan::instanceType).containsOnly("cpu.4x");
    assertThat(removed(capped)).containsEntry("max-hourly-cost", 4L + 3L);
  }

  @Test
  void spotIsCheaperUntilItsReworkMissesTheDeadline() {
    String cpuOnly = "lepton.plan.constraints { clouds = [aws], allow-gpu = false }\n";
    // spot: 3/n x 1.25 h at 0.2n + 0.2 $/h = 0.75 + 0.75/n -> n = 4: $0.9375, 0.9375 h
    PlanResult spot = TinyCatalog.plan(dir, AWS_120, cpuOnly);
    Plan best = spot.plans().get(0);
    assertThat(best.spot()).isTrue();
    assertThat(best.nodes()).isEqualTo(4);
    assertThat(best.estimatedHours()).isEqualTo(0.938);
    assertThat(best.costBreakdown().workers()).isEqualTo(0.75);
    assertThat(best.estimatedCost()).isEqualTo(0.94);
    assertThat(best.why()).contains("spot at $0.20/h vs $0.80/h on demand, +25% expected rework");
    assertThat(spot.plans().get(1).spot()).isFalse();
    assertThat(spot.plans().get(1).estimatedCost()).isEqualTo(2.55);

    // A 0.8 h deadline: spot needs 0.9375 h even on 4 nodes; on demand makes it with 4 (3 take 1 h)
    PlanResult deadline =
        TinyCatalog.plan(dir, AWS_120, cpuOnly + "lepton.plan.constraints.deadline-hours = 0.8");
    Plan onDemand = deadline.plans().get(0);
    assertThat(onDemand.spot()).isFalse();
    assertThat(onDemand.nodes()).isEqualTo(4);
    assertThat(onDemand.estimatedCost()).isEqualTo(2.55);
    assertThat(onDemand.why())
        .contains("4 nodes: the fewest that finish within the 0.8 h deadline");
    assertThat(deadline.plans()).hasSize(1);
    assertThat(removed(deadline)).containsEntry("deadline-hours", 4L + 3L);

    // Ranked by time, on demand (0.75 h) comes before spot (0.9375 h)
    PlanResult byTime = TinyCatalog.plan(dir, AWS_120, cpuOnly + "lepton.plan.rank-by = time");
    assertThat(byTime.plans()).extracting(Plan::spot).containsExactly(false, true);
    assertThat(byTime.plans().get(0).why()).startsWith("fastest of 2 cluster shapes");
  }

  @Test
  void infeasibleConstraintsSayWhichRemovedHowMany() {
    // 16 shapes x 4 node counts. aws: cpu, cpu spot, gpu, drv on standalone, emr and databricks
    // (12); azure: cpu, drv on standalone and databricks (4).
    PlanResult r =
        TinyCatalog.plan(
            dir,
            AWS_120,
            "lepton.plan.constraints { clouds = [aws], spot = false, deadline-hours = 0.1 }");

    assertThat(r.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.plans()).isEmpty();
    assertThat(r.candidates()).isEqualTo(64);
    assertThat(r.shapes()).isEqualTo(16);
    assertThat(removed(r))
        .containsExactly(
            Map.entry("clouds", 4L * 4),
            Map.entry("platforms", 8L * 4),
            Map.entry("spot", 4L),
            Map.entry("executor-fit", 4L),
            Map.entry("deadline-hours", 8L));
    assertThat(r.removed().stream().mapToLong(PlanResult.Removal::removed).sum())
        .isEqualTo(r.candidates());
    assertThat(r.message())
        .contains(
            "No plan satisfies the constraints. Of 64 candidates (16 cluster shapes x 1-4 nodes)")
        .contains("clouds (aws) removed 16")
        .contains(
            "deadline-hours (0.1 h) removed 8; fastest candidate checked: 0.25 h (4 x gpu.4x on"
                + " standalone in aws/us-east-1)")
        .contains("Relax the constraints under lepton.plan.constraints");
  }

  @Test
  void requiredGpuTypeAndCountKeepOnlyThoseWorkers() {
    PlanResult r =
        TinyCatalog.plan(
            dir,
            AWS_120,
            "lepton.plan.constraints { gpu-types = [T4], min-gpus = 3, spot = false }");

    assertThat(r.plans()).extracting(Plan::instanceType).containsExactly("gpu.4x");
    assertThat(r.plans().get(0).nodes()).isEqualTo(4);
    // standalone shapes without a T4: aws cpu, cpu spot, drv; azure cpu, drv. gpu.4x with 1 or 2
    // nodes has fewer than 3 GPUs.
    assertThat(removed(r)).containsEntry("gpu-types", 5L * 4).containsEntry("min-gpus", 2L);
  }

  @Test
  void platformFeesAndStartUpAreCharged() {
    // emr on gpu.4x: fee 25% of $1.50 = $0.375/h, capped at $0.27/h; on drv 25% of $0.20 =
    // $0.05/h. 6 minutes of start-up: 1 node takes 0.1 + 1 h
    PlanResult r =
        TinyCatalog.plan(
            dir,
            AWS_120,
            "lepton.plan.constraints { platforms = [emr], spot = false, max-nodes = 1,"
                + " gpu-types = [T4] }\n"
                + "lepton.plan.platforms.emr.startup-minutes = 6");

    Plan best = r.plans().get(0);
    assertThat(best.platform()).isEqualTo("emr");
    assertThat(best.estimatedHours()).isEqualTo(1.1);
    assertThat(best.hourlyCost()).isEqualTo(1.5 + 0.27 + 0.2 + 0.05);
    assertThat(best.costBreakdown().platformFee()).isEqualTo(0.35);
    assertThat(best.estimatedCost()).isEqualTo(2.22);
    assertThat(best.why()).contains("emr fee 25% of on-demand, capped at $0.27/h per node");
  }

  private static Map<String, Long> removed(PlanResult r) {
    return r.removed().stream()
        .collect(
            Collectors.toMap(
                PlanResult.Removal::constraint,
                PlanResult.Removal::removed,
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }
}

package ai.lepton.plan;

import ai.lepton.config.LeptonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A price catalog small enough to check plans by hand. Workers: {@code cpu.4x} (4 vCPUs, 32 GiB,
 * $0.80/h in aws, spot $0.20; $1.00/h in azure) and {@code gpu.4x} (4 vCPUs, 1 T4, $1.50/h, aws
 * only); driver {@code drv} ($0.20/h, 1 GiB: too small to be a worker). Egress $0.10/GB out of
 * either cloud. Platform: standalone (no fee, no start-up) unless a test allows others.
 *
 * <p>With 10 GB per core-hour, a cpu.4x worker does 40 GB/h; with GPU speedup 3, a gpu.4x worker
 * (one executor of 4 cores) does 4 x 10 x 3 = 120 GB/h.
 */
final class TinyCatalog {

  static final String INSTANCES =
      """
      cloud,region,instance_type,vcpus,memory_gib,gpu_name,gpu_count,gpu_memory_gib,price_per_hour,spot_price_per_hour
      aws,us-east-1,cpu.4x,4,32,,,,0.80,0.20
      aws,us-east-1,gpu.4x,4,32,T4,1,16,1.50,
      aws,us-east-1,drv,2,1,,,,0.20,
      azure,eastus,cpu.4x,4,32,,,,1.00,
      azure,eastus,drv,2,1,,,,0.20,
      """;

  static final String EGRESS =
      """
      # test rates
      from_cloud,from_region,to_cloud,to_region,usd_per_gb
      aws,*,aws,*,0.02
      aws,*,internet,*,0.10
      azure,*,azure,*,0.02
      azure,*,internet,*,0.10
      """;

  static final String FEES =
      """
      platform,cloud,instance_type,unit,rate,cap_usd_per_hour,basis
      standalone,*,*,usd-per-hour,0,,list
      emr,aws,*,share-of-on-demand,0.25,0.27,list
      databricks,aws,*,usd-per-dbu,0.15,,list
      databricks,aws,*,dbu-per-vcpu-hour,0.25,,estimate
      databricks,azure,*,usd-per-dbu,0.30,,list
      databricks,azure,*,dbu-per-vcpu-hour,0.25,,estimate
      """;

  static final String ACCELERATORS = "cloud,machine_type,gpu_name,gpu_count,kind\n";

  private TinyCatalog() {}

  /** Writes the four files into {@code dir} and returns the HOCON that points at them. */
  static String write(Path dir) {
    try {
      Files.writeString(dir.resolve("instances.csv"), INSTANCES);
      Files.writeString(dir.resolve("egress.csv"), EGRESS);
      Files.writeString(dir.resolve("fees.csv"), FEES);
      Files.writeString(dir.resolve("accelerators.csv"), ACCELERATORS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "lepton.plan.catalog { instances = \""
        + dir.resolve("instances.csv")
        + "\", egress = \""
        + dir.resolve("egress.csv")
        + "\", platform-fees = \""
        + dir.resolve("fees.csv")
        + "\", accelerators = \""
        + dir.resolve("accelerators.csv")
        + "\" }\n";
  }

  /**
   * A plan config over the tiny catalog: reconcile of {@code data} (one source), standalone, 1-4
   * nodes, 10 GB per core-hour, GPU speedup 3, spot rework 25%, plus {@code extra}.
   */
  static LeptonConfig config(Path dir, String data, String extra) {
    return LeptonConfig.parse(
        write(dir)
            + """
            lepton.plan {
              job = reconcile
              sources = [ %s ]
              driver { aws = drv, azure = drv }
              constraints { platforms = [standalone], min-nodes = 1, max-nodes = 4 }
              platforms.standalone.startup-minutes = 0
              spot.expected-rework = 0.25
              throughput.reconcile { gb-per-core-hour = 10, gpu-speedup = 3 }
              executor.max-cores = 4
            }
            """
                .formatted(data)
            + extra);
  }

  /** {@link #config} planned without writing files. */
  static PlanResult plan(Path dir, String data, String extra) {
    return new PlanAction(config(dir, data, extra)).writeFiles(false).execute();
  }
}

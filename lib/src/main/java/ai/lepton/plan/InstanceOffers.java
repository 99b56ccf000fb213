package ai.lepton.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The instance offers of {@code instances.csv}: one per machine row, with GCP GPU machines paired
 * with the {@code accelerator:<GPU>:<count>} rows of their region as {@code accelerators.csv} says
 * (built in, replacing the bare machine, or attached, beside it).
 */
final class InstanceOffers {

  static final List<String> INSTANCE_COLUMNS =
      List.of(
          "cloud",
          "region",
          "instance_type",
          "vcpus",
          "memory_gib",
          "gpu_name",
          "gpu_count",
          "gpu_memory_gib",
          "price_per_hour",
          "spot_price_per_hour");

  static final List<String> ACCELERATOR_COLUMNS =
      List.of("cloud", "machine_type", "gpu_name", "gpu_count", "kind");

  private static final String ACCELERATOR_PREFIX = "accelerator:";

  private InstanceOffers() {}

  private record Accelerator(
      String gpuName,
      int count,
      double price,
      OptionalDouble spot,
      double memoryGib,
      String origin) {}

  private record Pairing(
      String machineType, String gpuName, int count, boolean builtIn, String origin) {}

  /**
   * Every offer of the instance rows, GCP GPU machines paired by the accelerator rows; what was
   * adjusted while reading goes to {@code notes}.
   */
  static List<InstanceOffer> parse(
      List<CsvTable.Row> rows, List<CsvTable.Row> pairingRows, List<String> notes) {
    Map<String, List<Pairing>> pairings = pairings(pairingRows);
    Map<String, Accelerator> accelerators = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    List<InstanceOffer> machines = new ArrayList<>();
    for (CsvTable.Row row : rows) {
      String cloud = row.lower("cloud");
      String region = row.required("region");
      String type = row.required("instance_type");
      Integer earlier = seen.put(cloud + "|" + region + "|" + type, row.line());
      if (earlier != null) {
        throw row.error("repeats " + type + " in " + cloud + "/" + region + " of line " + earlier);
      }
      if (type.startsWith(ACCELERATOR_PREFIX)) {
        Accelerator a = accelerator(row, type);
        accelerators.put(cloud + "|" + region + "|" + a.gpuName() + "|" + a.count(), a);
      } else {
        machines.add(machine(row, cloud, region, type, notes));
      }
    }
    List<InstanceOffer> offers = new ArrayList<>();
    for (InstanceOffer machine : machines) {
      List<Pairing> pairs =
          pairings.getOrDefault(machine.cloud() + "|" + machine.name(), List.of());
      boolean builtIn = pairs.stream().anyMatch(Pairing::builtIn);
      if (!builtIn) {
        offers.add(machine);
      }
      for (Pairing pair : pairs) {
        Accelerator a =
            accelerators.get(
                machine.cloud()
                    + "|"
                    + machine.region()
                    + "|"
                    + pair.gpuName()
                    + "|"
                    + pair.count());
        if (a == null) {
          if (builtIn) {
            notes.add(
                machine.location()
                    + " "
                    + machine.name()
                    + ": no "
                    + ACCELERATOR_PREFIX
                    + pair.gpuName()
                    + ":"
                    + pair.count()
                    + " row in the region, so the machine is left out ("
                    + pair.origin()
                    + ")");
          }
          continue;
        }
        offers.add(paired(machine, pair, a));
      }
    }
    return List.copyOf(offers);
  }

  private static InstanceOffer machine(
      CsvTable.Row row, String cloud, String region, String type, List<String> notes) {
    int vcpus = row.count("vcpus");
    double memory = row.number("memory_gib");
    if (vcpus <= 0 || memory <= 0) {
      throw row.error("vcpus and memory_gib must be above 0 for an instance type");
    }
    int gpus = row.count("gpu_count");
    String gpuName = row.text("gpu_name");
    if (gpus > 0 && gpuName.isEmpty()) {
      throw row.error("gpu_count is " + gpus + " but gpu_name is empty");
    }
    double onDemand = row.number("price_per_hour");
    OptionalDouble spot = row.optionalNumber("spot_price_per_hour");
    String origin = row.file() + " line " + row.line();
    if (spot.isPresent() && !(spot.getAsDouble() > 0 && spot.getAsDouble() < onDemand)) {
      notes.add(
          cloud
              + "/"
              + region
              + " "
              + type
              + ": spot price "
              + Money.usd(spot.getAsDouble())
              + " is not below on-demand "
              + Money.usd(onDemand)
              + ", treated as no spot offer ("
              + origin
              + ")");
      spot = OptionalDouble.empty();
    }
    return new InstanceOffer(
        cloud,
        region,
        type,
        type,
        vcpus,
        memory,
        gpus > 0 ? gpuName : "",
        gpus,
        row.optionalNumber("gpu_memory_gib").orElse(0),
        onDemand,
        spot,
        origin);
  }

  private static Accelerator accelerator(CsvTable.Row row, String type) {
    String[] parts = type.split(":");
    if (parts.length != 3 || parts[1].isBlank()) {
      throw row.error(
          "instance_type '"
              + type
              + "' should read accelerator:<GPU>:<count>, e.g. accelerator:T4:1");
    }
    int count;
    try {
      count = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      throw row.error("the GPU count in '" + type + "' is not a whole number");
    }
    OptionalDouble spot = row.optionalNumber("spot_price_per_hour");
    return new Accelerator(
        parts[1],
        count,
        row.number("price_per_hour"),
        spot,
        row.optionalNumber("gpu_memory_gib").orElse(0),
        row.file() + " line " + row.line());
  }

  private static Map<String, List<Pairing>> pairings(List<CsvTable.Row> rows) {
    Map<String, List<Pairing>> out = new LinkedHashMap<>();
    for (CsvTable.Row row : rows) {
      String kind = row.lower("kind");
      if (!kind.equals("built-in") && !kind.equals("attached")) {
        throw row.error("kind is '" + kind + "'; write built-in or attached");
      }
      int count = row.count("gpu_count");
      if (count <= 0) {
        throw row.error("gpu_count must be 1 or more");
      }
      Pairing pairing =
          new Pairing(
              row.required("machine_type"),
              row.required("gpu_name"),
              count,
              kind.equals("built-in"),
              row.file() + " line " + row.line());
      List<Pairing> list =
          out.computeIfAbsent(
              row.lower("cloud") + "|" + pairing.machineType(), k -> new ArrayList<>());
      if (!list.isEmpty() && list.get(0).builtIn() != pairing.builtIn()) {
        throw row.error(
            pairing.machineType()
                + " is built-in in one row and attached in another ("
                + list.get(0).origin()
                + ")");
      }
      list.add(pairing);
    }
    return out;
  }

  private static InstanceOffer paired(InstanceOffer machine, Pairing pair, Accelerator a) {
    OptionalDouble spot =
        machine.spotPerHour().isPresent() && a.spot().isPresent()
            ? OptionalDouble.of(machine.spotPerHour().getAsDouble() + a.spot().getAsDouble())
            : OptionalDouble.empty();
    String name =
        pair.builtIn()
            ? machine.name()
            : machine.name() + "+" + pair.gpuName() + "x" + pair.count();
    return new InstanceOffer(
        machine.cloud(),
        machine.region(),
        name,
        machine.machineType(),
        machine.vcpus(),
        machine.memoryGib(),
        pair.gpuName(),
        pair.count(),
        a.memoryGib(),
        machine.onDemandPerHour() + a.price(),
        spot,
        machine.origin() + " + " + a.origin());
  }
}

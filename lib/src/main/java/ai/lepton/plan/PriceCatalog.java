package ai.lepton.plan;

import ai.lepton.errors.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The prices a plan is made from: instance types per region ({@code instances.csv}, with GCP GPU
 * machines paired with their accelerators by {@code accelerators.csv}), egress per GB ({@code
 * egress.csv}) and platform fees ({@code platform-fees.csv}). The built-in copies come from {@code
 * conf/catalog/}; each file can be replaced by the user's own.
 */
public final class PriceCatalog {

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

  /**
   * Where each catalog file is: a path, or empty for the built-in copy of {@code conf/catalog/}.
   */
  public record Sources(String instances, String egress, String platformFees, String accelerators) {

    /** Every file from the built-in copy. */
    public static Sources builtIn() {
      return new Sources("", "", "", "");
    }
  }

  private final List<InstanceOffer> offers;
  private final EgressRates egress;
  private final PlatformFees fees;
  private final List<String> notes;

  private PriceCatalog(
      List<InstanceOffer> offers, EgressRates egress, PlatformFees fees, List<String> notes) {
    this.offers = offers;
    this.egress = egress;
    this.fees = fees;
    this.notes = notes;
  }

  /** Loads and checks the catalog; a bad row is a {@link CatalogException} naming file and line. */
  public static PriceCatalog load(Sources sources) {
    Text instances = read(sources.instances(), "instances.csv", "lepton.plan.catalog.instances");
    Text accelerators =
        read(sources.accelerators(), "accelerators.csv", "lepton.plan.catalog.accelerators");
    Text egress = read(sources.egress(), "egress.csv", "lepton.plan.catalog.egress");
    Text fees =
        read(sources.platformFees(), "platform-fees.csv", "lepton.plan.catalog.platform-fees");
    List<String> notes = new ArrayList<>();
    List<InstanceOffer> offers =
        offers(instances.rows(INSTANCE_COLUMNS), accelerators.rows(ACCELERATOR_COLUMNS), notes);
    return new PriceCatalog(
        offers,
        EgressRates.parse(egress.rows(EgressRates.COLUMNS), egress.name()),
        PlatformFees.parse(fees.rows(PlatformFees.COLUMNS)),
        List.copyOf(notes));
  }

  /** The built-in catalog. */
  public static PriceCatalog builtIn() {
    return load(Sources.builtIn());
  }

  /** Every offer, GCP GPU machines paired with their accelerators. */
  public List<InstanceOffer> offers() {
    return offers;
  }

  /** The offer of {@code name} in a cloud's region, if the catalog has it. */
  public Optional<InstanceOffer> offer(String cloud, String region, String name) {
    return offers.stream()
        .filter(o -> o.cloud().equals(cloud) && o.region().equals(region) && o.name().equals(name))
        .findFirst();
  }

  /** What the catalog adjusted while loading, e.g. a spot price treated as no spot offer. */
  public List<String> notes() {
    return notes;
  }

  /** USD per GB of data held at {@code from} read by a cluster at {@code to}. */
  public double egressUsdPerGb(Location from, Location to) {
    return egress.usdPerGb(from, to);
  }

  EgressRates egress() {
    return egress;
  }

  PlatformFees fees() {
    return fees;
  }

  private record Text(String name, String key, String text) {
    List<CsvTable.Row> rows(List<String> columns) {
      return CsvTable.parse(name, key, text, columns);
    }
  }

  private record Accelerator(
      String gpuName,
      int count,
      double price,
      OptionalDouble spot,
      double memoryGib,
      String origin) {}

  private record Pairing(
      String machineType, String gpuName, int count, boolean builtIn, String origin) {}

  private static List<InstanceOffer> offers(
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

  private static Text read(String configured, String fileName, String key) {
    if (configured == null || configured.isBlank()) {
      try (InputStream in = PriceCatalog.class.getResourceAsStream("catalog/" + fileName)) {
        if (in == null) {
          throw new ai.lepton.LeptonException(
              "The built-in price catalog file "
                  + fileName
                  + " is missing from the Lepton jar. Rebuild Lepton, or set "
                  + key
                  + " to a copy of conf/catalog/"
                  + fileName
                  + ".");
        }
        return new Text(
            "conf/catalog/" + fileName + " (built in)",
            key,
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw PlanErrors.builtInCatalog(fileName, key, e);
      }
    }
    Path path = Path.of(configured);
    if (!Files.isRegularFile(path)) {
      throw new CatalogException(
          "Cannot read the price catalog file "
              + path
              + " ("
              + key
              + "): it does not exist or is not a file. Fix the path, or set "
              + key
              + " = \"\" to use the built-in conf/catalog/"
              + fileName
              + ".");
    }
    try {
      return new Text(path.toString(), key, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CatalogException(
          "Cannot read the price catalog file "
              + path
              + " ("
              + key
              + "): "
              + Failures.rootMessage(e)
              + ". Check that it is readable UTF-8 text.");
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PriceCatalog[%d offers]", offers.size());
  }
}

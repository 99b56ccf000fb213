package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan is for: the job type and where its input is, with each source's cloud, region and
 * size. Built from {@code lepton.plan} and, for reconcile, from {@code lepton.reconcile.sources}.
 *
 * @param job the job planned
 * @param sources its inputs
 * @param measured one line per source whose size was measured by listing it, empty when every size
 *     was given
 */
record Workload(String job, List<DataSource> sources, List<String> measured) {

  /** Measures a source: the total bytes of the objects under a URI, listed through the stores. */
  @FunctionalInterface
  public interface Sizer {
    /** Total bytes under {@code uri}. */
    long bytes(String uri);
  }

  /** One input: its name, URI (may be empty), location and size in GB. */
  public record DataSource(String name, String uri, Location location, double sizeGb) {}

  /** Total input in GB. */
  public double inputGb() {
    return sources.stream().mapToDouble(DataSource::sizeGb).sum();
  }

  /** Resolves the workload of {@code plan} within the whole config; every size must be given. */
  public static Workload from(LeptonConfig config, PlanConfig plan) {
    return from(config, plan, null);
  }

  /**
   * Resolves the workload of {@code plan} within the whole config. When neither {@code
   * lepton.plan.input-gb} nor a source's {@code size-gb} is given, each source with a URI is
   * measured with {@code sizer} (null: not measured).
   */
  public static Workload from(LeptonConfig config, PlanConfig plan, Sizer sizer) {
    List<Draft> drafts = new ArrayList<>();
    if ("reconcile".equals(plan.job())) {
      Settings r = Settings.at(config.raw(), "lepton.reconcile");
      List<? extends Config> raw = r.objects("sources");
      for (int i = 0; i < raw.size(); i++) {
        Settings e = new Settings(raw.get(i), r.key("sources") + "[" + i + "]");
        drafts.add(new Draft(e.string("name").trim(), e.string("uri").trim(), e.key("uri")));
      }
    }
    for (PlanConfig.SourceSetting setting : plan.sources()) {
      Draft draft =
          drafts.stream()
              .filter(d -> d.name.equals(setting.name()))
              .findFirst()
              .orElseGet(
                  () -> {
                    Draft d = new Draft(setting.name(), "", setting.configKey());
                    drafts.add(d);
                    return d;
                  });
      draft.apply(setting);
    }
    if (drafts.isEmpty()) {
      throw new ConfigException(
          "No input to plan for: "
              + PlanConfig.PREFIX
              + ".sources is empty"
              + ("reconcile".equals(plan.job()) ? " and so is lepton.reconcile.sources" : "")
              + ". Say where the data is, e.g. lepton.plan.sources = [ { name = \"data\", uri ="
              + " \"s3a://bucket/path/\", size-gb = 500 } ], or plan with the job's own config (-c"
              + " reconcile.conf).");
    }
    List<String> measured = new ArrayList<>();
    if (sizer != null && plan.inputGb() <= 0) {
      for (Draft d : drafts) {
        if (d.sizeGb < 0 && !d.uri.isEmpty()) {
          long bytes = sizer.bytes(d.uri);
          d.sizeGb = bytes / 1e9;
          measured.add(
              String.format(
                  Locale.ROOT,
                  "%s: %,d bytes (%.6f GB) listed at %s",
                  d.name,
                  bytes,
                  d.sizeGb,
                  d.uri));
        }
      }
    }
    List<DataSource> sources = new ArrayList<>();
    List<Double> sizes = sizes(drafts, plan.inputGb());
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      sources.add(new DataSource(d.name, d.uri, d.location(plan.dataRegions()), sizes.get(i)));
    }
    return new Workload(plan.job(), List.copyOf(sources), List.copyOf(measured));
  }

  /**
   * The cloud a URI's scheme names: aws, azure, gcp, local; empty for a scheme Lepton can't map.
   */
  public static Optional<String> cloudOf(String uri) {
    int colon = uri.indexOf(':');
    String scheme = colon > 1 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    return switch (scheme) {
      case "s3", "s3a", "s3n" -> Optional.of("aws");
      case "wasb", "wasbs", "abfs", "abfss" -> Optional.of("azure");
      case "gs" -> Optional.of("gcp");
      case "", "file" -> Optional.of("local");
      default -> Optional.empty();
    };
  }

  private static List<Double> sizes(List<Draft> drafts, double inputGb) {
    double given = drafts.stream().filter(d -> d.sizeGb >= 0).mapToDouble(d -> d.sizeGb).sum();
    long unsized = drafts.stream().filter(d -> d.sizeGb < 0).count();
    String names = String.join(", ", drafts.stream().map(d -> d.name).toList());
    if (unsized > 0 && inputGb <= given) {
      throw new ConfigException(
          "Cannot tell how big the input is: "
              + PlanConfig.PREFIX
              + ".input-gb is "
              + fmt(inputGb)
              + (given > 0 ? ", no more than the sizes given per source (" + fmt(given) + ")" : "")
              + ", and "
              + unsized
              + " of the sources ("
              + names
              + ") give no size-gb. Set lepton.plan.input-gb to the total, e.g. 500, or give each"
              + " source a size-gb in lepton.plan.sources.");
    }
    if (unsized == 0 && inputGb > 0 && Math.abs(inputGb - given) > 1e-6) {
      throw new ConfigException(
          PlanConfig.PREFIX
              + ".input-gb is "
              + fmt(inputGb)
              + " but the sources' size-gb add up to "
              + fmt(given)
              + ". Drop input-gb or make them agree.");
    }
    if (unsized == 0 && given <= 0) {
      throw new ConfigException(
          "The input is empty: every source of lepton.plan.sources has size-gb = 0. Give the"
              + " sizes in GB.");
    }
    double share = unsized == 0 ? 0 : (inputGb - given) / unsized;
    return drafts.stream().map(d -> d.sizeGb >= 0 ? d.sizeGb : share).toList();
  }

  private static String fmt(double gb) {
    return gb == Math.rint(gb) ? String.valueOf((long) gb) : String.valueOf(gb);
  }

  /** A source while its settings are being merged. */
  private static final class Draft {
    final String name;
    String uri;
    String cloud = "";
    String region = "";
    double sizeGb = -1;
    String key;

    Draft(String name, String uri, String key) {
      this.name = name;
      this.uri = uri;
      this.key = key;
    }

    void apply(PlanConfig.SourceSetting s) {
      if (!s.uri().isEmpty()) {
        uri = s.uri();
        key = s.configKey() + ".uri";
      }
      if (!s.cloud().isEmpty()) {
        cloud = s.cloud();
      }
      if (!s.region().isEmpty()) {
        region = s.region();
      }
      if (s.sizeGb() >= 0) {
        sizeGb = s.sizeGb();
      }
    }

    Location location(Map<String, String> dataRegions) {
      String c = cloud.isEmpty() ? cloudOf(uri).orElseThrow(this::unknownCloud) : cloud;
      if (c.equals("local")) {
        return Location.LOCAL;
      }
      String r = region.isEmpty() ? regionOf(c, dataRegions) : region;
      if (r.isEmpty()) {
        throw new ConfigException(
            "Cannot tell which region source '"
                + name
                + "'"
                + (uri.isEmpty() ? "" : " (" + uri + ")")
                + " is in. Set lepton.plan.data-regions."
                + c
                + " = \"<region>\", or give the source a region in lepton.plan.sources, e.g. [ {"
                + " name = \""
                + name
                + "\", region = \"<region>\" } ].");
      }
      return new Location(c, r);
    }

    private String regionOf(String c, Map<String, String> dataRegions) {
      String best = "";
      String region = "";
      for (Map.Entry<String, String> e : dataRegions.entrySet()) {
        String prefix = e.getKey();
        if (prefix.contains("://") && uri.startsWith(prefix) && prefix.length() > best.length()) {
          best = prefix;
          region = e.getValue();
        }
      }
      return region.isEmpty() ? dataRegions.getOrDefault(c, "").trim() : region.trim();
    }

    private ConfigException unknownCloud() {
      if (uri.isEmpty()) {
        return new ConfigException(
            "Source '"
                + name
                + "' has no uri and no cloud. Give it one in lepton.plan.sources, e.g. { name = \""
                + name
                + "\", cloud = \"aws\", region = \"us-east-1\" }.");
      }
      return new ConfigException(
          "Cannot tell which cloud holds source '"
              + name
              + "' ("
              + uri
              + ", "
              + key
              + "): Lepton maps s3/s3a to aws, wasb/wasbs/abfs/abfss to azure, gs to gcp and"
              + " file: or plain paths to local. Name it in lepton.plan.sources, e.g. { name = \""
              + name
              + "\", cloud = \"aws\", region = \"us-east-1\" }.");
    }
  }
}

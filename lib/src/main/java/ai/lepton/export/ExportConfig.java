package ai.lepton.export;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.storage.Location;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreType;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed, validated {@code lepton.export} settings.
 *
 * @param model the model directory to export (any store)
 * @param name the exported model's name; empty: the model's own name
 * @param version the version to publish; empty: derived from the model (see {@link ExportAction})
 * @param force export even when the model's verification gate failed
 * @param targets where to publish, at least one
 * @param traffic settings of the traffic files written beside routing.json
 */
public record ExportConfig(
    String model,
    String name,
    String version,
    boolean force,
    List<ExportTarget> targets,
    Traffic traffic) {

  /**
   * {@code lepton.export.traffic}.
   *
   * @param dnsName the name clients call (Route 53 record name); empty: a placeholder
   * @param ttlSeconds TTL of the weighted DNS records
   */
  public record Traffic(String dnsName, long ttlSeconds) {}

  /** Config prefix of these settings. */
  public static final String PREFIX = "lepton.export";

  /** Defaults of every target, under the prefix. */
  public static final String TARGET_DEFAULTS = PREFIX + ".target-defaults";

  /** Longest name or version: one folder name on most file systems and stores. */
  static final int MAX_NAME_BYTES = 255;

  /** Longest SageMaker model (and endpoint config) name. */
  static final int SAGEMAKER_NAME_LIMIT = 63;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ExportConfig {
    targets = List.copyOf(targets);
  }

  /** Reads and validates {@code lepton.export}; a problem is a {@link ConfigException}. */
  public static ExportConfig from(LeptonConfig config) {
    Config raw = config.raw();
    Settings s = Settings.at(raw, PREFIX);
    String model = s.requiredString("model", "\"s3://models/churn/20261127-120301-a1b2c3\"");
    String name = s.string("name").trim();
    String version = s.string("version").trim();
    if (!name.isEmpty()) {
      checkSafe(s.key("name"), "model name", name);
    }
    if (!version.isEmpty()) {
      checkSafe(s.key("version"), "version", version);
    }
    Settings traffic = new Settings(raw.getConfig(PREFIX + ".traffic"), PREFIX + ".traffic");
    long ttl = traffic.whole("ttl-seconds");
    if (ttl < 0 || ttl > 2_147_483_647L) {
      throw new ConfigException(
          traffic.key("ttl-seconds") + " is " + ttl + "; use a whole number of seconds from 0.");
    }
    List<ExportTarget> targets = targets(raw, s);
    if (targets.size() > 1 && targets.stream().allMatch(t -> t.capacity() == 0)) {
      throw new ConfigException(
          "Every target of "
              + s.key("targets")
              + " has capacity 0, so no target would get traffic: give at least one a capacity"
              + " above 0.");
    }
    if (!name.isEmpty() && !version.isEmpty()) {
      checkSageMakerName(name, version, targets);
    }
    return new ExportConfig(
        model,
        name,
        version,
        s.bool("force"),
        targets,
        new Traffic(traffic.string("dns-name").trim(), ttl));
  }

  /**
   * Fails unless {@code value} can be one folder name: letters, digits, {@code . _ -}, starting
   * with a letter or digit, without {@code ..}.
   */
  static void checkSafe(String key, String what, String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new ConfigException(
          key
              + " is "
              + value.length()
              + " characters long: a "
              + what
              + " becomes a folder name, which may have at most "
              + MAX_NAME_BYTES
              + " bytes on most stores. Choose a shorter one.");
    }
    if (!SAFE.matcher(value).matches() || value.contains("..")) {
      throw new ConfigException(
          key
              + " is '"
              + value
              + "': a "
              + what
              + " becomes a folder name, so it may not contain path separators, '..' or"
              + " characters other than letters, digits, '.', '_' and '-', and must start with a"
              + " letter or digit. Set "
              + key
              + " to e.g. \"churn-v2\".");
    }
  }

  /**
   * Fails when a SageMaker target would get a model name ({@code NAME-VERSION}, characters other
   * than letters, digits and hyphens made hyphens) longer than SageMaker's 63 characters: cut
   * short, two versions would share one name.
   */
  static void checkSageMakerName(String name, String version, List<ExportTarget> targets) {
    String modelName =
        (name + "-" + version).replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-");
    for (ExportTarget t : targets) {
      if (t.type() == TargetType.SAGEMAKER && modelName.length() > SAGEMAKER_NAME_LIMIT) {
        throw new ConfigException(
            "Target "
                + t.key("name")
                + " = '"
                + t.name()
                + "' is a sagemaker target, whose model name '"
                + modelName
                + "' ("
                + PREFIX
                + ".name and "
                + PREFIX
                + ".version, or the model's own) has "
                + modelName.length()
                + " characters; SageMaker allows "
                + SAGEMAKER_NAME_LIMIT
                + ". Set a shorter "
                + PREFIX
                + ".name or "
                + PREFIX
                + ".version.");
      }
    }
  }

  private static List<ExportTarget> targets(Config raw, Settings s) {
    List<? extends Config> list = s.objects("targets");
    if (list.isEmpty()) {
      throw new ConfigException(
          s.key("targets")
              + " is empty: add at least one target, e.g. "
              + s.key("targets")
              + " = [ { name = \"aws\", type = \"sagemaker\", uri = \"s3://models/serving\" } ]");
    }
    Config defaults = raw.getConfig(TARGET_DEFAULTS);
    List<ExportTarget> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ExportTarget t = target(list.get(i).withFallback(defaults), s.key("targets") + "[" + i + "]");
      if (!names.add(t.name())) {
        throw new ConfigException(
            t.key("name") + " is '" + t.name() + "', which an earlier target already uses.");
      }
      out.add(t);
    }
    return out;
  }

  private static ExportTarget target(Config c, String key) {
    Settings t = new Settings(c, key);
    String name = t.requiredString("name", "\"aws\"");
    checkSafe(t.key("name"), "target name", name);
    String typeName = t.requiredString("type", "\"sagemaker\"");
    TargetType type =
        TargetType.of(typeName)
            .orElseThrow(
                () ->
                    new ConfigException(
                        t.key("type")
                            + " is '"
                            + typeName
                            + "'; use one of "
                            + String.join(", ", TargetType.names())
                            + "."));
    String uri = t.requiredString("uri", "\"s3://models/serving\"");
    Location location;
    try {
      location = Location.parse(uri);
    } catch (StorageException e) {
      throw new ConfigException(
          t.key("uri") + " is not a location Lepton can write to. " + e.getMessage(), e);
    }
    if (type == TargetType.LOCAL && location.type() != StoreType.LOCAL) {
      throw new ConfigException(
          t.key("uri")
              + " is '"
              + uri
              + "', but a local target is a directory: use a plain path or file:, or type"
              + " triton for a model repository on a cloud store.");
    }
    Settings sm = new Settings(c.getConfig("sagemaker"), key + ".sagemaker");
    Settings az = new Settings(c.getConfig("azureml"), key + ".azureml");
    return new ExportTarget(
        name,
        type,
        uri,
        t.string("image").trim(),
        onnxForms(t),
        t.string("hostname").trim(),
        notNegative(t, "capacity"),
        positive(t, "latency-ms"),
        positive(t, "cost-per-hour"),
        new ExportTarget.SageMaker(
            sm.string("region").trim(),
            sm.string("instance-type").trim(),
            atLeastOne(sm, "initial-instance-count"),
            sm.string("role-arn").trim()),
        new ExportTarget.AzureMl(
            az.string("instance-type").trim(),
            atLeastOne(az, "instance-count"),
            az.string("endpoint-name").trim(),
            az.string("environment").trim()),
        key);
  }

  private static List<String> onnxForms(Settings t) {
    List<String> forms = t.strings("onnx-forms");
    Set<String> seen = new HashSet<>();
    for (String f : forms) {
      if (!List.of(ExportTarget.INT8, ExportTarget.FP32).contains(f) || !seen.add(f)) {
        throw new ConfigException(
            t.key("onnx-forms")
                + " is "
                + forms
                + ": list \"int8\" and/or \"fp32\", each once, e.g. [\"int8\", \"fp32\"].");
      }
    }
    if (forms.isEmpty()) {
      throw new ConfigException(t.key("onnx-forms") + " is empty: list \"int8\" and/or \"fp32\".");
    }
    return forms;
  }

  private static double notNegative(Settings s, String name) {
    double v = s.number(name);
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new ConfigException(
          s.key(name) + " is " + v + "; it must be a number from 0 (0: a standby).");
    }
    return v;
  }

  private static double positive(Settings s, String name) {
    double v = s.number(name);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ConfigException(s.key(name) + " is " + v + "; it must be a number above 0.");
    }
    return v;
  }

  private static int atLeastOne(Settings s, String name) {
    long v = s.whole(name);
    if (v < 1 || v > 10_000) {
      throw new ConfigException(s.key(name) + " is " + v + "; use a whole number from 1.");
    }
    return (int) v;
  }
}

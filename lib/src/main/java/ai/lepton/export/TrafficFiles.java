package ai.lepton.export;

import ai.lepton.export.ExportResult.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The traffic weights of {@code routing.json} in each serving system's own request bodies, written
 * beside it under {@code traffic/}:
 *
 * <ul>
 *   <li>{@code sagemaker-endpoint-config.json}: a CreateEndpointConfig body with one production
 *       variant per SageMaker target, {@code InitialVariantWeight} its whole-percent share among
 *       them;
 *   <li>{@code azureml-endpoint-<endpoint>.yml}: per Azure ML online endpoint, the endpoint YAML
 *       whose {@code traffic} gives each deployment whole percents summing to 100;
 *   <li>{@code route53-change-batch.json}: a ChangeResourceRecordSets change batch, one weighted
 *       CNAME record per endpoint (SageMaker, each Azure ML endpoint, each other target), weights
 *       0-255 (the percents);
 *   <li>{@code traffic-manager.json}: an ARM template of an Azure Traffic Manager profile with the
 *       Weighted routing method, one external endpoint per endpoint, weights the percents.
 * </ul>
 *
 * <p>Every split is whole numbers summing exactly to 100 (largest remainder). A share of 0 keeps
 * its record as a standby: weight 0 in SageMaker and Route 53, a disabled endpoint in Traffic
 * Manager (whose weights are 1-1000).
 */
final class TrafficFiles {

  /** The folder beside {@code routing.json}. */
  static final String FOLDER = "traffic/";

  private final String name;
  private final String version;
  private final ExportConfig.Traffic settings;
  private final List<ExportTarget> targets;
  private final List<Route> routes;
  private final List<String> notes = new ArrayList<>();

  TrafficFiles(
      String name,
      String version,
      ExportConfig.Traffic settings,
      List<ExportTarget> targets,
      List<Route> routes) {
    this.name = name;
    this.version = version;
    this.settings = settings;
    this.targets = targets;
    this.routes = routes;
  }

  /** One endpoint of the global layer: its id, hostname and the targets behind it. */
  record Endpoint(String id, String hostname, int percent, List<Integer> members) {}

  /** File name under {@link #FOLDER} to its content. */
  Map<String, Object> files() {
    Map<String, Object> out = new TreeMap<>();
    List<Integer> sagemaker = indexes(TargetType.SAGEMAKER);
    if (!sagemaker.isEmpty()) {
      out.put("sagemaker-endpoint-config.json", sagemakerEndpointConfig(sagemaker));
    }
    azureEndpoints()
        .forEach(
            (endpoint, members) ->
                out.put("azureml-endpoint-" + endpoint + ".yml", azureEndpoint(endpoint, members)));
    List<Endpoint> endpoints = endpoints();
    out.put("route53-change-batch.json", route53(endpoints));
    out.put("traffic-manager.json", trafficManager(endpoints));
    return out;
  }

  /** What the user must still fill in. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  private List<Integer> indexes(TargetType type) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).type() == type) {
        out.add(i);
      }
    }
    return out;
  }

  /** Whole percents of {@code members}' routing weights among themselves, summing to 100. */
  private int[] shares(List<Integer> members) {
    double[] raw = new double[members.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = routes.get(members.get(i)).weight();
    }
    double sum = 0;
    for (double r : raw) {
      sum += r;
    }
    if (sum == 0) {
      java.util.Arrays.fill(raw, 1);
    }
    return Routing.largestRemainder(raw, 100);
  }

  private Map<String, Object> sagemakerEndpointConfig(List<Integer> members) {
    int[] share = shares(members);
    String model = SageMakerLayout.awsName(name + "-" + version);
    List<Map<String, Object>> variants = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      ExportTarget t = targets.get(members.get(i));
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("VariantName", SageMakerLayout.awsName(t.name()));
      v.put("ModelName", model);
      v.put("InitialInstanceCount", t.sagemaker().initialInstanceCount());
      v.put("InstanceType", t.sagemaker().instanceType());
      v.put("InitialVariantWeight", (double) share[i]);
      variants.add(v);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("EndpointConfigName", SageMakerLayout.awsName(name + "-" + version + "-weighted"));
    body.put("ProductionVariants", variants);
    body.put(
        "Tags",
        List.of(
            Map.of("Key", "lepton:model", "Value", name),
            Map.of("Key", "lepton:version", "Value", version)));
    return body;
  }

  private Map<String, List<Integer>> azureEndpoints() {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (int i : indexes(TargetType.AZUREML)) {
      out.computeIfAbsent(azureEndpointName(targets.get(i)), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private String azureEndpointName(ExportTarget t) {
    String e = t.azureml().endpointName();
    return e.isEmpty() ? AzureMlLayout.azureName(name) : e;
  }

  /**
   * The endpoint YAML with {@code traffic}: deployments are named as in deployment.yml ({@code
   * v-<version>}), so targets of one endpoint share a deployment and their percents add up.
   */
  private String azureEndpoint(String endpoint, List<Integer> members) {
    int[] share = shares(members);
    Map<String, Integer> traffic = new TreeMap<>();
    for (int i = 0; i < members.size(); i++) {
      traffic.merge(AzureMlLayout.azureName("v-" + version), share[i], Integer::sum);
    }
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("$schema", AzureMlLayout.ENDPOINT_SCHEMA);
    y.put("name", endpoint);
    y.put("auth_mode", "key");
    y.put("traffic", traffic);
    return LayoutFiles.yaml(y);
  }

  /** SageMaker targets as one endpoint, each Azure ML endpoint as one, every other target alone. */
  List<Endpoint> endpoints() {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      ExportTarget t = targets.get(i);
      String id =
          switch (t.type()) {
            case SAGEMAKER -> "sagemaker-" + SageMakerLayout.awsName(name);
            case AZUREML -> "azureml-" + azureEndpointName(t);
            default -> t.name();
          };
      groups.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
    }
    List<Endpoint> out = new ArrayList<>();
    groups.forEach(
        (id, members) -> {
          int percent = members.stream().mapToInt(i -> routes.get(i).percent()).sum();
          out.add(new Endpoint(id, hostname(id, members), percent, members));
        });
    return out;
  }

  private String hostname(String id, List<Integer> members) {
    for (int i : members) {
      if (!targets.get(i).hostname().isEmpty()) {
        return targets.get(i).hostname();
      }
    }
    String placeholder = "replace-with-" + id + "-hostname.example.com";
    notes.add(
        "traffic/ names the placeholder hostname "
            + placeholder
            + " for endpoint "
            + id
            + ": set "
            + targets.get(members.get(0)).key("hostname")
            + " to the DNS name that serves it");
    return placeholder;
  }

  private String dnsName() {
    if (!settings.dnsName().isEmpty()) {
      return settings.dnsName();
    }
    String placeholder = name + ".models.example.com";
    if (notes.stream().noneMatch(n -> n.contains(ExportConfig.PREFIX + ".traffic.dns-name"))) {
      notes.add(
          "traffic/ uses the placeholder DNS name "
              + placeholder
              + ": set "
              + ExportConfig.PREFIX
              + ".traffic.dns-name to the name clients call");
    }
    return placeholder;
  }

  private Map<String, Object> route53(List<Endpoint> endpoints) {
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("Name", dnsName());
      set.put("Type", "CNAME");
      set.put("SetIdentifier", e.id());
      set.put("Weight", e.percent());
      set.put("TTL", settings.ttlSeconds());
      set.put("ResourceRecords", List.of(Map.of("Value", e.hostname())));
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("Action", "UPSERT");
      change.put("ResourceRecordSet", set);
      changes.add(change);
    }
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("Comment", "Lepton " + name + " " + version + ": weights from routing.json");
    batch.put("Changes", changes);
    return batch;
  }

  private Map<String, Object> trafficManager(List<Endpoint> endpoints) {
    String profile = AzureMlLayout.azureName(name + "-models");
    List<Map<String, Object>> list = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("target", e.hostname());
      props.put("endpointStatus", e.percent() > 0 ? "Enabled" : "Disabled");
      props.put("weight", Math.max(1, e.percent()));
      Map<String, Object> endpoint = new LinkedHashMap<>();
      endpoint.put("name", e.id());
      endpoint.put("type", "Microsoft.Network/trafficManagerProfiles/externalEndpoints");
      endpoint.put("properties", props);
      list.add(endpoint);
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("profileStatus", "Enabled");
    props.put("trafficRoutingMethod", "Weighted");
    props.put("dnsConfig", Map.of("relativeName", profile, "ttl", settings.ttlSeconds()));
    props.put("monitorConfig", Map.of("protocol", "HTTPS", "port", 443, "path", "/"));
    props.put("endpoints", list);
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("type", "Microsoft.Network/trafficManagerProfiles");
    resource.put("apiVersion", "2022-04-01");
    resource.put("name", profile);
    resource.put("location", "global");
    resource.put("properties", props);
    Map<String, Object> template = new LinkedHashMap<>();
    template.put(
        "$schema",
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
    template.put("contentVersion", "1.0.0.0");
    template.put("resources", List.of(resource));
    return template;
  }
}

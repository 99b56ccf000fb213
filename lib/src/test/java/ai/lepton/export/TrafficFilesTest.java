package ai.lepton.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The traffic files: each parses strictly as the documented request body (unknown fields fail),
 * every split sums exactly, and the shares are those of routing.json.
 */
class TrafficFilesTest {

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  // Route 53 ChangeResourceRecordSets: ChangeBatch (weighted resource record sets)
  record ChangeBatch(String Comment, List<Change> Changes) {}

  record Change(String Action, RecordSet ResourceRecordSet) {}

  record RecordSet(
      String Name,
      String Type,
      String SetIdentifier,
      int Weight,
      long TTL,
      List<Map<String, String>> ResourceRecords) {}

  // SageMaker CreateEndpointConfig
  record EndpointConfig(
      String EndpointConfigName,
      List<Variant> ProductionVariants,
      List<Map<String, String>> Tags) {}

  record Variant(
      String VariantName,
      String ModelName,
      int InitialInstanceCount,
      String InstanceType,
      double InitialVariantWeight) {}

  // ARM template of a Traffic Manager profile
  record Template(String $schema, String contentVersion, List<Profile> resources) {}

  record Profile(
      String type, String apiVersion, String name, String location, ProfileProps properties) {}

  record ProfileProps(
      String profileStatus,
      String trafficRoutingMethod,
      Map<String, Object> dnsConfig,
      Map<String, Object> monitorConfig,
      List<TmEndpoint> endpoints) {}

  record TmEndpoint(String name, String type, TmEndpointProps properties) {}

  record TmEndpointProps(String target, String endpointStatus, int weight) {}

  static ExportTarget target(
      String name, TargetType type, double capacity, double latency, double cost) {
    return new ExportTarget(
        name,
        type,
        "/x",
        "",
        List.of("int8"),
        name.equals("onprem") ? "triton.acme.internal" : "",
        capacity,
        latency,
        cost,
        new ExportTarget.SageMaker("us-east-1", "ml.m5.large", 2, ""),
        new ExportTarget.AzureMl("Standard_DS3_v2", 1, "", ""),
        "lepton.export.targets[" + name + "]");
  }

  private static <T> T parse(Object body, Class<T> type) throws Exception {
    return STRICT.readValue(LayoutFiles.JSON.writeValueAsString(body), type);
  }

  @Test
  void everyTrafficFileParsesAsItsRequestBodySumsExactlyAndFollowsRoutingJson() throws Exception {
    List<ExportTarget> targets =
        List.of(
            target("aws-a", TargetType.SAGEMAKER, 3, 50, 1.2),
            target("aws-b", TargetType.SAGEMAKER, 1, 100, 1),
            target("azure", TargetType.AZUREML, 2, 80, 0.9),
            target("onprem", TargetType.TRITON, 1, 120, 2),
            target("spare", TargetType.LOCAL, 0, 100, 1));
    List<ExportResult.Route> routes = Routing.weights(targets);
    assertThat(routes).extracting(ExportResult.Route::percent).containsExactly(54, 11, 30, 5, 0);
    TrafficFiles traffic =
        new TrafficFiles(
            "churn", "7", new ExportConfig.Traffic("churn.acme.com", 30), targets, routes);

    Map<String, Object> files = traffic.files();

    assertThat(files.keySet())
        .containsExactly(
            "azureml-endpoint-churn.yml",
            "route53-change-batch.json",
            "sagemaker-endpoint-config.json",
            "traffic-manager.json");

    EndpointConfig sm = parse(files.get("sagemaker-endpoint-config.json"), EndpointConfig.class);
    assertThat(sm.EndpointConfigName()).isEqualTo("churn-7-weighted");
    assertThat(sm.ProductionVariants())
        .extracting(Variant::VariantName, Variant::InitialVariantWeight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aws-a", 83.0),
            org.assertj.core.groups.Tuple.tuple("aws-b", 17.0));
    assertThat(sm.ProductionVariants()).allMatch(v -> v.ModelName().equals("churn-7"));

    assertThat(files.get("azureml-endpoint-churn.yml"))
        .isEqualTo(
            "$schema: \"https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\"\n"
                + "name: \"churn\"\nauth_mode: \"key\"\ntraffic:\n  v-7: 100\n");
    JsonNode endpoint =
        new ObjectMapper(new YAMLFactory())
            .readTree((String) files.get("azureml-endpoint-churn.yml"));
    assertThat(endpoint.get("name").asText()).isEqualTo("churn");
    assertThat(endpoint.at("/traffic/v-7").isInt()).isTrue();
    assertThat(endpoint.at("/traffic/v-7").asInt()).isEqualTo(100);

    ChangeBatch batch = parse(files.get("route53-change-batch.json"), ChangeBatch.class);
    assertThat(batch.Changes()).allMatch(c -> c.Action().equals("UPSERT"));
    List<RecordSet> sets = batch.Changes().stream().map(Change::ResourceRecordSet).toList();
    assertThat(sets)
        .extracting(RecordSet::SetIdentifier, RecordSet::Weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sagemaker-churn", 54 + 11),
            org.assertj.core.groups.Tuple.tuple("azureml-churn", 30),
            org.assertj.core.groups.Tuple.tuple("onprem", 5),
            org.assertj.core.groups.Tuple.tuple("spare", 0));
    assertThat(sets.stream().mapToInt(RecordSet::Weight).sum()).isEqualTo(100);
    assertThat(sets).allMatch(r -> r.Weight() >= 0 && r.Weight() <= 255);
    assertThat(sets)
        .allMatch(
            r -> r.Name().equals("churn.acme.com") && r.TTL() == 30 && r.Type().equals("CNAME"));
    assertThat(sets.get(2).ResourceRecords())
        .containsExactly(Map.of("Value", "triton.acme.internal"));

    Template tm = parse(files.get("traffic-manager.json"), Template.class);
    Profile profile = tm.resources().get(0);
    assertThat(profile.type()).isEqualTo("Microsoft.Network/trafficManagerProfiles");
    assertThat(profile.properties().trafficRoutingMethod()).isEqualTo("Weighted");
    List<TmEndpoint> eps = profile.properties().endpoints();
    assertThat(eps).allMatch(e -> e.properties().weight() >= 1 && e.properties().weight() <= 1000);
    assertThat(
            eps.stream()
                .filter(e -> e.properties().endpointStatus().equals("Enabled"))
                .mapToInt(e -> e.properties().weight())
                .sum())
        .isEqualTo(100);
    assertThat(eps.get(3).name()).isEqualTo("spare");
    assertThat(eps.get(3).properties().endpointStatus()).isEqualTo("Disabled");
    assertThat(eps.get(0).properties().weight()).isEqualTo(65);

    assertThat(traffic.notes())
        .anyMatch(n -> n.contains("set lepton.export.targets[aws-a].hostname"))
        .noneMatch(n -> n.contains("onprem"))
        .noneMatch(n -> n.contains("traffic.dns-name"));
  }

  @Test
  void sharesStayExactWhenEveryTargetRoundsUnevenly() {
    for (int n = 2; n <= 9; n++) {
      double[] raw = new double[n];
      for (int i = 0; i < n; i++) {
        raw[i] = 1.0 / (i + 1.7);
      }
      for (int total : new int[] {100, 255, 1000}) {
        int[] shares = Routing.largestRemainder(raw, total);
        assertThat(java.util.Arrays.stream(shares).sum()).isEqualTo(total);
        for (int i = 0; i < n; i++) {
          double exact = total * raw[i] / java.util.Arrays.stream(raw).sum();
          assertThat((double) shares[i]).isBetween(Math.floor(exact), Math.ceil(exact));
        }
      }
    }
  }

  @Test
  void targetsThatAreAllStandbysAreRefused() {
    assertThatThrownBy(
            () ->
                ExportConfig.from(
                    LeptonConfig.parse(
                        "lepton.export { model = m, targets = ["
                            + " { name = a, type = local, uri = a, capacity = 0 },"
                            + " { name = b, type = local, uri = b, capacity = 0 } ] }")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has capacity 0, so no target would get traffic");
  }
}

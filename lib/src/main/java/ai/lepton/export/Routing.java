package ai.lepton.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic weights across targets for a load balancer or weighted DNS: each target's weight is
 * proportional to {@code capacity / (latency-ms × cost-per-hour)}, normalized to sum to 1; {@code
 * percent} are the same weights as whole numbers summing to 100 (largest remainder).
 */
final class Routing {

  /** The rule in words, written into {@code routing.json}. */
  static final String RULE =
      "weight = capacity / (latency-ms * cost-per-hour), normalized to sum to 1;"
          + " percent: the weights as whole percents summing to 100 (largest remainder)";

  private Routing() {}

  /** The weights of {@code targets}, in their order. */
  static List<ExportResult.Route> weights(List<ExportTarget> targets) {
    double[] raw = new double[targets.size()];
    double sum = 0;
    for (int i = 0; i < raw.length; i++) {
      ExportTarget t = targets.get(i);
      raw[i] = t.capacity() / (t.latencyMs() * t.costPerHour());
      sum += raw[i];
    }
    int[] percent = largestRemainder(raw, 100);
    List<ExportResult.Route> out = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      out.add(
          new ExportResult.Route(
              targets.get(i).name(), Math.round(raw[i] / sum * 1e6) / 1e6, percent[i]));
    }
    return out;
  }

  /**
   * {@code raw} (non-negative, not all 0) as whole numbers summing to exactly {@code total}: each
   * share's floor, then one more to the largest remainders (ties: the earlier).
   */
  static int[] largestRemainder(double[] raw, int total) {
    double sum = 0;
    for (double r : raw) {
      sum += r;
    }
    int[] out = new int[raw.length];
    double[] remainder = new double[raw.length];
    int given = 0;
    for (int i = 0; i < raw.length; i++) {
      double exact = total * raw[i] / sum;
      out[i] = (int) Math.floor(exact);
      remainder[i] = exact - out[i];
      given += out[i];
    }
    for (; given < total; given++) {
      int best = 0;
      for (int i = 1; i < raw.length; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      out[best]++;
      remainder[best] = -1;
    }
    return out;
  }

  /** The content of {@code routing.json}. */
  static Map<String, Object> document(
      String name,
      String version,
      List<ExportTarget> targets,
      List<ExportResult.Route> routes,
      List<ExportResult.Target> published) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      ExportTarget t = targets.get(i);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", t.name());
      e.put("type", t.type().id());
      e.put("uri", published.get(i).uri());
      e.put("capacity", t.capacity());
      e.put("latencyMs", t.latencyMs());
      e.put("costPerHour", t.costPerHour());
      e.put("weight", routes.get(i).weight());
      e.put("percent", routes.get(i).percent());
      entries.add(e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", name);
    doc.put("version", version);
    doc.put("rule", RULE);
    doc.put("targets", entries);
    return doc;
  }
}

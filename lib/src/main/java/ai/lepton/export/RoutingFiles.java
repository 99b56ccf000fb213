package ai.lepton.export;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * With several targets: {@code routing.json} (the traffic weights) and the traffic files (load
 * balancer and DNS examples) in every target's model folder, each written only when it changed.
 */
final class RoutingFiles {

  /** The weights written, and what the user must still do with the traffic files. */
  record Written(List<ExportResult.Route> routes, List<String> notes) {}

  private RoutingFiles() {}

  static Written write(
      Publisher publisher,
      String name,
      String version,
      ExportConfig cfg,
      List<ExportResult.Target> published) {
    List<ExportResult.Route> routes = Routing.weights(cfg.targets());
    String doc =
        LayoutFiles.json(
            Routing.document(name, version, cfg.targets(), routes, published), Publisher.ROUTING);
    TrafficFiles traffic = new TrafficFiles(name, version, cfg.traffic(), cfg.targets(), routes);
    Map<String, String> files = new TreeMap<>();
    traffic
        .files()
        .forEach(
            (file, content) ->
                files.put(
                    TrafficFiles.FOLDER + file,
                    content instanceof String text ? text : LayoutFiles.json(content, file)));
    for (ExportTarget t : cfg.targets()) {
      String folder = Publisher.modelFolder(t, name);
      files.forEach((file, text) -> publisher.writeIfChanged(folder + file, text));
      publisher.writeIfChanged(folder + Publisher.ROUTING, doc);
    }
    return new Written(routes, traffic.notes());
  }
}

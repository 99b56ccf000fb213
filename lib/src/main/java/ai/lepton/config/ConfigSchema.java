package ai.lepton.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The valid keys under {@code lepton.}: every path of {@code reference.conf}, plus the maps whose
 * keys are the user's own and the element keys of lists of objects, which a default cannot show.
 */
final class ConfigSchema {

  /** Objects whose keys the user chooses (Spark settings, reader options, tolerances). */
  static final Set<String> OPEN_MAPS =
      Set.of(
          "lepton.spark.conf",
          "lepton.reconcile.tolerance",
          "lepton.reconcile.tolerance-by-type",
          "lepton.reconcile.sources[].options",
          "lepton.reconcile.sources[].columns",
          "lepton.reconcile.sources[].transform",
          "lepton.plan.data-regions",
          "lepton.plan.gpu.relative-speed");

  /**
   * Objects whose keys the user chooses but whose values all have the same keys, checked against a
   * template in {@code reference.conf}: each {@code lepton.stores.<name>} against {@code
   * lepton.store-defaults}.
   */
  static final Map<String, String> TEMPLATED_MAPS =
      Map.of("lepton.stores", "lepton.store-defaults");

  /**
   * Lists of objects whose elements all have the keys of a template in {@code reference.conf}: each
   * {@code lepton.export.targets[i]} against {@code lepton.export.target-defaults}.
   */
  static final Map<String, String> TEMPLATED_LISTS =
      Map.of("lepton.export.targets", "lepton.export.target-defaults");

  /** Keys allowed in each element of a list of objects. */
  static final Map<String, Set<String>> LIST_ELEMENT_KEYS =
      Map.of(
          "lepton.reconcile.sources",
          Set.of("name", "uri", "format", "options", "schema", "columns", "transform"),
          "lepton.plan.sources",
          Set.of("name", "uri", "cloud", "region", "size-gb"));

  private ConfigSchema() {}

  /** Throws a {@link ConfigException} naming every unknown key and the nearest valid one. */
  static void validate(Config resolved) {
    Config reference = ConfigFactory.defaultReference(ConfigSchema.class.getClassLoader());
    if (!resolved.hasPath("lepton")) {
      return;
    }
    Set<String> valid = validPaths(reference);
    List<String> problems = new ArrayList<>();
    walk("lepton", resolved.getValue("lepton"), reference, problems, valid);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
  }

  /** Every valid path, with list elements written as {@code path[].key}. */
  static Set<String> validPaths(Config reference) {
    Set<String> paths = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.getConfig("lepton").entrySet()) {
      paths.add("lepton." + e.getKey());
    }
    paths.addAll(OPEN_MAPS);
    paths.addAll(TEMPLATED_MAPS.keySet());
    LIST_ELEMENT_KEYS.forEach((list, keys) -> keys.forEach(k -> paths.add(list + "[]." + k)));
    return paths;
  }

  private static void walk(
      String path, ConfigValue value, Config reference, List<String> problems, Set<String> valid) {
    if (TEMPLATED_MAPS.containsKey(path)) {
      walkTemplated(path, value, reference, problems);
      return;
    }
    if (OPEN_MAPS.contains(path)) {
      return;
    }
    if (value.valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
        String child = path + "." + quoteIfNeeded(e.getKey());
        if (!isKnown(child, reference)) {
          problems.add(unknownKey(child, e.getValue(), valid));
        } else {
          walk(child, e.getValue(), reference, problems, valid);
        }
      }
    } else if (value.valueType() == ConfigValueType.LIST && TEMPLATED_LISTS.containsKey(path)) {
      walkTemplatedElements(path, (ConfigList) value, reference, problems);
    } else if (value.valueType() == ConfigValueType.LIST && LIST_ELEMENT_KEYS.containsKey(path)) {
      walkElements(path, (ConfigList) value, reference, problems, valid);
    }
  }

  /** Checks each entry of a templated map, e.g. every store, against the template's keys. */
  private static void walkTemplated(
      String path, ConfigValue value, Config reference, List<String> problems) {
    String template = TEMPLATED_MAPS.get(path);
    if (value.valueType() != ConfigValueType.OBJECT) {
      problems.add("Config key " + path + " must be an object of named entries.");
      return;
    }
    for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
      String entry = path + "." + quoteIfNeeded(e.getKey());
      if (e.getValue().valueType() != ConfigValueType.OBJECT) {
        problems.add(
            "Config key "
                + entry
                + " must be an object with the keys of "
                + template
                + " (see conf/reference.conf).");
        continue;
      }
      walkAgainst(entry, template, (ConfigObject) e.getValue(), reference, problems);
    }
  }

  private static void walkAgainst(
      String path, String template, ConfigObject object, Config reference, List<String> problems) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String key = quoteIfNeeded(e.getKey());
      String shown = path + "." + key;
      String model = template + "." + key;
      if (!hasPath(reference, model)) {
        Set<String> valid = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> t : reference.getConfig(template).entrySet()) {
          valid.add(path + "." + t.getKey());
        }
        problems.add(unknownKey(shown, e.getValue(), valid));
      } else if (e.getValue().valueType() == ConfigValueType.OBJECT
          && reference.getValue(model).valueType() == ConfigValueType.OBJECT) {
        walkAgainst(shown, model, (ConfigObject) e.getValue(), reference, problems);
      }
    }
  }

  /** Checks each element of a templated list, e.g. every export target, against the template. */
  private static void walkTemplatedElements(
      String path, ConfigList list, Config reference, List<String> problems) {
    String template = TEMPLATED_LISTS.get(path);
    for (int i = 0; i < list.size(); i++) {
      ConfigValue element = list.get(i);
      String shown = path + "[" + i + "]";
      if (element.valueType() != ConfigValueType.OBJECT) {
        problems.add(
            "Config key "
                + shown
                + " must be an object with the keys of "
                + template
                + " (see conf/reference.conf).");
        continue;
      }
      walkAgainst(shown, template, (ConfigObject) element, reference, problems);
    }
  }

  private static void walkElements(
      String path, ConfigList list, Config reference, List<String> problems, Set<String> valid) {
    Set<String> allowed = LIST_ELEMENT_KEYS.get(path);
    for (int i = 0; i < list.size(); i++) {
      ConfigValue element = list.get(i);
      if (element.valueType() != ConfigValueType.OBJECT) {
        problems.add(
            "Config key "
                + path
                + "["
                + i
                + "] must be an object with keys "
                + new TreeSet<>(allowed)
                + ", but is a "
                + element.valueType().name().toLowerCase()
                + ".");
        continue;
      }
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) element).entrySet()) {
        String template = path + "[]." + e.getKey();
        if (!allowed.contains(e.getKey())) {
          problems.add(unknownKey(path + "[" + i + "]." + e.getKey(), e.getValue(), valid));
        } else {
          walk(template, e.getValue(), reference, problems, valid);
        }
      }
    }
  }

  private static boolean isKnown(String path, Config reference) {
    return OPEN_MAPS.contains(path)
        || LIST_ELEMENT_KEYS.containsKey(path)
        || hasPath(reference, path);
  }

  private static boolean hasPath(Config reference, String path) {
    try {
      return reference.hasPathOrNull(path);
    } catch (com.typesafe.config.ConfigException e) {
      return false;
    }
  }

  private static String unknownKey(String path, ConfigValue value, Set<String> valid) {
    String origin = value.origin() == null ? "" : value.origin().description();
    String where = origin.isEmpty() ? "" : " (" + origin + ")";
    return "Unknown config key "
        + path
        + where
        + ". Did you mean "
        + nearest(path, valid)
        + "? Every key is listed in conf/reference.conf.";
  }

  /** The valid path closest to {@code path} by edit distance. */
  static String nearest(String path, Set<String> valid) {
    String normalized = path.replaceAll("\\[\\d+]", "[]");
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : valid) {
      int d = EditDistance.between(normalized, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  private static String quoteIfNeeded(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
  }
}

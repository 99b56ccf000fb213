package ai.lepton.reconcile;

import ai.lepton.config.ConfigException;
import ai.lepton.storage.Location;
import ai.lepton.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses reconcile outputs that would be written over a source or over each other: an output equal
 * to, inside or around a source folder, and two outputs at one location or one inside another.
 * Locations are compared as the store sees them: {@code s3://} and {@code s3a://} of one bucket are
 * one place, as are {@code wasb(s)://} and {@code abfs(s)://} of one container and account, and
 * {@code file:} and a plain path; trailing slashes do not count. The state folder may lie inside
 * the golden table in a folder whose name starts with {@code _} (its default), which Delta neither
 * reads nor vacuums.
 */
final class OutputPaths {

  /** One configured location: the key that set it, its value, and where it is. */
  private record Place(String key, String uri, String store, String path) {

    /** The place of {@code uri}, or null when it does not parse (reported where it is used). */
    static Place of(String key, String uri) {
      Location loc;
      try {
        loc = Location.parse(uri);
      } catch (StorageException e) {
        return null;
      }
      String store =
          switch (loc.type()) {
            case LOCAL -> "file";
            case S3 -> "s3:" + loc.bucket();
            case AZURE -> "azure:" + loc.bucket() + "@" + loc.account();
          };
      String path = loc.key().replaceAll("/{2,}", "/").replaceAll("^/+|/+$", "");
      return new Place(key, uri, store, path);
    }

    boolean sameAs(Place other) {
      return store.equals(other.store) && path.equals(other.path);
    }

    /** True when {@code other} lies strictly inside this place. */
    boolean holds(Place other) {
      return store.equals(other.store)
          && !path.equals(other.path)
          && (path.isEmpty() || other.path.startsWith(path + "/"));
    }

    /** The first folder of {@code other} below this place. */
    String firstFolderOf(Place other) {
      String rest = other.path.substring(path.isEmpty() ? 0 : path.length() + 1);
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }

    String shown() {
      return key + " (" + uri + ")";
    }
  }

  private OutputPaths() {}

  /**
   * Where {@code uri} is, as the store sees it ({@code s3://} and {@code s3a://} alike, no trailing
   * slash); the uri itself when it does not parse.
   */
  static String placeOf(String uri) {
    Place p = Place.of("", uri);
    return p == null ? uri : p.store() + "/" + p.path();
  }

  /**
   * Fails with a {@link ConfigException} naming both keys when an output collides with a source or
   * another output; {@code stateKey} names the key the state folder came from.
   */
  static void check(
      List<ReconcileConfig.SourceConfig> sources,
      ReconcileConfig.Output output,
      String prefix,
      String sourcesKey,
      String stateKey) {
    List<Place> tables = new ArrayList<>();
    add(tables, prefix + ".golden", output.golden());
    add(tables, prefix + ".discrepancies", output.discrepancies());
    add(tables, prefix + ".quarantine", output.quarantine());
    for (int i = 0; i < tables.size(); i++) {
      for (int j = i + 1; j < tables.size(); j++) {
        refuseOverlap(tables.get(i), tables.get(j));
      }
    }
    Place state = Place.of(stateKey, output.state());
    if (state != null) {
      for (Place table : tables) {
        boolean allowedInside =
            table.key().endsWith(".golden")
                && table.holds(state)
                && table.firstFolderOf(state).startsWith("_");
        if (!allowedInside) {
          refuseOverlap(table, state);
        }
      }
      tables.add(state);
    }
    for (int i = 0; i < sources.size(); i++) {
      Place source = Place.of(sourcesKey + "[" + i + "].uri", sources.get(i).uri());
      if (source == null) {
        continue;
      }
      for (Place out : tables) {
        refuseOverSource(source, out);
      }
    }
  }

  private static void add(List<Place> places, String key, String uri) {
    Place p = Place.of(key, uri);
    if (p != null) {
      places.add(p);
    }
  }

  private static void refuseOverlap(Place a, Place b) {
    String relation;
    if (a.sameAs(b)) {
      relation = " are the same location";
    } else if (a.holds(b)) {
      relation = ": the second lies inside the first";
    } else if (b.holds(a)) {
      relation = ": the first lies inside the second";
    } else {
      return;
    }
    throw new ConfigException(
        a.shown()
            + " and "
            + b.shown()
            + relation
            + ". Each reconcile output is a Delta table (or state folder) of its own; sharing a"
            + " location mixes their rows and logs. Set "
            + b.key().replace(" (default)", "")
            + " to a folder of its own, beside "
            + a.key()
            + " rather than at or inside it.");
  }

  private static void refuseOverSource(Place source, Place out) {
    String relation;
    if (out.sameAs(source)) {
      relation = " is the same location as ";
    } else if (source.holds(out)) {
      relation = " lies inside the source folder ";
    } else if (out.holds(source)) {
      relation = " holds the source folder ";
    } else {
      return;
    }
    throw new ConfigException(
        out.shown()
            + relation
            + source.shown()
            + ": reconcile would write Delta files where it reads the source, and the next run"
            + " would read them as input. Set "
            + out.key().replace(" (default)", "")
            + " to a folder outside every source.");
  }
}

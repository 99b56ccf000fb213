package ai.lepton.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable copies for the compact constructors of result records: a result never changes once
 * made, and its JSON keeps the order the job put its entries in.
 */
public final class Copies {

  private Copies() {}

  /** An unmodifiable copy of {@code list}, or null when it is null. */
  public static <T> List<T> list(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  /** An unmodifiable copy of {@code map} in its iteration order, or null when it is null. */
  public static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}

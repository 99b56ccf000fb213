package ai.lepton.demo;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The exact outcome a correct reconcile of a {@link DemoDataset} must report, with strings trimmed,
 * {@code email} and {@code country} compared case-insensitively, and duplicates resolved by latest
 * {@code updated_at}. Maps are keyed by source name ({@link DemoDataset#AWS}, {@link
 * DemoDataset#AZURE}) or, for balances, by account id; all are immutable and sorted.
 *
 * <p>Every row is accounted for: per source, {@code rowsRead = quarantined + duplicates +
 * keysIn(source)}, and {@code keys = matched + conflicting + missingIn(aws) + missingIn(azure)}.
 *
 * @param rowsRead data lines per source, header excluded, counting malformed, empty-key and
 *     duplicate rows
 * @param quarantined rows per source that cannot be read (malformed) or have an empty key
 * @param duplicates rows per source that lose dedupe (an older version of a key)
 * @param keys distinct valid keys across both sources
 * @param matched keys present in both sources that agree after normalization
 * @param conflicting keys present in both sources that disagree (balance and updated_at)
 * @param missingIn per source, the number of keys absent from it but present in the other
 * @param normalizedKeys matched keys whose aws row only agrees after trimming and case-folding
 * @param conflictKeys the ids of the conflicting keys
 * @param latestBalance per conflicting key, the balance of the copy with the later updated_at
 * @param awsBalance per conflicting key, the aws balance (what priority [aws, azure] picks)
 */
public record GroundTruth(
    Map<String, Long> rowsRead,
    Map<String, Long> quarantined,
    Map<String, Long> duplicates,
    long keys,
    long matched,
    long conflicting,
    Map<String, Long> missingIn,
    long normalizedKeys,
    Set<String> conflictKeys,
    Map<String, BigDecimal> latestBalance,
    Map<String, BigDecimal> awsBalance) {

  /** Copies every collection into an immutable, sorted one. */
  public GroundTruth {
    rowsRead = sorted(rowsRead);
    quarantined = sorted(quarantined);
    duplicates = sorted(duplicates);
    missingIn = sorted(missingIn);
    conflictKeys = Collections.unmodifiableSortedSet(new TreeSet<>(conflictKeys));
    latestBalance = sorted(latestBalance);
    awsBalance = sorted(awsBalance);
  }

  /** The number of distinct valid keys present in {@code source}. */
  public long keysIn(String source) {
    return keys - missingIn.get(source);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}

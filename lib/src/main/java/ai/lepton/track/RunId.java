package ai.lepton.track;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Run identifiers: sortable by start time, unique across machines ({@code 20261127-120301-a1b2c3}).
 */
final class RunId {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunId() {}

  /** A new run id for a run starting at {@code start}. */
  public static String next(Instant start) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return FORMAT.format(start) + "-" + HexFormat.of().formatHex(suffix);
  }
}

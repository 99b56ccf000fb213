package ai.lepton.demo;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The aws copy's format: RFC 4180 CSV with a header, UTF-8, an empty field for null, and {@code
 * updated_at} as UTC wall time without a zone.
 */
final class CsvFormat {

  static final String HEADER = String.join(",", Account.COLUMNS);

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private CsvFormat() {}

  static String line(Account account) {
    return join(fields(account));
  }

  /** A line with the raw text of one column replaced, e.g. {@code "N/A"} for balance. */
  static String lineWith(Account account, int column, String raw) {
    String[] fields = fields(account);
    fields[column] = raw;
    return join(fields);
  }

  /** Three lines with an unparsable value in a typed column each, one per account given. */
  static List<String> malformedLines(List<Account> accounts) {
    return List.of(
        lineWith(accounts.get(0), Account.BALANCE, "N/A"),
        lineWith(accounts.get(1), Account.OPENED_ON, "not-a-date"),
        lineWith(accounts.get(2), Account.UPDATED_AT, "not-a-timestamp"));
  }

  private static String[] fields(Account account) {
    return new String[] {
      account.id(),
      account.name(),
      account.email(),
      account.country(),
      account.balance().toPlainString(),
      account.openedOn().toString(),
      TIMESTAMP.format(account.updatedAt()),
      account.status()
    };
  }

  private static String join(String[] fields) {
    StringBuilder line = new StringBuilder(128);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quoted(fields[i]));
    }
    return line.toString();
  }

  private static String quoted(String field) {
    boolean needsQuotes =
        !field.isEmpty()
            && (field.strip().length() != field.length()
                || field.indexOf(',') >= 0
                || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0);
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}

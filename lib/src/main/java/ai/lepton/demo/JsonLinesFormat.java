package ai.lepton.demo;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The azure copy's format: one JSON object per line, UTF-8, balance as a number and {@code
 * updated_at} as ISO-8601 with {@code Z}.
 */
final class JsonLinesFormat {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  private JsonLinesFormat() {}

  static String line(Account account) {
    return join(values(account));
  }

  /**
   * Three malformed lines, one per account given: a truncated object, balance as a non-numeric
   * string, and opened_on that is not a date.
   */
  static List<String> malformedLines(List<Account> accounts) {
    String truncated = "{\"id\":" + string(accounts.get(0).id()) + ",\"name\":";
    return List.of(
        truncated,
        lineWith(accounts.get(1), Account.BALANCE, string("abc")),
        lineWith(accounts.get(2), Account.OPENED_ON, string("not-a-date")));
  }

  private static String lineWith(Account account, int column, String jsonValue) {
    String[] values = values(account);
    values[column] = jsonValue;
    return join(values);
  }

  private static String[] values(Account account) {
    return new String[] {
      string(account.id()),
      string(account.name()),
      string(account.email()),
      string(account.country()),
      account.balance().toPlainString(),
      string(account.openedOn().toString()),
      string(TIMESTAMP.format(account.updatedAt())),
      string(account.status())
    };
  }

  private static String join(String[] values) {
    StringBuilder line = new StringBuilder(160).append('{');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append('"').append(Account.COLUMNS.get(i)).append("\":").append(values[i]);
    }
    return line.append('}').toString();
  }

  private static String string(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}

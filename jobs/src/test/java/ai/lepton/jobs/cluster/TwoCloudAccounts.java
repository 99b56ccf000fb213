package ai.lepton.jobs.cluster;

import ai.lepton.storage.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small accounts table in two "clouds", each copy split over two files: {@code aws} as CSV with a
 * header, {@code azure} as JSON lines. Keys {@code k01}..{@code k20} are in both and agree except
 * for three conflicts ({@link #AZURE_K03} newer, {@link #AWS_K07} newer, {@link #AZURE_K05} at the
 * same time as aws); {@code k21} is only in aws, {@code k22} only in azure; azure also holds an
 * older duplicate of {@code k10} ({@link #AZURE_K10_OLD}); each copy has one malformed line.
 */
final class TwoCloudAccounts {

  static final String SCHEMA =
      "id STRING, name STRING, balance DECIMAL(12,2), updated_at TIMESTAMP";
  static final String MALFORMED_CSV = "k23,Bad Balance,not-a-number,2024-01-23T10:00:00Z";

  /** The malformed CSV line's values as quarantine keeps them: each field's text, as JSON. */
  static final String MALFORMED_CSV_VALUES =
      "{\"id\":\"k23\",\"name\":\"Bad Balance\",\"balance\":\"not-a-number\","
          + "\"updated_at\":\"2024-01-23T10:00:00Z\"}";

  static final String MALFORMED_JSON = "{\"id\": \"k24\", \"name\": \"Broken\"";

  static final Account AZURE_K03 =
      new Account("k03", "Customer 3", "333.33", "2024-02-01T10:00:00Z");
  static final Account AZURE_K05 =
      new Account("k05", "Customer 5", "505.05", "2024-01-05T10:00:00Z");
  static final Account AWS_K07 =
      new Account("k07", "Grace Hopper", "700.07", "2024-03-01T09:30:00Z");
  static final Account AZURE_K10_OLD =
      new Account("k10", "Customer 10", "1.00", "2023-12-01T00:00:00Z");

  /**
   * Where the files, the config and the outputs are: the aws copy and every output on S3 ({@code
   * s3}, an s3a:// prefix), the azure copy on Azure Blob ({@code wasb}, a wasb:// prefix), the
   * config and the report on the driver's disk ({@code local}).
   */
  record Layout(String s3, String wasb, Path local) {
    String aws() {
      return s3 + "in/aws/";
    }

    String azure() {
      return wasb + "in/azure/";
    }

    String golden() {
      return s3 + "out/golden";
    }

    String discrepancies() {
      return s3 + "out/discrepancies";
    }

    String quarantine() {
      return s3 + "out/quarantine";
    }

    String runs() {
      return s3 + "runs";
    }

    Path config() {
      return local.resolve("reconcile.conf");
    }

    Path report() {
      return local.resolve("report.json");
    }
  }

  /** One account row as written to a file. */
  record Account(String id, String name, String balance, String updatedAt) {
    String csv() {
      return String.join(",", id, name, balance, updatedAt);
    }

    String json() {
      return String.format(
          "{\"id\": \"%s\", \"name\": \"%s\", \"balance\": %s, \"updated_at\": \"%s\"}",
          id, name, balance, updatedAt);
    }
  }

  private TwoCloudAccounts() {}

  /** Account {@code i} as both copies hold it unless they disagree: k03 is 300.03 on 2024-01-03. */
  static Account base(int i) {
    return new Account(
        String.format("k%02d", i),
        "Customer " + i,
        String.format("%d.%02d", 100 * i, i),
        String.format("2024-01-%02dT10:00:00Z", i));
  }

  /**
   * Writes both copies to the stores of {@code layout} and a reconcile config (stores from {@code
   * storesConfig}, runs table on S3) to its local folder.
   */
  static Layout write(Layout layout, ObjectStores stores, String storesConfig) {
    List<String> aws0 = csv(range(1, 11));
    List<String> aws1 = csv(range(12, 16));
    aws1.add(MALFORMED_CSV);
    aws1.addAll(csv(range(17, 21)).subList(1, 6));
    List<String> azure0 = json(range(1, 10));
    azure0.add(AZURE_K10_OLD.json());
    List<String> azure1 = json(range(11, 15));
    azure1.add(MALFORMED_JSON);
    azure1.addAll(json(range(16, 20)));
    azure1.add(base(22).json());
    replace(azure0, AZURE_K03);
    replace(azure0, AZURE_K05);
    replaceCsv(aws0, AWS_K07);
    put(stores, layout.aws() + "part-0.csv", aws0);
    put(stores, layout.aws() + "part-1.csv", aws1);
    put(stores, layout.azure() + "part-0.json", azure0);
    put(stores, layout.azure() + "part-1.json", azure1);
    writeLines(layout.config(), List.of(storesConfig, config(layout)));
    return layout;
  }

  private static String config(Layout l) {
    return String.join(
        "\n",
        "lepton.reconcile {",
        "  key = [\"id\"]",
        "  schema = \"" + SCHEMA + "\"",
        "  sources = [",
        "    { name = \"aws\", uri = \""
            + l.aws()
            + "\", format = \"csv\", options { header = \"true\" } }",
        "    { name = \"azure\", uri = \"" + l.azure() + "\", format = \"json\" }",
        "  ]",
        "  output {",
        "    golden = \"" + l.golden() + "\"",
        "    discrepancies = \"" + l.discrepancies() + "\"",
        "    quarantine = \"" + l.quarantine() + "\"",
        "  }",
        "}",
        "lepton.track.runs = \"" + l.runs() + "\"");
  }

  private static void put(ObjectStores stores, String uri, List<String> lines) {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    stores.forUri(uri).write(uri, new ByteArrayInputStream(bytes));
  }

  private static List<Account> range(int from, int to) {
    List<Account> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(base(i));
    }
    return out;
  }

  private static List<String> csv(List<Account> accounts) {
    List<String> lines = new ArrayList<>();
    lines.add("id,name,balance,updated_at");
    accounts.forEach(a -> lines.add(a.csv()));
    return lines;
  }

  private static List<String> json(List<Account> accounts) {
    List<String> lines = new ArrayList<>();
    accounts.forEach(a -> lines.add(a.json()));
    return lines;
  }

  private static void replace(List<String> jsonLines, Account account) {
    jsonLines.replaceAll(l -> l.contains("\"" + account.id() + "\"") ? account.json() : l);
  }

  private static void replaceCsv(List<String> csvLines, Account account) {
    csvLines.replaceAll(l -> l.startsWith(account.id() + ",") ? account.csv() : l);
  }

  private static void writeLines(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package ai.lepton.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A deliberately simple, independent reconcile of the generated files (no Spark), used to check
 * that {@link GroundTruth} is exact: parse, quarantine bad and keyless rows, dedupe by latest
 * updated_at, normalize, compare.
 */
final class NaiveReconcile {

  /** A parsed row, normalized unless said otherwise. */
  record Row(
      String id,
      String name,
      String email,
      String country,
      BigDecimal balance,
      LocalDate openedOn,
      Instant updatedAt,
      String status) {

    Row normalized() {
      return new Row(
          id.strip(),
          name.strip(),
          email.strip().toLowerCase(Locale.ROOT),
          country.strip().toLowerCase(Locale.ROOT),
          balance,
          openedOn,
          updatedAt,
          status.strip());
    }

    Row withoutBalanceAndUpdatedAt() {
      return new Row(id, name, email, country, null, openedOn, null, status);
    }
  }

  /** What one source holds after reading and dedupe. */
  record Source(long rowsRead, long quarantined, long duplicates, Map<String, Row> rawByKey) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final DateTimeFormatter CSV_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private NaiveReconcile() {}

  static GroundTruth reconcile(DemoDataset dataset) {
    Source aws = readCsv(dataset.awsPath());
    Source azure = readJson(dataset.azurePath());
    Set<String> keys = new HashSet<>(aws.rawByKey().keySet());
    keys.addAll(azure.rawByKey().keySet());
    long matched = 0;
    long normalized = 0;
    Map<String, BigDecimal> latest = new TreeMap<>();
    Map<String, BigDecimal> awsBalance = new TreeMap<>();
    for (String key : keys) {
      Row a = aws.rawByKey().get(key);
      Row z = azure.rawByKey().get(key);
      if (a == null || z == null) {
        continue;
      }
      if (a.normalized().equals(z.normalized())) {
        matched++;
        normalized += a.equals(z) ? 0 : 1;
      } else {
        latest.put(key, (a.updatedAt().isAfter(z.updatedAt()) ? a : z).balance());
        awsBalance.put(key, a.balance());
      }
    }
    long awsOnly = keys.stream().filter(k -> !azure.rawByKey().containsKey(k)).count();
    long azureOnly = keys.stream().filter(k -> !aws.rawByKey().containsKey(k)).count();
    return new GroundTruth(
        Map.of("aws", aws.rowsRead(), "azure", azure.rowsRead()),
        Map.of("aws", aws.quarantined(), "azure", azure.quarantined()),
        Map.of("aws", aws.duplicates(), "azure", azure.duplicates()),
        keys.size(),
        matched,
        latest.size(),
        Map.of("aws", azureOnly, "azure", awsOnly),
        normalized,
        latest.keySet(),
        latest,
        awsBalance);
  }

  static List<String> lines(Path folder, String extension) {
    try (Stream<Path> files = Files.list(folder)) {
      List<String> lines = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(extension)).sorted().toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Source readCsv(Path folder) {
    List<Row> rows = new ArrayList<>();
    long read = 0;
    for (String line : lines(folder, ".csv")) {
      if (line.startsWith("id,")) {
        continue;
      }
      read++;
      try {
        List<String> f = splitCsv(line);
        Instant updatedAt = LocalDateTime.parse(f.get(6), CSV_TIMESTAMP).toInstant(ZoneOffset.UTC);
        rows.add(row(f, updatedAt));
      } catch (RuntimeException malformed) {
        // counted as quarantined below
      }
    }
    return dedupe(read, rows);
  }

  static Source readJson(Path folder) {
    List<Row> rows = new ArrayList<>();
    long read = 0;
    for (String line : lines(folder, ".json")) {
      read++;
      try {
        JsonNode node = JSON.readTree(line);
        if (!node.get("balance").isNumber()) {
          continue;
        }
        List<String> f = new ArrayList<>();
        node.fields().forEachRemaining(e -> f.add(e.getValue().asText()));
        f.set(4, node.get("balance").decimalValue().toPlainString());
        rows.add(row(f, Instant.parse(f.get(6))));
      } catch (IOException | RuntimeException malformed) {
        // counted as quarantined below
      }
    }
    return dedupe(read, rows);
  }

  static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    if (fields.size() != 8) {
      throw new IllegalArgumentException("expected 8 fields: " + line);
    }
    return fields;
  }

  private static Row row(List<String> f, Instant updatedAt) {
    return new Row(
        f.get(0),
        f.get(1),
        f.get(2),
        f.get(3),
        new BigDecimal(f.get(4)).setScale(2),
        LocalDate.parse(f.get(5)),
        updatedAt,
        f.get(7));
  }

  private static Source dedupe(long read, List<Row> valid) {
    Map<String, Row> byKey = new HashMap<>();
    long keyless = 0;
    for (Row row : valid) {
      if (row.id().isBlank()) {
        keyless++;
        continue;
      }
      byKey.merge(row.id(), row, (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
    }
    long duplicates = valid.size() - keyless - byKey.size();
    long quarantined = read - valid.size() + keyless;
    return new Source(read, quarantined, duplicates, byKey);
  }
}

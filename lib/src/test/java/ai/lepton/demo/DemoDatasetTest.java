package ai.lepton.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoDatasetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workdir;

  @Test
  void sameSeedWritesByteIdenticalFiles() throws IOException {
    DemoDataset first = DemoDataset.generate(workdir.resolve("a"), 2000, 42);
    DemoDataset second = DemoDataset.generate(workdir.resolve("b"), 2000, 42);

    assertThat(contents(second)).isEqualTo(contents(first));
    assertThat(second.truth()).isEqualTo(first.truth());
  }

  @Test
  void differentSeedWritesDifferentFilesAndPicksDifferentConflicts() throws IOException {
    DemoDataset first = DemoDataset.generate(workdir.resolve("a"), 2000, 42);
    DemoDataset second = DemoDataset.generate(workdir.resolve("b"), 2000, 43);

    assertThat(contents(second)).isNotEqualTo(contents(first));
    assertThat(second.truth().conflictKeys()).isNotEqualTo(first.truth().conflictKeys());
  }

  @Test
  void writesFourPartsPerCopyInTheDocumentedLayout() {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);

    assertThat(dataset.awsPath()).isEqualTo(workdir.toAbsolutePath().resolve("aws/accounts"));
    assertThat(dataset.azurePath()).isEqualTo(workdir.toAbsolutePath().resolve("azure/accounts"));
    assertThat(dataset.awsPath().toFile().list())
        .containsExactlyInAnyOrder(
            "part-00000.csv", "part-00001.csv", "part-00002.csv", "part-00003.csv");
    assertThat(dataset.azurePath().toFile().list())
        .containsExactlyInAnyOrder(
            "part-00000.json", "part-00001.json", "part-00002.json", "part-00003.json");
    assertThat(dataset.awsUri()).startsWith("file:/").contains("/aws/accounts");
  }

  @Test
  void regeneratingReplacesTheOldCopies() throws IOException {
    Files.createDirectories(workdir.resolve("aws/stale"));
    DemoDataset.generate(workdir, 2000, 42);
    DemoDataset small = DemoDataset.generate(workdir, 100, 7);

    assertThat(workdir.resolve("aws/stale")).doesNotExist();
    assertThat(csvDataLines(small)).hasSize((int) (long) small.truth().rowsRead().get("aws"));
  }

  @Test
  void everyCsvPartStartsWithTheHeader() throws IOException {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);

    for (Path part : parts(dataset.awsPath())) {
      assertThat(Files.readAllLines(part).get(0))
          .isEqualTo("id,name,email,country,balance,opened_on,updated_at,status");
    }
  }

  @Test
  void lineCountsEqualRowsRead() throws IOException {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);

    assertThat((long) csvDataLines(dataset).size())
        .isEqualTo(dataset.truth().rowsRead().get(DemoDataset.AWS));
    assertThat((long) jsonLines(dataset).size())
        .isEqualTo(dataset.truth().rowsRead().get(DemoDataset.AZURE));
  }

  @Test
  void everyJsonLineParsesExceptTheTruncatedOne() throws IOException {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);

    List<String> unparsable = new ArrayList<>();
    for (String line : jsonLines(dataset)) {
      try {
        JSON.readTree(line);
      } catch (IOException e) {
        unparsable.add(line);
      }
    }
    assertThat(unparsable).singleElement().asString().startsWith("{\"id\":\"X0000004\",\"name\":");
  }

  @Test
  void namesMixScriptsAndEmailsStayAscii() throws IOException {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);

    List<JsonNode> rows = new ArrayList<>();
    for (String line : jsonLines(dataset)) {
      if (!line.endsWith(":")) {
        rows.add(JSON.readTree(line));
      }
    }
    String names = rows.stream().map(r -> r.get("name").asText()).reduce("", String::concat);
    assertThat(names.codePoints().mapToObj(Character.UnicodeScript::of).distinct())
        .contains(
            Character.UnicodeScript.LATIN,
            Character.UnicodeScript.CYRILLIC,
            Character.UnicodeScript.GREEK,
            Character.UnicodeScript.HAN,
            Character.UnicodeScript.ARABIC)
        .doesNotContainNull();
    assertThat(names).doesNotContain(",", "\"");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("email").asText()).matches("[ -~]+"));
    assertThat(rows).allSatisfy(r -> assertThat(r.get("country").asText()).matches("[A-Z]{2}"));
  }

  @Test
  void injectsTheDocumentedFractionsOfTwoThousandKeys() {
    GroundTruth truth = DemoDataset.generate(workdir, 2000, 42).truth();

    assertThat(truth.keys()).isEqualTo(2000);
    assertThat(truth.conflicting()).isEqualTo(20);
    assertThat(truth.missingIn()).containsEntry("aws", 10L).containsEntry("azure", 10L);
    assertThat(truth.duplicates()).containsEntry("aws", 4L).containsEntry("azure", 0L);
    assertThat(truth.normalizedKeys()).isEqualTo(40);
    assertThat(truth.quarantined()).containsEntry("aws", 5L).containsEntry("azure", 5L);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 7, 2000})
  void truthAccountsForEveryRowAndKey(long rows) {
    GroundTruth truth = DemoDataset.generate(workdir, rows, 42).truth();

    assertThat(truth.keys())
        .isEqualTo(
            truth.matched()
                + truth.conflicting()
                + truth.missingIn().get("aws")
                + truth.missingIn().get("azure"));
    for (String source : List.of(DemoDataset.AWS, DemoDataset.AZURE)) {
      assertThat(truth.rowsRead().get(source))
          .isEqualTo(
              truth.quarantined().get(source)
                  + truth.duplicates().get(source)
                  + truth.keysIn(source));
    }
    assertThat(truth.conflictKeys())
        .hasSize((int) truth.conflicting())
        .isEqualTo(truth.latestBalance().keySet())
        .isEqualTo(truth.awsBalance().keySet());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 7, 2000})
  void anIndependentReconcileOfTheFilesFindsExactlyTheTruth(long rows) {
    DemoDataset dataset = DemoDataset.generate(workdir, rows, 42);

    assertThat(NaiveReconcile.reconcile(dataset)).isEqualTo(dataset.truth());
  }

  @Test
  void conflictsDifferInBalanceAndUpdateTimeAndLatestBalanceIsTheLaterCopy() {
    DemoDataset dataset = DemoDataset.generate(workdir, 2000, 42);
    Map<String, NaiveReconcile.Row> aws = NaiveReconcile.readCsv(dataset.awsPath()).rawByKey();
    Map<String, NaiveReconcile.Row> azure = NaiveReconcile.readJson(dataset.azurePath()).rawByKey();

    int azureLater = 0;
    for (String key : dataset.truth().conflictKeys()) {
      NaiveReconcile.Row a = aws.get(key);
      NaiveReconcile.Row z = azure.get(key);
      assertThat(a.balance()).isNotEqualByComparingTo(z.balance());
      assertThat(a.updatedAt()).isNotEqualTo(z.updatedAt());
      assertThat(a.withoutBalanceAndUpdatedAt()).isEqualTo(z.withoutBalanceAndUpdatedAt());
      BigDecimal later = a.updatedAt().isAfter(z.updatedAt()) ? a.balance() : z.balance();
      assertThat(dataset.truth().latestBalance().get(key)).isEqualByComparingTo(later);
      assertThat(dataset.truth().awsBalance().get(key)).isEqualByComparingTo(a.balance());
      azureLater += z.updatedAt().isAfter(a.updatedAt()) ? 1 : 0;
    }
    assertThat(azureLater).isEqualTo(10);
  }

  @Test
  void generatesOneHundredThousandRowsWhoseTruthIsExact() {
    DemoDataset dataset = DemoDataset.generate(workdir, 100_000, 42);

    assertThat(dataset.truth().keys()).isEqualTo(100_000);
    assertThat(dataset.truth().conflicting()).isEqualTo(1000);
    assertThat(NaiveReconcile.reconcile(dataset)).isEqualTo(dataset.truth());
  }

  @Test
  void refusesNegativeRowCountsSayingWhatIsAllowed() {
    assertThatThrownBy(() -> DemoDataset.generate(workdir, -1, 42))
        .isInstanceOf(ai.lepton.config.ConfigException.class)
        .hasMessage("Cannot generate -1 demo rows: rows must be between 0 and 20000000");
  }

  @Test
  void theRowsAreTheSameWhateverTheNumberOfPartsAndEachPartHoldsItsKeySlice() throws IOException {
    DemoDataset four = DemoDataset.generate(workdir.resolve("four"), 3000, 42);
    DemoDataset hundred = DemoDataset.generate(workdir.resolve("hundred"), 3000, 42, 100);

    assertThat(parts(hundred.awsPath())).hasSize(100);
    assertThat(sortedRows(hundred.awsPath())).isEqualTo(sortedRows(four.awsPath()));
    assertThat(sortedRows(hundred.azurePath())).isEqualTo(sortedRows(four.azurePath()));
    assertThat(hundred.truth()).isEqualTo(four.truth());
    // Part 1 of 100 holds the keys C0000030..C0000059 (and maybe a stale or bad row): written
    // one slice at a time.
    assertThat(
            Files.readAllLines(parts(hundred.awsPath()).get(1)).stream()
                .skip(1)
                .map(line -> line.split(",", 2)[0])
                .filter(id -> id.startsWith("C"))
                .distinct()
                .sorted()
                .toList())
        .first()
        .isEqualTo("C0000030");
  }

  private static List<String> sortedRows(Path folder) throws IOException {
    List<String> rows = new java.util.ArrayList<>();
    for (Path part : parts(folder)) {
      List<String> lines = Files.readAllLines(part);
      rows.addAll(part.toString().endsWith(".csv") ? lines.subList(1, lines.size()) : lines);
    }
    return rows.stream().sorted().toList();
  }

  private static List<Path> parts(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  private static List<String> contents(DemoDataset dataset) throws IOException {
    List<String> contents = new ArrayList<>();
    for (Path part : parts(dataset.awsPath())) {
      contents.add(HexFormat.of().formatHex(Files.readAllBytes(part)));
    }
    for (Path part : parts(dataset.azurePath())) {
      contents.add(HexFormat.of().formatHex(Files.readAllBytes(part)));
    }
    return contents;
  }

  private static List<String> csvDataLines(DemoDataset dataset) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path part : parts(dataset.awsPath())) {
      List<String> partLines = Files.readAllLines(part);
      lines.addAll(partLines.subList(1, partLines.size()));
    }
    return lines;
  }

  private static List<String> jsonLines(DemoDataset dataset) {
    return NaiveReconcile.lines(dataset.azurePath(), ".json");
  }
}

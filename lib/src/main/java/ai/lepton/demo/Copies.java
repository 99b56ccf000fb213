package ai.lepton.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Collects the lines of the aws (CSV) and azure (JSON lines) copies of one part file at a time, key
 * by key, and, for the whole dataset, what the conflicting keys should resolve to. Rows that belong
 * to no key slice (malformed and empty-key rows) are assigned a random part up front.
 */
final class Copies {

  private final AccountGenerator generator;
  private final List<String> aws = new ArrayList<>();
  private final List<String> awsExtras = new ArrayList<>();
  private final List<String> azure = new ArrayList<>();
  private final List<List<String>> awsExtrasByPart = new ArrayList<>();
  private final List<List<String>> azureExtrasByPart = new ArrayList<>();
  private final Map<String, BigDecimal> latestBalance = new TreeMap<>();
  private final Map<String, BigDecimal> awsBalance = new TreeMap<>();

  Copies(AccountGenerator generator, int parts) {
    this.generator = generator;
    for (int part = 0; part < parts; part++) {
      awsExtrasByPart.add(new ArrayList<>());
      azureExtrasByPart.add(new ArrayList<>());
    }
  }

  /** Adds one key's rows to each copy, altered as {@code injection} says. */
  void add(Account account, Injection injection) {
    switch (injection) {
      case NONE -> both(account, account);
      case NOISE -> both(account.withNoise(generator.noiseVariant()), account);
      case CONFLICT_AZURE_LATER -> conflict(account, generator.conflictingCopy(account, true));
      case CONFLICT_AWS_LATER -> conflict(account, generator.conflictingCopy(account, false));
      case AWS_ONLY -> aws.add(CsvFormat.line(account));
      case AZURE_ONLY -> azure.add(JsonLinesFormat.line(account));
      case DUPLICATE -> {
        both(account, account);
        awsExtras.add(CsvFormat.line(generator.staleCopy(account)));
      }
    }
  }

  /**
   * Adds malformed rows (three accounts per copy) to each copy, besides the keyed rows, each in a
   * part that {@code layout} picks.
   */
  void addMalformed(List<Account> awsAccounts, List<Account> azureAccounts, Random layout) {
    CsvFormat.malformedLines(awsAccounts)
        .forEach(line -> inSomePart(awsExtrasByPart, line, layout));
    JsonLinesFormat.malformedLines(azureAccounts)
        .forEach(line -> inSomePart(azureExtrasByPart, line, layout));
  }

  /** Adds a row whose id is empty to each copy, in parts {@code layout} picks. */
  void addEmptyKey(Account account, Random layout) {
    Account keyless = account.withId("");
    inSomePart(awsExtrasByPart, CsvFormat.line(keyless), layout);
    inSomePart(azureExtrasByPart, JsonLinesFormat.line(keyless), layout);
  }

  /**
   * The aws lines of part {@code part} (the keys added since the last call, in id order, with stale
   * and bad rows at random places); the keyed lines are then forgotten.
   */
  List<String> takeAwsLines(int part, Random random) {
    List<String> extras = new ArrayList<>(awsExtras);
    extras.addAll(awsExtrasByPart.get(part));
    List<String> lines = new ArrayList<>(aws.size() + extras.size());
    lines.addAll(aws);
    for (String extra : extras) {
      lines.add(random.nextInt(lines.size() + 1), extra);
    }
    aws.clear();
    awsExtras.clear();
    return lines;
  }

  /**
   * The azure lines of part {@code part}, in random order as an unordered export would be; the
   * keyed lines are then forgotten.
   */
  List<String> takeAzureLines(int part, Random random) {
    List<String> lines = new ArrayList<>(azure);
    lines.addAll(azureExtrasByPart.get(part));
    Collections.shuffle(lines, random);
    azure.clear();
    return lines;
  }

  Map<String, BigDecimal> latestBalance() {
    return latestBalance;
  }

  Map<String, BigDecimal> awsBalance() {
    return awsBalance;
  }

  private static void inSomePart(List<List<String>> byPart, String line, Random layout) {
    byPart.get(layout.nextInt(byPart.size())).add(line);
  }

  private void both(Account awsCopy, Account azureCopy) {
    aws.add(CsvFormat.line(awsCopy));
    azure.add(JsonLinesFormat.line(azureCopy));
  }

  private void conflict(Account awsCopy, Account azureCopy) {
    both(awsCopy, azureCopy);
    boolean azureLater = azureCopy.updatedAt().isAfter(awsCopy.updatedAt());
    latestBalance.put(awsCopy.id(), (azureLater ? azureCopy : awsCopy).balance());
    awsBalance.put(awsCopy.id(), awsCopy.balance());
  }
}
